"""创新成果与先进表彰 pages: lists with filters, create/edit, review, evidence files.

Views parse input, call one selector or service and render; scope and roles are the access
layer's (out-of-scope ids answer 404, read-only roles 403 on writes).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kesu.achievements import evidence, forms, selectors, services
from kesu.achievements.choices import AchievementKind, HonourKind
from kesu.orgs import access
from kesu.web.pages import filtered_list, submit_form
from kesu.web.views import web_view

TABS = (("achievements", "科技创新成果"), ("honours", "先进表彰"))


def _ctx(request, tab: str, **extra):
    return {
        "tab": tab,
        "tabs": TABS,
        "can_change": access.can(request.user, access.CHANGE),
        **extra,
    }


def _members_text(obj) -> str:
    return "，".join(str(m.pk) for m in obj.members.order_by("id"))


def _form_page(request, form, *, tab, title, cancel, obj=None, status=200):
    return render(
        request,
        "achievements/form.html",
        _ctx(request, tab, form=form, title=title, cancel=cancel, obj=obj),
        status=status,
    )


@web_view(access.VIEW, methods=["GET"])
def index(request):
    listed = filtered_list(
        request,
        selectors.achievement_list,
        selectors.Filters,
        forms.AchievementFilterForm,
        kinds=AchievementKind.choices,
    )
    return render(request, "achievements/list.html", _ctx(request, "achievements", **listed))


@web_view(access.VIEW, methods=["GET"])
def detail(request, pk: int):
    return _detail(request, selectors.achievement_get(user=request.user, pk=pk))


def _detail(request, obj, *, review_form=None, file_form=None, status=200):
    """An achievement's page; a form that was sent comes back with its errors (400)."""
    context = _ctx(
        request,
        "achievements",
        obj=obj,
        files=obj.files.all(),
        members=obj.members.select_related("org"),
        review_form=forms.ReviewForm() if review_form is None else review_form,
        file_form=forms.EvidenceForm() if file_form is None else file_form,
    )
    return render(request, "achievements/detail.html", context, status=status)


def _save(request, form, service, *, success, to, **kwargs):
    """Run `service` with the form's data on a valid POST (see `submit_form`)."""

    def save():
        return service(actor=request.user, data=dict(form.cleaned_data), request=request, **kwargs)

    return submit_form(request, form, save, success=success, to=to)


@web_view(access.CHANGE)
def create(request):
    form = forms.AchievementForm(
        request.POST or None, user=request.user, initial={"org": request.GET.get("org", "")}
    )
    done = _save(
        request,
        form,
        services.achievement_create,
        success=_("已登记，待审核认定。"),
        to="achievements:detail",
    )
    return done or _form_page(
        request, form, tab="achievements", title=_("登记科技创新成果"), cancel="achievements:index"
    )


@web_view(access.CHANGE)
def edit(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk, action=access.CHANGE)
    initial = {f: getattr(obj, f) for f in ("kind", "title", "level", "description")}
    initial |= {
        "org": obj.org.code,
        "achieved_on": obj.achieved_on.isoformat(),
        "members": _members_text(obj),
    }
    form = forms.AchievementForm(request.POST or None, user=request.user, initial=initial)
    done = _save(
        request,
        form,
        services.achievement_update,
        achievement=obj,
        success=_("已保存。"),
        to="achievements:detail",
    )
    return done or _form_page(
        request,
        form,
        tab="achievements",
        title=_("编辑科技创新成果"),
        cancel="achievements:index",
        obj=obj,
    )


@web_view(access.CHANGE, methods=["POST"])
def review(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.ReviewForm(request.POST)
    done = submit_form(
        request,
        form,
        lambda: services.achievement_review(
            actor=request.user,
            achievement=obj,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            request=request,
        ),
        success=_("已审核。"),
        to="achievements:detail",
        pk=obj.pk,
    )
    return done or _detail(request, obj, review_form=form, status=400)


@web_view(access.CHANGE, methods=["POST"])
def file_upload(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.EvidenceForm(request.POST, request.FILES)
    done = submit_form(
        request,
        form,
        lambda: evidence.evidence_add(
            actor=request.user, achievement=obj, upload=form.cleaned_data["file"], request=request
        ),
        success=_("已上传。"),
        to="achievements:detail",
        pk=obj.pk,
    )
    return done or _detail(request, obj, file_form=form, status=400)


@web_view(access.VIEW, methods=["GET"])
def file_download(request, pk: int):
    item = evidence.evidence_get(user=request.user, pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404() from None
    response = FileResponse(
        handle, as_attachment=item.kind != item.Kind.IMAGE, filename=item.original_name
    )
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@web_view(access.CHANGE, methods=["POST"])
def file_delete(request, pk: int):
    item = evidence.evidence_get(user=request.user, pk=pk, action=access.CHANGE)
    achievement_id = item.achievement_id
    evidence.evidence_delete(actor=request.user, item=item, request=request)
    messages.success(request, _("已删除。"))
    return redirect("achievements:detail", pk=achievement_id)


# ---------------------------------------------------------------- honours


@web_view(access.VIEW, methods=["GET"])
def honour_list(request):
    listed = filtered_list(
        request,
        selectors.honour_list,
        selectors.Filters,
        forms.FilterForm,
        kinds=HonourKind.choices,
    )
    return render(request, "achievements/honour_list.html", _ctx(request, "honours", **listed))


@web_view(access.VIEW, methods=["GET"])
def honour_detail(request, pk: int):
    obj = selectors.honour_get(user=request.user, pk=pk)
    return render(
        request,
        "achievements/honour_detail.html",
        _ctx(request, "honours", obj=obj, members=obj.members.select_related("org")),
    )


@web_view(access.CHANGE)
def honour_create(request):
    form = forms.HonourForm(
        request.POST or None, user=request.user, initial={"org": request.GET.get("org", "")}
    )
    done = _save(
        request,
        form,
        services.honour_create,
        success=_("已登记先进表彰。"),
        to="achievements:honour_detail",
    )
    return done or _form_page(
        request, form, tab="honours", title=_("登记先进表彰"), cancel="achievements:honours"
    )


@web_view(access.CHANGE)
def honour_edit(request, pk: int):
    obj = selectors.honour_get(user=request.user, pk=pk, action=access.CHANGE)
    initial = {
        f: getattr(obj, f)
        for f in ("kind", "title", "level", "year", "team_name", "awarding_body", "notes")
    }
    initial |= {"org": obj.org.code, "members": _members_text(obj)}
    form = forms.HonourForm(request.POST or None, user=request.user, initial=initial)
    done = _save(
        request,
        form,
        services.honour_update,
        honour=obj,
        success=_("已保存。"),
        to="achievements:honour_detail",
    )
    return done or _form_page(
        request,
        form,
        tab="honours",
        title=_("编辑先进表彰"),
        cancel="achievements:honours",
        obj=obj,
    )
