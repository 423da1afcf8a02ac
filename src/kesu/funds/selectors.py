"""Budget against spending, by work area, for an organisation's subtree and a date range.

Spending is read from the records that carry money (DOMAIN.md, "Funds"): an activity's
经费 (by its kind: 培训 → 教育培训, 宣传/展览 → 科普宣传, the rest → 科普活动), the cash of
assistance records (职工服务) and the other-spending entries (by their own area). Training
courses and labour competitions carry no amount of their own: their spending is entered as
other spending under 教育培训 or 职工服务. A budget belongs to a year: a range counts the
budgets of every year it touches."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from kesu.activities.choices import Kind as ActivityKind
from kesu.core.actors import Actor
from kesu.funds.models import Budget, Expense
from kesu.hardship.models import Assistance
from kesu.indicators.selectors import indicator_breakdown
from kesu.leadership.models import AreaKind
from kesu.orgs import access, subtree
from kesu.orgs.models import Organization

ZERO = Decimal("0.00")
ACTIVITY_AREAS: dict[str, str] = {
    ActivityKind.TRAINING: AreaKind.TRAINING,
    ActivityKind.CAMPAIGN: AreaKind.PUBLICITY,
    ActivityKind.EXHIBITION: AreaKind.PUBLICITY,
}
SOURCES = {"activities": "活动经费", "assistance": "帮扶资金", "expenses": "其他支出"}


@dataclass
class AreaFunds:
    area: str
    label: str
    budget: Decimal = ZERO
    spent: Decimal = ZERO
    by_source: dict[str, Decimal] = field(default_factory=dict)

    @property
    def share(self) -> Decimal | None:
        """Spent as a percentage of the budget (None without a budget)."""
        return (self.spent * 100 / self.budget).quantize(Decimal("0.1")) if self.budget else None


@dataclass
class FundsOverview:
    org: Organization
    start: dt.date
    end: dt.date
    areas: list[AreaFunds]

    @property
    def budget(self) -> Decimal:
        return sum((a.budget for a in self.areas), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((a.spent for a in self.areas), ZERO)

    @property
    def share(self) -> Decimal | None:
        return (self.spent * 100 / self.budget).quantize(Decimal("0.1")) if self.budget else None

    def source_total(self, source: str) -> Decimal:
        return sum((a.by_source.get(source, ZERO) for a in self.areas), ZERO)


def _scoped(qs: QuerySet, user: Actor, org: Organization) -> QuerySet:
    return subtree.under(access.restrict(qs, user), "org", org.path)


def budgets(*, user: Actor, org: Organization, start: dt.date, end: dt.date) -> QuerySet[Budget]:
    qs = Budget.objects.filter(year__range=(start.year, end.year)).select_related("org")
    return _scoped(qs, user, org)


def expenses(*, user: Actor, org: Organization, start: dt.date, end: dt.date) -> QuerySet[Expense]:
    qs = Expense.objects.filter(spent_on__range=(start, end)).select_related("org")
    return _scoped(qs, user, org).order_by("-spent_on", "-id")


def _activity_spending(
    user: Actor, org: Organization, start: dt.date, end: dt.date
) -> list[tuple[str, Any]]:
    """(kind, spending) of the activities, as the indicator reads them (from the activity
    roll-up); none outside the user's scope, as for the other records."""
    try:
        rows = indicator_breakdown(
            user=user, code="activities.spending", org=org, start=start, end=end, by="kind"
        )
    except (access.NotFound, access.Forbidden):
        return []
    return [(row.key, row.value) for row in rows]


def funds_overview(
    *, user: Actor, org: Organization, start: dt.date, end: dt.date
) -> FundsOverview:
    """Budget and spending per work area (areas with neither are left out)."""
    budget: dict[str, Decimal] = defaultdict(lambda: ZERO)
    spent: dict[str, dict[str, Decimal]] = defaultdict(dict)

    def add(area: str, source: str, amount: Any) -> None:
        if amount:
            spent[area][source] = spent[area].get(source, ZERO) + Decimal(amount)

    for row in (
        budgets(user=user, org=org, start=start, end=end)
        .values("area")
        .annotate(total=Sum("amount"))
    ):
        budget[row["area"]] += row["total"] or ZERO
    for kind, total in _activity_spending(user, org, start, end):
        add(ACTIVITY_AREAS.get(kind, AreaKind.ACTIVITIES), "activities", total)
    aid = Assistance.objects.filter(given_on__range=(start, end))
    add(
        AreaKind.WORKER_SERVICES,
        "assistance",
        _scoped(aid, user, org).aggregate(total=Sum("amount"))["total"],
    )
    for row in (
        expenses(user=user, org=org, start=start, end=end)
        .values("area")
        .annotate(total=Sum("amount"))
    ):
        add(row["area"], "expenses", row["total"])
    areas = [
        AreaFunds(
            code,
            str(label),
            budget.get(code, ZERO),
            sum(spent[code].values(), ZERO),
            dict(spent[code]),
        )
        for code, label in AreaKind.choices
        if code in budget or code in spent
    ]
    return FundsOverview(org, start, end, areas)
