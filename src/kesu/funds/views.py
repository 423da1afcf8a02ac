"""工作经费 pages: budget against spent by work area; budgets and other spending use the
record views of kesu.leadership (see kesu.leadership.pages)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kesu.funds.selectors import funds_overview
from kesu.indicators.forms import bound_range
from kesu.leadership.pages import TABS
from kesu.orgs import access
from kesu.web.views import web_view


@web_view(access.VIEW, methods=["GET"])
def index(request: HttpRequest) -> HttpResponse:
    form, org = bound_range(request)
    funds = None
    if org is not None:
        funds = funds_overview(
            user=request.user, org=org, start=form.cleaned_data["from"], end=form.cleaned_data["to"]
        )
    return render(
        request,
        "funds/index.html",
        {
            "form": form,
            "funds": funds,
            "tabs": TABS["funds"],
            "app": "funds",
            "can_change": access.can(request.user, access.CHANGE),
        },
    )
