"""Work summary pages: preview with every figure linked to its evidence, the narrative of
the reporting period (autosaved, versioned, suggestions to accept), Word/PDF download that
never ships an unwritten part, and the Word templates. Thin over reports.exporting,
reports.drafts and reports.suggestions."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header

from kesu.core.errors import ServiceError
from kesu.indicators.forms import bound_range
from kesu.orgs import access
from kesu.reports import drafts, exporting
from kesu.reports.docx_layout import DEFAULT_TEMPLATE
from kesu.reports.forms import NarrativeForm, SummaryForm, TemplateUploadForm
from kesu.reports.models import SummaryTemplate
from kesu.reports.suggestions import suggest
from kesu.reports.summary import Narrative
from kesu.web.pages import page_named, post_action, submit_form
from kesu.web.views import querystring, web_view

SHOWN = "Y年n月j日 H:i"


def _bound(request: HttpRequest) -> tuple[SummaryForm, dict | None]:
    """The bound form and its cleaned data with `org` as the organisation (or None)."""
    form, org = bound_range(request, SummaryForm, style="exact")
    return form, None if org is None else {**form.cleaned_data, "org": org}


def _query(scope: dict) -> str:
    return querystring(
        {
            "org": scope["org"].code,
            "from": scope["from"].isoformat(),
            "to": scope["to"].isoformat(),
            "style": scope["style"],
        }
    )


def _address(scope: dict, extra: str = "") -> str:
    return f"/reports/summary/?{_query(scope)}{extra}"


def _page(scope: dict, extra: str = "") -> HttpResponse:
    return redirect(_address(scope, extra))


def _range(scope: dict) -> dict:
    return {"org": scope["org"], "start": scope["from"], "end": scope["to"]}


def _period_note(period, draft, latest) -> str:
    """Which draft the page shows: "显示的是2026年度的草稿（第3版），最后保存于…"."""
    if draft is None:
        return f"{period.name}尚无草稿，在下方填写的内容将自动保存为{period.name}的草稿。"
    when = date_format(timezone.localtime(draft.updated_at), SHOWN)
    older = "（较早的版本，编辑后将另存为新版本）" if draft != latest else ""
    return f"显示的是{period.name}的草稿（第{draft.version}版{older}），最后保存于{when}。"


@web_view(access.VIEW, methods=["GET"])
def summary_page(request: HttpRequest) -> HttpResponse:
    form, scope = _bound(request)
    context: dict = {"form": form, "summary": None}
    if scope is None:
        return render(request, "reports/summary.html", context)
    summary, error = None, ""
    try:
        summary, saved, draft = exporting.build(
            user=request.user, style=scope["style"], version=scope.get("version"), **_range(scope)
        )
    except ServiceError as exc:  # the page still shows, with the saved draft and the refusal
        saved = drafts.summary_for(user=request.user, **_range(scope))
        draft, error = drafts.draft_get(saved, scope.get("version")), exc.message
    versions = drafts.draft_list(saved)
    missing, suggested = [], None
    if summary is not None:
        missing = exporting.missing_parts(summary)
        suggested = suggest(user=request.user, **_range(scope))
        summary = exporting.with_suggestions(summary, suggested, marked=True)
    export = request.GET.get("export", "")
    context.update(
        summary=summary,
        error=error,
        draft=draft,
        query=_query(scope),
        versions=versions,
        period_note=_period_note(
            drafts.period_of(saved, scope["from"], scope["to"]),
            draft,
            versions[0] if versions else None,
        ),
        narrative_form=NarrativeForm(
            initial={n: getattr(draft, n, "") for n in drafts.NARRATIVE_FIELDS}
        ),
        suggestions=[
            (part, exporting.PARTS[part], suggested.get(part))
            for part in missing
            if suggested and suggested.get(part)
        ],
        missing=[exporting.PARTS[p] for p in missing],
        missing_parts=missing,
        export=export if export in exporting.MIME and missing else "",
        can_change=access.can(request.user, access.CHANGE),
        scope=scope,
    )
    return render(request, "reports/summary.html", context)


def _narrative(request: HttpRequest) -> tuple[dict, Narrative, str]:
    form, scope = _bound(request)
    narrative_form = NarrativeForm(request.POST)
    if scope is None or not narrative_form.is_valid():
        raise Http404()
    data = narrative_form.cleaned_data
    return scope, Narrative(**{n: data[n] for n in drafts.NARRATIVE_FIELDS}), data["note"]


@web_view(access.CHANGE, methods=["POST"])
def summary_save(request: HttpRequest) -> HttpResponse:
    scope, narrative, note = _narrative(request)
    draft = drafts.draft_save(
        actor=request.user, style=scope["style"], note=note, narrative=narrative, **_range(scope)
    )
    messages.success(request, f"已保存为第{draft.version}版草稿")
    return _page(scope)


@web_view(access.CHANGE, methods=["POST"])
def summary_autosave(request: HttpRequest) -> HttpResponse:
    """The narrative typed so far, saved without reloading the page (JSON answer)."""
    try:
        scope, narrative, _note = _narrative(request)
        base = request.POST.get("base", "")
        draft = drafts.draft_save(
            actor=request.user,
            style=scope["style"],
            autosave=True,
            base=int(base) if base.isdigit() else None,
            narrative=narrative,
            **_range(scope),
        )
    except ServiceError as exc:  # asked by the page's script: the refusal answered as JSON
        return JsonResponse({"message": exc.message, "errors": exc.errors}, status=exc.status)
    except Http404:  # outside the user's scope, or no valid range: nothing is saved
        return JsonResponse({"message": "组织或日期范围无效，未能保存"}, status=404)
    period = drafts.period_of(draft.summary, scope["from"], scope["to"])
    saved_at = date_format(timezone.localtime(draft.updated_at), "H:i")
    return JsonResponse(
        {
            "version": draft.version,
            "period": period.name,
            "status": f"已自动保存 {saved_at}（{period.name}第{draft.version}版）",
        }
    )


@web_view(access.CHANGE, methods=["POST"])
def summary_accept(request: HttpRequest) -> HttpResponse:
    """Write the suggested text into the empty parts named in `part`, then go on to the
    download named in `next` (or back to the page)."""
    _form, scope = _bound(request)
    if scope is None:
        raise Http404()
    saved = drafts.summary_for(user=request.user, **_range(scope))
    current = drafts.narrative_of(drafts.draft_get(saved))
    found = suggest(user=request.user, **_range(scope))
    parts = [p for p in request.POST.getlist("part") if p in exporting.PARTS]
    accepted = {p: found.get(p) for p in parts if found.get(p) and not getattr(current, p).strip()}
    if accepted:
        drafts.draft_save(
            actor=request.user,
            style=scope["style"],
            note="采用系统建议",
            narrative=replace(current, **accepted),
            **_range(scope),
        )
        messages.success(request, "已采用建议：" + "、".join(exporting.PARTS[p] for p in accepted))
    fmt = request.POST.get("next", "")
    if fmt in exporting.MIME:
        return redirect(f"/reports/summary/{fmt}/?{_query(scope)}")
    return _page(scope)


@web_view(access.CHANGE, methods=["POST"])
def summary_restore(request: HttpRequest) -> HttpResponse:
    _form, scope = _bound(request)
    saved = drafts.summary_for(user=request.user, **_range(scope)) if scope else None
    if saved is None or not request.POST.get("version", "").isdigit():
        raise Http404()
    return post_action(
        request,
        lambda: drafts.draft_restore(
            actor=request.user, summary=saved, version=int(request.POST["version"])
        ),
        success=lambda draft: f"已恢复，当前为第{draft.version}版草稿",
        to=_address(scope),
    )


@web_view(access.VIEW, methods=["GET"])
def summary_download(request: HttpRequest, fmt: str) -> HttpResponse:
    form, scope = _bound(request)
    if scope is None or fmt not in exporting.MIME:
        raise Http404()
    try:
        made = exporting.summary_export(
            user=request.user,
            style=scope["style"],
            fmt=fmt,
            version=scope.get("version"),
            **_range(scope),
        )
    # A download, not a page: a refusal goes back to the summary page as a message (a missing
    # narrative to its export panel).
    except exporting.NarrativeMissing as exc:
        messages.error(request, exc.message)
        return _page(scope, f"&export={fmt}#export")
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _page(scope)
    response = HttpResponse(made.content, content_type=made.mime)
    response["Content-Disposition"] = content_disposition_header(True, made.filename)
    return response


@web_view(access.VIEW, methods=["GET", "POST"])
def templates_page(request: HttpRequest) -> HttpResponse:
    org = request.user.org
    form = TemplateUploadForm()
    if request.method == "POST":
        access.require(request.user, access.CHANGE)
        form = TemplateUploadForm(request.POST, request.FILES)
        done = org is not None and submit_form(
            request,
            form,
            lambda: drafts.template_upload(
                actor=request.user,
                org=org,
                name=form.cleaned_data["name"],
                filename=form.cleaned_data["file"].name,
                data=form.cleaned_data["file"].read(),
            ),
            success="模板已上传，本单位及下级生成总结时将使用该模板",
            to=page_named("reports:templates"),
        )
        if done:
            return done
    visible = access.restrict(SummaryTemplate.objects.select_related("org"), request.user)
    context = {
        "form": form,
        "templates": visible.order_by("-uploaded_at")[:50],
        "current": drafts.template_for(org) if org is not None else None,
        "can_change": access.can(request.user, access.CHANGE),
    }
    return render(request, "reports/templates.html", context)


@web_view(access.VIEW, methods=["GET"])
def template_download(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        data, name = DEFAULT_TEMPLATE.read_bytes(), "工作总结默认模板.docx"
    else:
        template = SummaryTemplate.objects.select_related("org").filter(pk=pk).first()
        org = request.user.org
        # Visible: templates of the user's subtree, and those uploaded above that apply to it.
        applies = (
            template is not None and org is not None and org.path.startswith(template.org.path)
        )
        if template is None or not (
            applies or access.restrict(SummaryTemplate.objects.filter(pk=pk), request.user)
        ):
            raise access.NotFound()
        with template.file.open("rb") as fh:
            data, name = fh.read(), f"{template.name}.docx"
    response = HttpResponse(data, content_type=exporting.DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
