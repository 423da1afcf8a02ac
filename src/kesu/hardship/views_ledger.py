"""帮扶台账, 帮扶资金 and 低保标准 pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.hardship import assistance as services
from kesu.hardship import exporting, forms, selectors, standards
from kesu.hardship.validation import can_see_details
from kesu.hardship.views import FRAME
from kesu.orgs import access
from kesu.web.pages import page_named, submit_form
from kesu.web.views import paginate, querystring, web_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _after_assistance(record) -> str:
    """A recorded assistance leads back to its household's file, or else to the ledger."""
    if record.case_id:
        return reverse("hardship:case_detail", kwargs={"pk": record.case_id})
    return reverse("hardship:ledger")


@web_view(access.VIEW, methods=["GET"])
def assistance_list(request):
    filters = selectors.AssistanceFilters.from_mapping(request.GET)
    rows = selectors.assistance_list(user=request.user, filters=filters)
    form = forms.AssistanceFilterForm(request.GET, user=request.user, action=access.VIEW)
    query = querystring({k: v for k, v in request.GET.items() if k != "page"})
    return FRAME.show(
        request,
        "ledger.html",
        "ledger",
        page=paginate(request, rows),
        form=form,
        query=query,
        totals=selectors.assistance_totals(rows),
    )


@web_view(access.VIEW, methods=["GET"])
def ledger_export(request):
    filters = selectors.AssistanceFilters.from_mapping(request.GET)
    content = exporting.ledger_export(user=request.user, filters=filters, request=request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(exporting.filename())}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@web_view(access.CHANGE)
def assistance_create(request):
    if not can_see_details(request.user):
        raise access.Forbidden()
    sources = list(selectors.source_list(user=request.user))
    initial = {
        "org": request.GET.get("org", ""),
        "case": request.GET.get("case", ""),
        "date": timezone.localdate().isoformat(),
    }
    if request.GET.get("case"):
        initial["recipient_kind"] = "household"
    form = forms.AssistanceForm(
        request.POST or None, user=request.user, sources=sources, initial=initial
    )

    def save():
        data = dict(form.cleaned_data)
        org = access.get_org_for_user(request.user, data.pop("org"), access.CHANGE)
        return services.assistance_create(actor=request.user, org=org, data=data, request=request)

    done = submit_form(request, form, save, success=_("已登记帮扶记录。"), to=_after_assistance)
    return done or FRAME.show(
        request, "form.html", "ledger", form=form, title=_("登记帮扶"), cancel="hardship:ledger"
    )


@web_view(access.VIEW)
def funds(request):
    user = request.user
    year = request.GET.get("year", "")
    year_value = int(year) if year.isdigit() and 1900 < int(year) < 3000 else None
    sources = list(selectors.source_list(user=user))
    source_form = forms.SourceForm(None, user=user)
    receipt_form = forms.ReceiptForm(None, sources=sources)
    status = 200
    if request.method == "POST":
        if not (access.can(user, access.CHANGE) and can_see_details(user)):
            raise access.Forbidden()
        if request.POST.get("form") == "source":
            source_form = forms.SourceForm(request.POST, user=user)
            bound = source_form
        else:
            receipt_form = forms.ReceiptForm(request.POST, sources=sources)
            bound = receipt_form

        def save():
            data = dict(bound.cleaned_data)
            if bound is source_form:
                org = access.get_org_for_user(user, data.pop("org"), access.CHANGE)
                services.source_create(actor=user, org=org, data=data, request=request)
            else:
                source = selectors.source_get(
                    user=user, pk=data.pop("source"), action=access.CHANGE
                )
                services.receipt_add(actor=user, source=source, data=data, request=request)

        done = submit_form(
            request, bound, save, success=_("已保存。"), to=page_named("hardship:funds")
        )
        if done:
            return done
        status = 400
    rows = selectors.fund_summary(user=user, year=year_value)
    return FRAME.show(
        request,
        "funds.html",
        "funds",
        status=status,
        rows=rows,
        year=year,
        sources=sources,
        source_form=source_form,
        receipt_form=receipt_form,
    )


@web_view(access.VIEW)
def standard_list(request):
    user = request.user
    form = forms.StandardForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if not (access.can(user, access.CHANGE) and can_see_details(user)):
            raise access.Forbidden()

        def save():
            data = dict(form.cleaned_data)
            org = access.get_org_for_user(user, data.pop("org"), access.CHANGE)
            standards.standard_set(actor=user, org=org, data=data, request=request)

        done = submit_form(
            request, form, save, success=_("已保存低保标准。"), to=page_named("hardship:standards")
        )
        if done:
            return done
        status = 400
    rows = standards.standard_list(user=user)
    return FRAME.show(request, "standards.html", "standards", status=status, rows=rows, form=form)


@web_view(access.CHANGE)
def assistance_delete(request, pk: int):
    record = selectors.assistance_get(user=request.user, pk=pk)
    form = forms.WithdrawForm(request.POST or None)
    done = submit_form(
        request,
        form,
        lambda: services.assistance_delete(
            actor=request.user, record=record, reason=form.cleaned_data["reason"], request=request
        ),
        success=_("已撤销帮扶记录。"),
        to=page_named("hardship:ledger"),
    )
    return done or FRAME.show(
        request,
        "form.html",
        "ledger",
        form=form,
        title=_("撤销帮扶记录"),
        cancel="hardship:ledger",
        obj=record,
    )
