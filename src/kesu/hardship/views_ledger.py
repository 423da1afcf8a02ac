"""帮扶台账, 帮扶资金 and 低保标准 pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.hardship import assistance as services
from kesu.hardship import exporting, forms, selectors, standards
from kesu.hardship.validation import HardshipError, can_see_details
from kesu.hardship.views import ctx
from kesu.orgs import access
from kesu.web.views import apply_errors, paginate, querystring, web_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@web_view(access.VIEW, methods=["GET"])
def ledger(request):
    filters = selectors.AssistanceFilters.from_mapping(request.GET)
    rows = selectors.assistance_list(user=request.user, filters=filters)
    form = forms.AssistanceFilterForm(request.GET, user=request.user, action=access.VIEW)
    query = querystring({k: v for k, v in request.GET.items() if k != "page"})
    return render(request, "hardship/ledger.html", ctx(
        request, "ledger", page=paginate(request, rows), form=form, query=query,
        totals=selectors.assistance_totals(rows),
    ))  # fmt: skip


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
    initial = {"org": request.GET.get("org", ""), "case": request.GET.get("case", ""),
               "date": timezone.localdate().isoformat()}  # fmt: skip
    if request.GET.get("case"):
        initial["recipient_kind"] = "household"
    form = forms.AssistanceForm(request.POST or None, user=request.user, sources=sources,
                                initial=initial)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = access.get_org_for_user(request.user, data.pop("org"), access.CHANGE)
        try:
            record = services.assistance_create(actor=request.user, org=org, data=data,
                                                request=request)  # fmt: skip
        except HardshipError as exc:
            apply_errors(form, exc.errors)
        else:
            messages.success(request, _("已登记帮扶记录。"))
            if record.case_id:
                return redirect("hardship:case_detail", pk=record.case_id)
            return redirect("hardship:ledger")
    return render(request, "hardship/form.html", ctx(
        request, "ledger", form=form, title=_("登记帮扶"), cancel="hardship:ledger"))  # fmt: skip


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
        if bound.is_valid():
            data = dict(bound.cleaned_data)
            try:
                if bound is source_form:
                    org = access.get_org_for_user(user, data.pop("org"), access.CHANGE)
                    services.source_create(actor=user, org=org, data=data, request=request)
                else:
                    source = selectors.source_get(user=user, pk=data.pop("source"),
                                                  action=access.CHANGE)  # fmt: skip
                    services.receipt_add(actor=user, source=source, data=data, request=request)
            except HardshipError as exc:
                apply_errors(bound, exc.errors)
            else:
                messages.success(request, _("已保存。"))
                return redirect("hardship:funds")
        status = 400
    rows = selectors.fund_summary(user=user, year=year_value)
    return render(request, "hardship/funds.html", ctx(
        request, "funds", rows=rows, year=year, sources=sources, source_form=source_form,
        receipt_form=receipt_form,
    ), status=status)  # fmt: skip


@web_view(access.VIEW)
def standard_list(request):
    user = request.user
    form = forms.StandardForm(request.POST or None, user=user)
    status = 200
    if request.method == "POST":
        if not (access.can(user, access.CHANGE) and can_see_details(user)):
            raise access.Forbidden()
        if form.is_valid():
            data = dict(form.cleaned_data)
            org = access.get_org_for_user(user, data.pop("org"), access.CHANGE)
            try:
                standards.standard_set(actor=user, org=org, data=data, request=request)
            except HardshipError as exc:
                apply_errors(form, exc.errors)
            else:
                messages.success(request, _("已保存低保标准。"))
                return redirect("hardship:standards")
        status = 400
    rows = standards.standard_list(user=user)
    return render(request, "hardship/standards.html", ctx(
        request, "standards", rows=rows, form=form), status=status)  # fmt: skip


@web_view(access.CHANGE)
def assistance_delete(request, pk: int):
    record = selectors.assistance_get(user=request.user, pk=pk)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assistance_delete(actor=request.user, record=record,
                                       reason=form.cleaned_data["reason"], request=request)  # fmt: skip
        except HardshipError as exc:
            apply_errors(form, exc.errors)
        else:
            messages.success(request, _("已撤销帮扶记录。"))
            return redirect("hardship:ledger")
    return render(request, "hardship/form.html", ctx(
        request, "ledger", form=form, title=_("撤销帮扶记录"), cancel="hardship:ledger",
        obj=record))  # fmt: skip
