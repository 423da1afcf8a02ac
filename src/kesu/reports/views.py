"""Report pages: choose an organisation and a period, download the .xlsx tables."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from kesu.indicators.forms import bound_range
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.reports import tables
from kesu.reports.forms import ReportForm
from kesu.web.views import querystring, web_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _range(request: HttpRequest) -> tuple[ReportForm, Organization | None]:
    return bound_range(request, ReportForm)


@web_view(access.VIEW, methods=["GET"])
def report_index(request: HttpRequest) -> HttpResponse:
    form, org = _range(request)
    context = {"form": form, "org": org, "query": ""}
    if org is not None:
        data = form.cleaned_data
        context["query"] = querystring(
            {"org": org.code, "from": data["from"].isoformat(), "to": data["to"].isoformat()}
        )
    return render(request, "reports/index.html", context)


def _download(request: HttpRequest, kind: str, build: Callable[..., bytes]) -> HttpResponse:
    form, org = _range(request)
    if org is None:
        raise Http404()
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    content = build(user=request.user, org=org, start=start, end=end, request=request)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, tables.filename(kind, org, start, end)
    )
    return response


@web_view(access.VIEW, methods=["GET"])
def report_table(request: HttpRequest) -> HttpResponse:
    return _download(request, "table", tables.indicator_table)


@web_view(access.VIEW, methods=["GET"])
def report_ledger(request: HttpRequest) -> HttpResponse:
    return _download(request, "ledger", tables.activity_ledger)


def _contest_table(*, user, org, start, end, request=None) -> bytes:
    from kesu.contests.exports import results_workbook

    content, _rows = results_workbook(user=user, org=org, start=start, end=end)
    return content


@web_view(access.VIEW, methods=["GET"])
def report_contests(request: HttpRequest) -> HttpResponse:
    return _download(request, "contests", _contest_table)
