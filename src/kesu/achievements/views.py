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
from kesu.web.views import apply_errors, paginate, web_view

TABS = (("achievements", "科技创新成果"), ("honours", "先进表彰"))


def _ctx(request, tab: str, **extra):
    return {"tab": tab, "tabs": TABS, "can_change": access.can(request.user, access.CHANGE),
            **extra}  # fmt: skip


def _members_text(obj) -> str:
    return "，".join(str(m.pk) for m in obj.members.order_by("id"))


def _form_page(request, form, *, tab, title, cancel, obj=None, status=200):
    return render(request, "achievements/form.html",
                  _ctx(request, tab, form=form, title=title, cancel=cancel, obj=obj),
                  status=status)  # fmt: skip


@web_view(access.VIEW, methods=["GET"])
def index(request):
    filters = selectors.Filters.from_mapping(request.GET)
    rows = selectors.achievement_list(user=request.user, filters=filters)
    form = forms.AchievementFilterForm(request.GET, user=request.user, action=access.VIEW,
                                       kinds=AchievementKind.choices)  # fmt: skip
    return render(request, "achievements/list.html",
                  _ctx(request, "achievements", page=paginate(request, rows), form=form))  # fmt: skip


@web_view(access.VIEW, methods=["GET"])
def detail(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk)
    return render(request, "achievements/detail.html", _ctx(
        request, "achievements", obj=obj, files=obj.files.all(),
        members=obj.members.select_related("org"), review_form=forms.ReviewForm(),
        file_form=forms.EvidenceForm(),
    ))  # fmt: skip


def _save(request, form, service, **kwargs):
    """Run `service` with the form's data; None (errors on the form) or the saved object."""
    if not (request.method == "POST" and form.is_valid()):
        return None
    try:
        return service(actor=request.user, data=dict(form.cleaned_data), request=request, **kwargs)
    except services.AchievementError as exc:
        apply_errors(form, exc.errors)
        return None


@web_view(access.CHANGE)
def create(request):
    form = forms.AchievementForm(request.POST or None, user=request.user,
                                 initial={"org": request.GET.get("org", "")})  # fmt: skip
    obj = _save(request, form, services.achievement_create)
    if obj:
        messages.success(request, _("已登记，待审核认定。"))
        return redirect("achievements:detail", pk=obj.pk)
    return _form_page(request, form, tab="achievements", title=_("登记科技创新成果"),
                      cancel="achievements:index")  # fmt: skip


@web_view(access.CHANGE)
def edit(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk, action=access.CHANGE)
    initial = {f: getattr(obj, f) for f in ("kind", "title", "level", "description")}
    initial |= {"org": obj.org.code, "achieved_on": obj.achieved_on.isoformat(),
                "members": _members_text(obj)}  # fmt: skip
    form = forms.AchievementForm(request.POST or None, user=request.user, initial=initial)
    if _save(request, form, services.achievement_update, achievement=obj):
        messages.success(request, _("已保存。"))
        return redirect("achievements:detail", pk=obj.pk)
    return _form_page(request, form, tab="achievements", title=_("编辑科技创新成果"),
                      cancel="achievements:index", obj=obj)  # fmt: skip


@web_view(access.CHANGE, methods=["POST"])
def review(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.achievement_review(
                actor=request.user, achievement=obj, decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"], request=request,
            )  # fmt: skip
        except services.AchievementError as exc:
            apply_errors(form, exc.errors)
    if not form.errors:
        messages.success(request, _("已审核。"))
        return redirect("achievements:detail", pk=obj.pk)
    return render(request, "achievements/detail.html", _ctx(
        request, "achievements", obj=obj, files=obj.files.all(),
        members=obj.members.select_related("org"), review_form=form,
        file_form=forms.EvidenceForm(),
    ), status=400)  # fmt: skip


@web_view(access.CHANGE, methods=["POST"])
def file_upload(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence.evidence_add(actor=request.user, achievement=obj,
                                  upload=form.cleaned_data["file"], request=request)  # fmt: skip
        except services.AchievementError as exc:
            apply_errors(form, exc.errors)
    if not form.errors:
        messages.success(request, _("已上传。"))
        return redirect("achievements:detail", pk=obj.pk)
    return render(request, "achievements/detail.html", _ctx(
        request, "achievements", obj=obj, files=obj.files.all(),
        members=obj.members.select_related("org"), review_form=forms.ReviewForm(),
        file_form=form,
    ), status=400)  # fmt: skip


@web_view(access.VIEW, methods=["GET"])
def file_download(request, pk: int):
    item = evidence.evidence_get(user=request.user, pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404() from None
    response = FileResponse(handle, as_attachment=item.kind != item.Kind.IMAGE,
                            filename=item.original_name)  # fmt: skip
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
def honour_index(request):
    filters = selectors.Filters.from_mapping(request.GET)
    rows = selectors.honour_list(user=request.user, filters=filters)
    form = forms.FilterForm(request.GET, user=request.user, action=access.VIEW,
                            kinds=HonourKind.choices)  # fmt: skip
    return render(request, "achievements/honour_list.html",
                  _ctx(request, "honours", page=paginate(request, rows), form=form))  # fmt: skip


@web_view(access.VIEW, methods=["GET"])
def honour_detail(request, pk: int):
    obj = selectors.honour_get(user=request.user, pk=pk)
    return render(request, "achievements/honour_detail.html",
                  _ctx(request, "honours", obj=obj, members=obj.members.select_related("org")))  # fmt: skip


@web_view(access.CHANGE)
def honour_create(request):
    form = forms.HonourForm(request.POST or None, user=request.user,
                            initial={"org": request.GET.get("org", "")})  # fmt: skip
    obj = _save(request, form, services.honour_create)
    if obj:
        messages.success(request, _("已登记先进表彰。"))
        return redirect("achievements:honour_detail", pk=obj.pk)
    return _form_page(request, form, tab="honours", title=_("登记先进表彰"),
                      cancel="achievements:honours")  # fmt: skip


@web_view(access.CHANGE)
def honour_edit(request, pk: int):
    obj = selectors.honour_get(user=request.user, pk=pk, action=access.CHANGE)
    initial = {f: getattr(obj, f) for f in ("kind", "title", "level", "year", "team_name",
                                            "awarding_body", "notes")}  # fmt: skip
    initial |= {"org": obj.org.code, "members": _members_text(obj)}
    form = forms.HonourForm(request.POST or None, user=request.user, initial=initial)
    if _save(request, form, services.honour_update, honour=obj):
        messages.success(request, _("已保存。"))
        return redirect("achievements:honour_detail", pk=obj.pk)
    return _form_page(request, form, tab="honours", title=_("编辑先进表彰"),
                      cancel="achievements:honours", obj=obj)  # fmt: skip
