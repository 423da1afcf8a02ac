"""/api/v1/budgets, /api/v1/expenses and /api/v1/funds (budget against spent)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from kesu.funds import schemas as s
from kesu.funds import selectors, services
from kesu.indicators.schemas import RangeQuery
from kesu.leadership.api_kinds import add_kind
from kesu.leadership.records import field_labels
from kesu.orgs import access
from kesu.web.api_support import ERRORS, require_view

router = Router(tags=["工作经费"])
LABELS = field_labels(*(k.model for k in services.KINDS.values()))
API_LABELS = {"budgets": LABELS, "expenses": LABELS}

for row in (
    ("budgets", "budget", "经费预算", "Budget", None),
    ("expenses", "expense", "其他支出", "Expense", None),
):
    add_kind(router, services, s, row)


@router.get("/funds", response={200: s.FundsOverviewOut, **ERRORS}, summary="经费预算与支出")
def overview(request: HttpRequest, query: Query[RangeQuery]) -> Any:
    """按工作领域列出预算、支出（活动经费、帮扶资金、其他支出）与执行率。"""
    user = require_view(request)
    org = access.get_org_for_user(user, query.org)
    return selectors.funds_overview(user=user, org=org, start=query.start, end=query.end)
