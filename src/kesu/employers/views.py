"""企业建会 pages: employers with union founding, import/export, wage agreements and the
medical-mutual page. Views parse input, call a selector or service and render; scope and
roles are the access layer's (out-of-scope ids 404, read-only roles 403 on writes)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kesu.employers import forms, importing, selectors, services
from kesu.employers.medical import medical_page, medical_save
from kesu.employers.validation import clean_employer, clean_founding
from kesu.orgs import access
from kesu.web.pages import filtered_list, save_or_show, submit_form
from kesu.web.records import Frame, RecordForm, initial_of
from kesu.web.views import querystring, web_view

TABS = (("employers", "企业建会"), ("agreements", "工资集体协商"), ("medical", "职工医疗互助"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FRAME = Frame("employers", services, TABS)


# ---------------------------------------------------------------- employers


@web_view(access.VIEW, methods=["GET"])
def employer_list(request):
    listed = filtered_list(
        request, selectors.employer_list, selectors.EmployerFilters, forms.EmployerFilterForm
    )
    return FRAME.show(
        request, "index.html", "employers", **listed, export_query=querystring(request.GET.dict())
    )


def _employer_initial(employer, founding) -> dict:
    fields = [f for f in services.EMPLOYER_FIELDS if f != "org_id"]
    initial = initial_of(employer, fields)
    if founding is not None:
        initial |= {
            "has_union": True,
            "founded_on": founding.founded_on.isoformat(),
            "union": founding.union.code if founding.union_id != employer.org_id else "",
            "sign_hung": founding.sign_hung,
            "identity_shown": founding.identity_shown,
            "duties_shown": founding.duties_shown,
            "home_rating": founding.home_rating,
        }
    return initial


def _employer_saver(request, form, employer=None):
    """The `save` for `submit_form`: employer and founding in one transaction."""

    def save():
        data = form.employer_data()
        founding = form.founding_data()
        # Report the employer's and the founding's problems together, before writing anything.
        errors = clean_employer({k: v for k, v in data.items() if k != "org"})[1]
        if founding is not None:
            errors |= clean_founding(founding)[1]
        if errors:
            raise services.EmployerError(errors)
        saved = employer
        with transaction.atomic():
            if saved is None:
                org = access.get_org_for_user(request.user, data.pop("org"), access.CHANGE)
                saved = services.employer_create(
                    actor=request.user, org=org, data=data, request=request
                )
            else:
                services.employer_update(
                    actor=request.user, employer=saved, data=data, request=request
                )
            if founding is not None:
                services.founding_save(
                    actor=request.user, employer=saved, data=founding, request=request
                )
            elif form.cleaned_data.get("has_union") is False and saved.pk:
                services.founding_delete(actor=request.user, employer=saved, request=request)
        return saved

    return save


def _employer_form(request, employer=None):
    founding = None if employer is None else selectors.employer_founding(employer=employer)
    initial = (
        {"org": request.GET.get("org", "")}
        if employer is None
        else _employer_initial(employer, founding)
    )
    form = forms.EmployerForm(request.POST or None, user=request.user, initial=initial)
    done = submit_form(
        request,
        form,
        _employer_saver(request, form, employer),
        success=(
            (lambda saved: _("已登记 %(name)s。") % {"name": saved.name})
            if employer is None
            else _("已保存。")
        ),
        to="employers:detail",
    )
    title = _("登记企业/单位") if employer is None else _("编辑企业/单位")
    return done or FRAME.show(
        request,
        "form.html",
        "employers",
        form=form,
        title=title,
        cancel="employers:index",
        obj=employer,
    )


@web_view(access.CHANGE)
def employer_create(request):
    return _employer_form(request)


def _employer_more(request, employer) -> dict:
    return {
        "founding": selectors.employer_founding(employer=employer),
        "agreements": selectors.employer_agreements(user=request.user, employer=employer),
        "enrolments": employer.medical_enrolments.order_by("-year"),
    }


employer_detail = FRAME.detail_view(
    "detail.html", "employers", selectors.employer_get, "employer", _employer_more
)


@web_view(access.CHANGE)
def employer_edit(request, pk: int):
    return _employer_form(
        request, selectors.employer_get(user=request.user, pk=pk, action=access.CHANGE)
    )


@web_view(access.VIEW, methods=["GET"])
def employer_export(request):
    filters = selectors.EmployerFilters.from_mapping(request.GET)
    rows = selectors.employer_list(user=request.user, filters=filters)
    book = importing.employer_export(actor=request.user, rows=rows, request=request)
    response = HttpResponse(content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="employers-{stamp}.xlsx"'
    book.save(response)
    return response


@web_view(access.CHANGE)
def employer_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["org"]
        org = access.get_org_for_user(request.user, code, access.CHANGE) if code else None
        result = save_or_show(
            form,
            lambda: importing.employer_import(
                actor=request.user,
                source=form.cleaned_data["file"],
                default_org=org,
                dry_run=form.cleaned_data["dry_run"],
                request=request,
            ),
        )
        if result is not None and result.ok and not result.dry_run:
            messages.success(
                request,
                _("已导入：新增 %(c)s 家，更新 %(u)s 家。")
                % {"c": result.created, "u": result.updated},
            )
            return redirect("employers:index")
    return FRAME.show(request, "import.html", "employers", form=form, result=result)


# ---------------------------------------------------------------- wage agreements


agreement_list = FRAME.list_view(
    "agreement_list.html", "agreements", selectors.agreement_list, forms.AgreementFilterForm
)


def _agreement_more(request, agreement) -> dict:
    covered = selectors.agreement_employers(user=request.user, agreement=agreement)
    return {"covered": covered}


agreement_detail = FRAME.detail_view(
    "agreement_detail.html", "agreements", selectors.agreement_get, "agreement", _agreement_more
)


def _agreement_initial(agreement) -> dict:
    fields = ("kind", "title", "workers_covered", "wage_increase_pct", "notes")
    dates = ("signed_on", "term_start", "term_end")
    return forms.initial_with_employers(agreement, fields, dates)


SAVED_AGREEMENT = gettext_lazy("已保存工资集体协议。")
AGREEMENT = RecordForm(
    FRAME,
    forms.AgreementForm,
    "agreement",
    gettext_lazy("工资集体协议"),
    _agreement_initial,
    created=SAVED_AGREEMENT,
    done=SAVED_AGREEMENT,
    form_kwargs=forms.employer_field,
)


agreement_create = AGREEMENT.create_view()
agreement_edit = AGREEMENT.edit_view(selectors.agreement_get)


# ---------------------------------------------------------------- medical mutual


@web_view(access.VIEW, methods=["GET"])
def medical(request):
    return FRAME.show(request, "medical.html", "medical", **medical_page(request))


@web_view(access.CHANGE)
def medical_import(request):
    form = forms.MedicalImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["year"].strip()
        result = save_or_show(
            form,
            lambda: importing.medical_import(
                actor=request.user,
                source=form.cleaned_data["file"],
                year=int(text) if text.isdigit() else None,
                dry_run=form.cleaned_data["dry_run"],
                request=request,
            ),
        )
        if result is not None and result.ok and not result.dry_run:
            messages.success(request, _("已导入 %(n)s 家单位的参保份数。") % {"n": result.updated})
            return redirect("employers:medical")
    return FRAME.show(request, "medical_import.html", "medical", form=form, result=result)


@web_view(access.CHANGE, methods=["POST"])
def medical_grid(request):
    page, ok = medical_save(request)
    if ok:
        messages.success(request, _("已保存参保份数。"))
        return redirect(f"{request.path.removesuffix('grid/')}?{querystring(page['query'])}")
    return FRAME.show(request, "medical.html", "medical", status=400, **page)
