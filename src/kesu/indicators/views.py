"""Indicator pages: the figures of a subtree, the records behind each, and breakdowns."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template

from kesu.indicators import selectors
from kesu.indicators.forms import RangeForm, bound_range
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.web.views import paginate, querystring, web_view


def _range(request: HttpRequest) -> tuple[RangeForm, Organization | None]:
    return bound_range(request)


def _query(form: RangeForm) -> str:
    data = form.cleaned_data
    return querystring(
        {"org": data["org"], "from": data["from"].isoformat(), "to": data["to"].isoformat()}
    )


@web_view(access.VIEW, methods=["GET"])
def indicator_index(request: HttpRequest) -> HttpResponse:
    form, org = _range(request)
    context = {"form": form, "org": org, "values": None}
    if org is not None:
        data = form.cleaned_data
        context["values"] = selectors.indicator_values(
            user=request.user, org=org, start=data["from"], end=data["to"]
        )
        context["query"] = _query(form)
    return render(request, "indicators/index.html", context)


def _indicator_scope(request: HttpRequest, code: str) -> tuple:
    """(indicator, range form, organisation, the form's data) of an indicator's page; 404 for
    an unknown code or without a valid organisation and range."""
    indicator = selectors.indicator_get(code=code)
    form, org = _range(request)
    if org is None:
        raise Http404()
    return indicator, form, org, form.cleaned_data


@web_view(access.VIEW, methods=["GET"])
def indicator_evidence(request: HttpRequest, code: str) -> HttpResponse:
    indicator, form, org, data = _indicator_scope(request, code)
    rows = selectors.indicator_evidence(
        user=request.user, code=code, org=org, start=data["from"], end=data["to"]
    )
    # Each record type renders its own rows; later apps add indicators/_evidence_<model>.html.
    rows_template = select_template(
        [f"indicators/_evidence_{rows.model._meta.model_name}.html", "indicators/_evidence.html"]
    )
    context = {
        "indicator": indicator,
        "org": org,
        "form": form,
        "query": _query(form),
        "page": paginate(request, rows),
        "rows_template": rows_template.template.name,
    }
    return render(request, "indicators/evidence.html", context)


@web_view(access.VIEW, methods=["GET"])
def indicator_breakdown(request: HttpRequest, code: str) -> HttpResponse:
    indicator, form, org, data = _indicator_scope(request, code)
    by = request.GET.get("by", "org")
    try:
        rows = selectors.indicator_breakdown(
            user=request.user, code=code, org=org, start=data["from"], end=data["to"], by=by
        )
    except selectors.IndicatorError:  # an unknown `by` in the address: no such page, not a form
        raise Http404() from None
    context = {
        "indicator": indicator,
        "org": org,
        "by": by,
        "choices": selectors.breakdown_choices(indicator),
        "rows": rows,
        # Rates and computed figures do not add up across rows: no total for them.
        "total": None
        if indicator.unit == "%" or indicator.compute is not None
        else sum(row.value for row in rows),
        "query": _query(form),
        "start": data["from"],
        "end": data["to"],
    }
    return render(request, "indicators/breakdown.html", context)
