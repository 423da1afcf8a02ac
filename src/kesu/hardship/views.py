"""困难职工档案 pages: overview, the file list (masked for roles outside
KESU_HARDSHIP_ROLES), filing, a file's detail (audited) with its life cycle, reviews,
household and documents. Views parse, call one service or selector, render."""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kesu.hardship import documents, forms, selectors, services, services_lifecycle
from kesu.hardship.validation import can_see_details
from kesu.orgs import access
from kesu.web.pages import filtered_list, submit_form
from kesu.web.records import Frame, submit_service
from kesu.web.views import querystring, web_view

TABS = (
    ("cases", "困难档案"),
    ("ledger", "帮扶台账"),
    ("funds", "帮扶资金"),
    ("standards", "低保标准"),
)


def _rights(user) -> dict:
    """Only roles that may see a file's details may change files."""
    details = can_see_details(user)
    return {"can_details": details, "can_change": access.can(user, access.CHANGE) and details}


FRAME = Frame("hardship", services, TABS, rights=_rights)


@web_view(access.VIEW, methods=["GET"])
def index(request):
    counts = selectors.case_counts(user=request.user)
    return FRAME.show(request, "index.html", "", counts=counts)


@web_view(access.VIEW, methods=["GET"])
def case_list(request):
    listed = filtered_list(
        request, selectors.case_list, selectors.CaseFilters, forms.CaseFilterForm
    )
    return FRAME.show(
        request,
        "case_list.html",
        "cases",
        **listed,
        query=querystring({k: v for k, v in request.GET.items() if k != "page"}),
    )


@web_view(access.CHANGE)
def case_create(request):
    if not can_see_details(request.user):
        raise access.Forbidden()
    form = forms.CaseForm(
        request.POST or None, user=request.user, initial={"org": request.GET.get("org", "")}
    )

    def save():
        data = dict(form.cleaned_data)
        org = access.get_org_for_user(request.user, data.pop("org"), access.CHANGE)
        return services.case_create(actor=request.user, org=org, data=data, request=request)

    done = submit_form(request, form, save, success=_("已建档。"), to="hardship:case_detail")
    return done or FRAME.show(
        request, "form.html", "cases", form=form, title=_("困难职工建档"), cancel="hardship:cases"
    )


def _detail(request, case, status: int = 200, **bound):
    user = request.user
    household = [
        (p, services.household_id_number(actor=user, person=p)) for p in case.household.all()
    ]
    context = FRAME.context(
        request,
        "cases",
        case=case,
        household=household,
        events=case.events.select_related("actor").order_by("-on", "-id"),
        reviews=case.reviews.all(),
        documents=case.documents.all(),
        assistance=selectors.case_assistance(case=case),
        transitions=services_lifecycle.TRANSITIONS[case.status],
        transition_form=bound.get("transition_form") or forms.TransitionForm(case=case),
        review_form=bound.get("review_form") or forms.ReviewForm(),
        household_form=bound.get("household_form") or forms.HouseholdForm(),
        document_form=bound.get("document_form") or forms.DocumentForm(),
    )
    return render(request, "hardship/case_detail.html", context, status=status)


@web_view(access.VIEW, methods=["GET"])
def case_detail(request, pk: int):
    case = services.case_open(actor=request.user, pk=pk, request=request)
    return _detail(request, case)


def _post(request, pk: int, form_class, key: str, call, done: str):
    """A write on a file from its detail page: redirect on success, errors in place."""
    case = services.case_open(actor=request.user, pk=pk, request=request)
    extra = {"case": case} if form_class is forms.TransitionForm else {}
    form = form_class(request.POST, request.FILES, **extra)
    saved = submit_form(
        request,
        form,
        lambda: call(case, form.cleaned_data),
        success=done,
        to="hardship:case_detail",
        pk=case.pk,
    )
    return saved or _detail(request, case, status=400, **{key: form})


@web_view(access.CHANGE, methods=["POST"])
def case_transition(request, pk: int):
    def call(case, data):
        service = (
            services_lifecycle.case_make_regular
            if data["status"] == "regular"
            else services_lifecycle.case_transition
        )
        service(actor=request.user, case=case, data=data, request=request)

    return _post(request, pk, forms.TransitionForm, "transition_form", call, _("状态已变更。"))


@web_view(access.CHANGE, methods=["POST"])
def review_add(request, pk: int):
    def call(case, data):
        services_lifecycle.review_add(actor=request.user, case=case, data=data, request=request)

    return _post(request, pk, forms.ReviewForm, "review_form", call, _("已记录复核。"))


@web_view(access.CHANGE, methods=["POST"])
def household_add(request, pk: int):
    def call(case, data):
        services.household_add(actor=request.user, case=case, data=data, request=request)

    return _post(request, pk, forms.HouseholdForm, "household_form", call, _("已添加家庭成员。"))


@web_view(access.CHANGE, methods=["POST"])
def document_add(request, pk: int):
    def call(case, data):
        documents.document_add(
            actor=request.user, case=case, upload=data.get("file"), request=request
        )

    return _post(request, pk, forms.DocumentForm, "document_form", call, _("已上传材料。"))


@web_view(access.CHANGE)
def case_edit(request, pk: int):
    case = services.case_open(actor=request.user, pk=pk, request=request)
    initial = {
        f: getattr(case, f)
        for f in ("household_size", "income_per_head", "cause", "tier", "address", "notes")
    }
    form = forms.CaseEditForm(request.POST or None, initial=initial)
    done = submit_service(request, form, "hardship:case_detail", services.case_update, case=case)
    return done or FRAME.show(
        request,
        "form.html",
        "cases",
        form=form,
        title=_("编辑困难档案"),
        cancel="hardship:cases",
        obj=case,
    )


@web_view(access.VIEW, methods=["GET"])
def document_file(request, pk: int):
    doc = documents.document_get(user=request.user, pk=pk, request=request)
    response = FileResponse(
        doc.file.open("rb"), as_attachment=not doc.is_image, filename=doc.original_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
