"""创新成果与先进表彰 pages: lists with filters, create/edit, review, evidence files.

Views parse input, call one selector or service and render; scope and roles are the access
layer's (out-of-scope ids answer 404, read-only roles 403 on writes).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kesu.achievements import evidence, forms, selectors, services
from kesu.achievements.choices import AchievementKind, HonourKind
from kesu.orgs import access
from kesu.web.pages import page_of, submit_form
from kesu.web.records import Frame, RecordForm, initial_of
from kesu.web.views import web_view

TABS = (("achievements", "科技创新成果"), ("honours", "先进表彰"))


def _members_text(obj) -> str:
    return "，".join(str(m.pk) for m in obj.members.order_by("id"))


FRAME = Frame("achievements", services, TABS)


index = FRAME.list_view(
    "list.html",
    "achievements",
    selectors.achievement_list,
    forms.AchievementFilterForm,
    kinds=AchievementKind.choices,
)


@web_view(access.VIEW, methods=["GET"])
def detail(request, pk: int):
    return _detail(request, selectors.achievement_get(user=request.user, pk=pk))


def _detail(request, obj, *, review_form=None, file_form=None, status=200):
    """An achievement's page; a form that was sent comes back with its errors (400)."""
    extra = {
        "obj": obj,
        "files": obj.files.all(),
        "members": obj.members.select_related("org"),
        "review_form": forms.ReviewForm() if review_form is None else review_form,
        "file_form": forms.EvidenceForm() if file_form is None else file_form,
    }
    return FRAME.show(request, "detail.html", "achievements", status=status, **extra)


def _achievement_initial(obj) -> dict:
    fields = ("kind", "title", "level", "description")
    return initial_of(obj, fields, dates=("achieved_on",)) | {"members": _members_text(obj)}


ACHIEVEMENT = RecordForm(
    FRAME,
    forms.AchievementForm,
    "achievement",
    gettext_lazy("科技创新成果"),
    _achievement_initial,
    created=gettext_lazy("已登记，待审核认定。"),
    own=True,
    org_in_data=True,
)


create = ACHIEVEMENT.create_view()
edit = ACHIEVEMENT.edit_view(selectors.achievement_get)


@web_view(access.CHANGE, methods=["POST"])
def review(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.ReviewForm(request.POST)

    def save():
        return services.achievement_review(
            actor=request.user,
            achievement=obj,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            request=request,
        )

    back = page_of("achievements:detail", obj.pk)
    done = submit_form(request, form, save, success=_("已审核。"), to=back)
    return done or _detail(request, obj, review_form=form, status=400)


@web_view(access.CHANGE, methods=["POST"])
def file_upload(request, pk: int):
    obj = selectors.achievement_get(user=request.user, pk=pk, action=access.CHANGE)
    form = forms.EvidenceForm(request.POST, request.FILES)

    def save():
        upload = form.cleaned_data["file"]
        return evidence.evidence_add(
            actor=request.user, achievement=obj, upload=upload, request=request
        )

    back = page_of("achievements:detail", pk)
    done = submit_form(request, form, save, success=_("已上传。"), to=back)
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


honour_list = FRAME.list_view(
    "honour_list.html", "honours", selectors.honour_list, forms.FilterForm, kinds=HonourKind.choices
)


honour_detail = FRAME.detail_view(
    "honour_detail.html",
    "honours",
    selectors.honour_get,
    "obj",
    lambda _request, obj: {"members": obj.members.select_related("org")},
)


def _honour_initial(obj) -> dict:
    fields = ("kind", "title", "level", "year", "team_name", "awarding_body", "notes")
    return initial_of(obj, fields) | {"members": _members_text(obj)}


HONOUR = RecordForm(
    FRAME, forms.HonourForm, "honour", gettext_lazy("先进表彰"), _honour_initial, org_in_data=True
)


honour_create = HONOUR.create_view()
honour_edit = HONOUR.edit_view(selectors.honour_get)
