"""The dashboard page: thin over kesu.dashboard.selectors."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kesu.core.views import web_view
from kesu.dashboard.selectors import dashboard_data
from kesu.indicators.forms import RangeForm, default_range
from kesu.orgs import access


@web_view(access.VIEW, methods=["GET"])
def index(request: HttpRequest) -> HttpResponse:
    data = {**default_range(request.user), **request.GET.dict()}
    form = RangeForm(data, user=request.user)
    context: dict = {"form": form, "board": None}
    if form.is_valid():
        org = access.get_org_for_user(request.user, form.cleaned_data["org"])
        board = dashboard_data(
            user=request.user, org=org, start=form.cleaned_data["from"],
            end=form.cleaned_data["to"],
        )  # fmt: skip
        context["board"] = board
        context["panels"] = [
            (panel, json.dumps(panel.chart(), ensure_ascii=False)) for panel in board.panels
        ]
    return render(request, "dashboard/index.html", context)
