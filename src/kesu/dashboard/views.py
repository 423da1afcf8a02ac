"""The dashboard page: thin over kesu.dashboard.selectors."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kesu.dashboard.selectors import dashboard_data
from kesu.funds.selectors import funds_overview
from kesu.indicators.forms import bound_range
from kesu.orgs import access
from kesu.web.views import web_view


@web_view(access.VIEW, methods=["GET"])
def index(request: HttpRequest) -> HttpResponse:
    form, org = bound_range(request)
    context: dict = {"form": form, "board": None}
    if org is not None:
        board = dashboard_data(
            user=request.user,
            org=org,
            start=form.cleaned_data["from"],
            end=form.cleaned_data["to"],
        )
        context["board"] = board
        context["funds"] = funds_overview(
            user=request.user, org=org, start=board.start, end=board.end
        )
        context["panels"] = [
            (panel, json.dumps(panel.chart(), ensure_ascii=False)) for panel in board.panels
        ]
    return render(request, "dashboard/index.html", context)
