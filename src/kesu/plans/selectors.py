"""Reads of plans, live progress and tasks, always through the access layer.

Actual figures come only from kesu.indicators.selectors.indicator_values, for 1 January to
min(31 December, today): nothing here is typed by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone

from kesu.core.actors import Actor
from kesu.indicators import registry, targets
from kesu.indicators.registry import Number
from kesu.indicators.selectors import indicator_values
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.plans.models import Plan, Target, Task, TaskStatus

GREEN, AMBER, RED = "green", "amber", "red"
LIGHT_LABELS = {GREEN: "已完成", AMBER: "按进度", RED: "落后"}
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class TargetProgress:
    indicator: str
    name: str
    unit: str
    target: Decimal
    actual: Number | None
    completion: Decimal | None  # percent, one decimal, rounded down; None when target is 0
    light: str
    expected: Decimal  # the share of the year gone, percent
    handed_down_by: Organization | None = None
    notes: str = ""
    pk: int | None = None

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS.get(self.light, "")


def period(year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date, Decimal]:
    """(1 January, min(31 December, today), expected pace as a share 0…1)."""
    today = today or timezone.localdate()
    start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    end = min(year_end, today)
    days = (year_end - start).days + 1
    if today < start:
        pace = Decimal(0)
    else:
        pace = Decimal((end - start).days + 1) / Decimal(days)
    return start, end, pace


def evaluate(target: Decimal, actual: Number | None, pace: Decimal) -> tuple[Decimal | None, str]:
    """(completion %, light): green at ≥ 100 %, amber at ≥ the expected pace, red below."""
    completion = targets.percent(actual, target)
    if completion is None:
        return None, GREEN
    ratio = Decimal(str(actual or 0)) / target
    if ratio >= 1:
        return completion, GREEN
    if ratio >= pace:
        return completion, AMBER
    return completion, RED


def plan_target(org: Organization, year: int, code: str) -> Decimal | None:
    """The target `org`'s own plan for `year` sets for indicator `code` (None: not set);
    installed as kesu.indicators.targets' reader."""
    row = Target.objects.filter(plan__org=org, plan__year=year, indicator=code).first()
    return row.value if row else None


def _require_org(user: Actor, org: Organization) -> None:
    access.require(user, access.VIEW)
    if not access.orgs_for(user).filter(pk=org.pk).exists():
        raise access.NotFound()


def plan_list(
    *, user: Actor, org: Organization | None = None, year: int | None = None
) -> QuerySet[Plan]:
    access.require(user, access.VIEW)
    qs = access.restrict(Plan.objects.select_related("org"), user)
    if org is not None:
        qs = qs.filter(org=org)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "org__path", "pk")


def plan_get(*, user: Actor, org: Organization, year: int) -> Plan | None:
    """The plan of a visible org for `year`, or None (NotFound when the org is out of scope)."""
    _require_org(user, org)
    return Plan.objects.filter(org=org, year=year).select_related("org").first()


def _actuals(user: Actor, org: Organization, codes: list[str], start, end) -> dict[str, Number]:
    known = [c for c in codes if registry.is_registered(c)]
    if not known:
        return {}
    values = indicator_values(user=user, org=org, start=start, end=end, codes=known)
    return {v.code: v.value for v in values}


def _progress(target: Target, actual: Number | None, pace: Decimal) -> TargetProgress:
    indicator = registry.get(target.indicator) if registry.is_registered(target.indicator) else None
    completion, light = evaluate(target.value, actual, pace)
    return TargetProgress(
        indicator=target.indicator,
        name=indicator.name if indicator else target.indicator,
        unit=indicator.unit if indicator else "",
        target=target.value,
        actual=actual,
        completion=completion,
        light=light,
        expected=(pace * 100).quantize(_TENTH, rounding=ROUND_DOWN),
        handed_down_by=target.handed_down_by,
        notes=target.notes,
        pk=target.pk,
    )


def plan_progress(
    *, user: Actor, org: Organization, year: int, today: dt.date | None = None
) -> list[TargetProgress]:
    """One row per target of the org's plan for `year`, in indicator-code order."""
    _require_org(user, org)
    targets = list(
        Target.objects.filter(plan__org=org, plan__year=year)
        .select_related("handed_down_by")
        .order_by("indicator")
    )
    start, end, pace = period(year, today)
    actuals = _actuals(user, org, [t.indicator for t in targets], start, end)
    return [_progress(t, actuals.get(t.indicator), pace) for t in targets]


@dataclass(frozen=True)
class ChildRow:
    org: Organization
    cells: list[TargetProgress | None]  # one per column; None where no target is set


def grid_codes(*, parent: Organization, year: int) -> list[str]:
    """Default grid columns: indicators with a target in the parent's or a child's plan."""
    codes = Target.objects.filter(plan__year=year, plan__org__path__startswith=parent.path)
    codes = codes.filter(plan__org__depth__lte=parent.depth + 1)
    return sorted(
        c for c in set(codes.values_list("indicator", flat=True)) if registry.is_registered(c)
    )


def children_progress(
    *,
    user: Actor,
    parent: Organization,
    year: int,
    codes: list[str] | None = None,
    today: dt.date | None = None,
) -> tuple[list[str], list[ChildRow]]:
    """(columns, rows): for each visible direct child, its target and progress per indicator."""
    _require_org(user, parent)
    columns = [
        c for c in (codes or grid_codes(parent=parent, year=year)) if registry.is_registered(c)
    ]
    start, end, pace = period(year, today)
    children = access.orgs_for(user).filter(parent=parent).order_by("code")
    targets: dict[tuple[int, str], Target] = {
        (t.plan.org_id, t.indicator): t
        for t in Target.objects.filter(
            plan__year=year, plan__org__in=children, indicator__in=columns
        ).select_related("plan", "handed_down_by")
    }
    rows = []
    for child in children:
        actuals = _actuals(user, child, columns, start, end) if columns else {}
        cells: list[TargetProgress | None] = []
        for code in columns:
            target = targets.get((child.pk, code))
            cells.append(_progress(target, actuals.get(code), pace) if target else None)
        rows.append(ChildRow(org=child, cells=cells))
    return columns, rows


# ---------------------------------------------------------------- tasks


def with_overdue(tasks: list[Task], today: dt.date | None = None) -> list[Task]:
    """Mark each task with `overdue` (deadline passed and not done)."""
    today = today or timezone.localdate()
    for task in tasks:
        task.overdue = task.is_overdue(today)  # type: ignore[attr-defined]
    return tasks


def _tasks() -> QuerySet[Task]:
    return Task.objects.select_related("plan__org", "responsible", "target")


def task_list(
    *,
    user: Actor,
    org: Organization | None = None,
    year: int | None = None,
    status: str = "",
) -> QuerySet[Task]:
    access.require(user, access.VIEW)
    qs = access.restrict(_tasks(), user, org_field="plan__org")
    if org is not None:
        qs = qs.filter(plan__org=org)
    if year is not None:
        qs = qs.filter(plan__year=year)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("deadline", "pk")


def task_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Task:
    access.require(user, action)
    return access.get_for_user(_tasks(), user, action, org_field="plan__org", pk=pk)


def my_tasks(*, user: Actor) -> QuerySet[Task]:
    """The user's own tasks: open ones first, by deadline (any role may see their own)."""
    if not user.is_authenticated:
        return Task.objects.none()
    done_last = Case(When(status=TaskStatus.DONE, then=Value(1)), default=Value(0))
    return (
        _tasks()
        .filter(responsible=user)
        .annotate(done_last=done_last)
        .order_by("done_last", "deadline", "pk")
    )
