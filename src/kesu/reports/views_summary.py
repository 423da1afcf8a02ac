"""Work summary pages: preview with every figure linked to its evidence, the narrative
draft (versions), Word/PDF download, and the Word templates. Thin over reports.summary
and reports.drafts."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from kesu.indicators.forms import bound_range
from kesu.orgs import access
from kesu.reports import drafts
from kesu.reports.forms import NarrativeForm, SummaryForm, TemplateUploadForm
from kesu.reports.models import SummaryTemplate
from kesu.reports.summary import MissingFigure, Narrative, build_summary
from kesu.reports.summary_docx import DEFAULT_TEMPLATE
from kesu.reports.summary_pdf import render_pdf
from kesu.web.views import apply_errors, querystring, web_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bound(request: HttpRequest) -> tuple[SummaryForm, dict | None]:
    """The bound form and its cleaned data with `org` as the organisation (or None)."""
    form, org = bound_range(request, SummaryForm, style="exact")
    return form, None if org is None else {**form.cleaned_data, "org": org}


def _query(scope: dict) -> str:
    return querystring({"org": scope["org"].code, "from": scope["from"].isoformat(),
                        "to": scope["to"].isoformat(), "style": scope["style"]})  # fmt: skip


def _build(request: HttpRequest, scope: dict):
    """(summary or None, the draft used, the error text of a missing figure)."""
    saved = drafts.summary_for(user=request.user, org=scope["org"], start=scope["from"],
                               end=scope["to"])  # fmt: skip
    draft = drafts.draft_get(saved, scope.get("version"))
    try:
        summary = build_summary(
            user=request.user, org=scope["org"], start=scope["from"], end=scope["to"],
            style=scope["style"], narrative=drafts.narrative_of(draft),
        )  # fmt: skip
    except MissingFigure as exc:
        return None, saved, draft, str(exc)
    return summary, saved, draft, ""


@web_view(access.VIEW, methods=["GET"])
def summary_page(request: HttpRequest) -> HttpResponse:
    form, scope = _bound(request)
    context: dict = {"form": form, "summary": None}
    if scope is not None:
        summary, saved, draft, error = _build(request, scope)
        initial = {name: getattr(draft, name, "") for name in drafts.NARRATIVE_FIELDS}
        context.update(
            summary=summary, error=error, draft=draft, query=_query(scope),
            versions=list(saved.drafts.all()) if saved else [],
            narrative_form=NarrativeForm(initial=initial),
            can_change=access.can(request.user, access.CHANGE), scope=scope,
        )  # fmt: skip
    return render(request, "reports/summary.html", context)


@web_view(access.CHANGE, methods=["POST"])
def summary_save(request: HttpRequest) -> HttpResponse:
    form, scope = _bound(request)
    narrative_form = NarrativeForm(request.POST)
    if scope is None or not narrative_form.is_valid():
        raise Http404()
    data = narrative_form.cleaned_data
    draft = drafts.draft_save(
        actor=request.user, org=scope["org"], start=scope["from"], end=scope["to"],
        style=scope["style"], note=data["note"],
        narrative=Narrative(**{n: data[n] for n in drafts.NARRATIVE_FIELDS}),
    )  # fmt: skip
    messages.success(request, f"已保存为第{draft.version}版草稿")
    return redirect(f"/reports/summary/?{_query(scope)}")


@web_view(access.VIEW, methods=["GET"])
def summary_download(request: HttpRequest, fmt: str) -> HttpResponse:
    form, scope = _bound(request)
    if scope is None or fmt not in ("docx", "pdf"):
        raise Http404()
    summary, _saved, _draft, error = _build(request, scope)
    if summary is None:
        messages.error(request, f"无法生成工作总结：{error}")
        return redirect(f"/reports/summary/?{_query(scope)}")
    if fmt == "docx":
        try:
            content, mime = drafts.summary_docx(summary, scope["org"]), DOCX
        except drafts.DraftError as exc:
            messages.error(request, exc.message)
            return redirect(f"/reports/summary/?{_query(scope)}")
    else:
        content, mime = render_pdf(summary), "application/pdf"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = content_disposition_header(True, f"{summary.title}.{fmt}")
    return response


@web_view(access.VIEW, methods=["GET", "POST"])
def templates_page(request: HttpRequest) -> HttpResponse:
    org = request.user.org
    form = TemplateUploadForm()
    if request.method == "POST":
        access.require(request.user, access.CHANGE)
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid() and org is not None:
            upload = form.cleaned_data["file"]
            try:
                drafts.template_upload(
                    actor=request.user, org=org, name=form.cleaned_data["name"],
                    filename=upload.name, data=upload.read(),
                )  # fmt: skip
            except drafts.DraftError as exc:
                apply_errors(form, {exc.field: exc.message})
            else:
                messages.success(request, "模板已上传，本单位及下级生成总结时将使用该模板")
                return redirect("reports:templates")
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
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
