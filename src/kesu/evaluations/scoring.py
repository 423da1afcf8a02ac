"""Scoring of target evaluation (目标考评): the live results of a scheme.

`evaluation_compute` takes the actuals from the indicator registry and the targets from each
unit's plan, scores every item by its rule and ranks the units (ties share a rank).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from kesu.core.actors import Actor
from kesu.evaluations.models import EvaluationScheme, Rule, SchemeItem
from kesu.indicators import registry
from kesu.indicators.selectors import indicator_values
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.plans.models import Target
from kesu.plans.selectors import period
from kesu.plans.services import indicator_problem

CENT, _TENTH = Decimal("0.01"), Decimal("0.1")
NO_TARGET = "未设定目标，得0分"
ZERO_TARGET = "目标值为0，无法计算完成率，得0分"


def completion_of(actual: Any, target: Decimal | None) -> Decimal | None:
    """actual / target × 100 (unrounded), or None without a positive target."""
    if target is None or target <= 0:
        return None
    return Decimal(str(actual or 0)) / target * 100


def score_item(item: SchemeItem, completion: Decimal | None) -> Decimal:
    """The item's score for a completion percentage (None: no target → 0)."""
    if completion is None:
        return Decimal("0.00")
    if item.rule == Rule.PROPORTIONAL:
        score = item.points * min(completion, Decimal(item.cap)) / 100
    elif item.rule == Rule.STEPS:
        reached = [Decimal(str(p)) for t, p in item.steps if completion >= Decimal(str(t))]
        score = max(reached, default=Decimal(0))
    else:
        score = item.points if completion >= 100 else Decimal(0)
    return score.quantize(CENT, rounding=ROUND_HALF_UP)


def _fmt(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize() if value == value.to_integral() else value, "f")
    return str(value)


def rank(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sort by total desc (then code) and set competition ranks: ties share a rank (1, 1, 3)."""
    rows.sort(key=lambda r: (-Decimal(r["total"]), r["code"]))
    previous, current = None, 0
    for index, row in enumerate(rows, start=1):
        if row["total"] != previous:
            current, previous = index, row["total"]
        row["rank"] = current
    return rows


def scheme_units(*, user: Actor, scheme: EvaluationScheme) -> QuerySet[Organization]:
    """The units evaluated: descendants of the owner at the scheme's level, within scope."""
    owner = scheme.org
    return (
        access.orgs_for(user)
        .filter(path__startswith=owner.path, level=scheme.level)
        .exclude(pk=owner.pk)
        .order_by("code")
    )


def require_scheme(user: Actor, scheme: EvaluationScheme, action: str) -> None:
    access.require(user, action)
    if not access.orgs_for(user, action).filter(pk=scheme.org_id).exists():
        raise access.NotFound()


def evaluation_compute(
    *, user: Actor, scheme: EvaluationScheme, today: dt.date | None = None
) -> dict[str, Any]:
    """Live results: {"items": [...], "rows": [...]} with rows ranked by total, ties sharing."""
    require_scheme(user, scheme, access.VIEW)
    items = list(scheme.items.order_by("pk"))
    units = list(scheme_units(user=user, scheme=scheme))
    start, end, _pace = period(scheme.year, today)
    codes = [i.indicator for i in items if not indicator_problem(i.indicator)]
    targets = {
        (t.plan.org_id, t.indicator): t.value
        for t in Target.objects.filter(
            plan__year=scheme.year, plan__org__in=units, indicator__in=codes
        ).select_related("plan")
    }
    manual: dict[int, Decimal] = {}
    for adj in scheme.adjustments.filter(unit__in=units):
        manual[adj.unit_id] = manual.get(adj.unit_id, Decimal(0)) + adj.points
    rows = []
    for unit in units:
        values = indicator_values(user=user, org=unit, start=start, end=end, codes=codes)
        actuals = {v.code: v.value for v in values}
        cells, total = [], Decimal(0)
        for item in items:
            target = targets.get((unit.pk, item.indicator))
            actual = actuals.get(item.indicator)
            completion = completion_of(actual, target)
            score = score_item(item, completion)
            note = ""
            if target is None:
                note = NO_TARGET
            elif completion is None:
                note = ZERO_TARGET
            total += score
            cells.append(
                {
                    "indicator": item.indicator,
                    "actual": _fmt(actual),
                    "target": _fmt(target),
                    "completion": None
                    if completion is None
                    else str(completion.quantize(_TENTH, ROUND_DOWN)),
                    "score": _fmt(score.quantize(CENT)),
                    "note": note,
                }
            )
        extra = manual.get(unit.pk, Decimal(0)).quantize(CENT)
        rows.append(
            {
                "org_id": unit.pk,
                "code": unit.code,
                "name": unit.name,
                "items": cells,
                "manual": _fmt(extra),
                "total": _fmt((total + extra).quantize(CENT)),
            }
        )
    return {
        "scheme": {"title": scheme.title, "year": scheme.year, "level": scheme.level},
        "period": [start.isoformat(), end.isoformat()],
        "items": [
            {
                "indicator": i.indicator,
                "name": _indicator_name(i.indicator),
                "points": _fmt(i.points),
                "rule": i.rule,
            }
            for i in items
        ],
        "rows": rank(rows),
    }


def _indicator_name(code: str) -> str:
    try:
        return registry.get(code).name
    except KeyError:
        return code
