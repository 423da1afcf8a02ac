"""Writes and scoring for target evaluation (目标考评).

Scheme, item and adjustment writes need MANAGE on the scheme's owner organisation and are
audited. `evaluation_compute` gives the live results (actuals from the indicator registry,
targets from each unit's plan); `evaluation_publish` freezes them as a new version.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from kesu.audit.services import audit_record
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.evaluations.models import (
    YEAR_MAX,
    YEAR_MIN,
    Evaluation,
    EvaluationScheme,
    ManualAdjustment,
    Rule,
    SchemeItem,
)
from kesu.indicators import registry
from kesu.indicators.selectors import indicator_values
from kesu.orgs import access
from kesu.orgs.models import Level, Organization
from kesu.plans.models import Target
from kesu.plans.selectors import period
from kesu.plans.services import indicator_problem

_CENT, _TENTH = Decimal("0.01"), Decimal("0.1")
MAX_POINTS = Decimal("100000")
NO_TARGET = "未设定目标，得0分"
ZERO_TARGET = "目标值为0，无法计算完成率，得0分"


class EvaluationError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def _actor(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _decimal(raw: Any, field: str, label: str) -> Decimal:
    if raw is None or str(raw).strip() == "":
        raise EvaluationError({field: f"请填写{label}"})
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise EvaluationError({field: f"{label}应为数字：{raw}"}) from None
    if not value.is_finite():
        raise EvaluationError({field: f"{label}应为数字：{raw}"})
    if abs(value) > MAX_POINTS:
        raise EvaluationError({field: f"{label}过大"})
    if value != value.quantize(_CENT):
        raise EvaluationError({field: f"{label}最多两位小数"})
    return value.quantize(_CENT)


# ---------------------------------------------------------------- scoring


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
    return score.quantize(_CENT, rounding=ROUND_HALF_UP)


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


def _require_scheme(user: Actor, scheme: EvaluationScheme, action: str) -> None:
    access.require(user, action)
    if not access.orgs_for(user, action).filter(pk=scheme.org_id).exists():
        raise access.NotFound()


def evaluation_compute(
    *, user: Actor, scheme: EvaluationScheme, today: dt.date | None = None
) -> dict[str, Any]:
    """Live results: {"items": [...], "rows": [...]} with rows ranked by total, ties sharing."""
    _require_scheme(user, scheme, access.VIEW)
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
                    "score": _fmt(score.quantize(_CENT)),
                    "note": note,
                }
            )
        extra = manual.get(unit.pk, Decimal(0)).quantize(_CENT)
        rows.append(
            {
                "org_id": unit.pk,
                "code": unit.code,
                "name": unit.name,
                "items": cells,
                "manual": _fmt(extra),
                "total": _fmt((total + extra).quantize(_CENT)),
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


# ---------------------------------------------------------------- writes


def scheme_create(
    *,
    actor: Actor,
    org: Organization,
    year: Any,
    level: str,
    title: str = "",
    request: HttpRequest | None = None,
) -> EvaluationScheme:
    access.ensure_org_in_scope(actor, org, access.MANAGE)
    errors: dict[str, str] = {}
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        errors["year"] = "年度应为整数，如 2026"
    else:
        if not YEAR_MIN <= year <= YEAR_MAX:
            errors["year"] = f"年度应在{YEAR_MIN}至{YEAR_MAX}之间"
    if level not in Level.values:
        errors["level"] = "请选择被考评层级"
    elif Level.values.index(level) <= Level.values.index(org.level):
        errors["level"] = "被考评层级应低于考评组织的层级"
    if errors:
        raise EvaluationError(errors)
    title = (title or "").strip() or f"{org.name}{year}年度{Level(level).label}目标考评"
    if len(title) > 200:
        raise EvaluationError({"title": "标题不能超过200字"})
    try:
        with transaction.atomic():
            scheme = EvaluationScheme.objects.create(
                org=org, year=year, level=level, title=title, created_by=_actor(actor)
            )
            audit_record(
                actor=actor,
                action="evaluation.scheme_create",
                target_type="evaluationscheme",
                target_id=scheme.pk,
                target_repr=title,
                org_path=org.path,
                changes={"year": [None, year], "level": [None, level], "title": [None, title]},
                request=request,
            )
    except IntegrityError:
        raise EvaluationError({"level": "该组织本年度已有此层级的考评方案"}) from None
    return scheme


def _parse_steps(raw: Any) -> list[list[float]]:
    if not isinstance(raw, (list, tuple)) or not raw:
        raise EvaluationError({"steps": "请填写分档：[[完成率%, 分值], …]"})
    steps = []
    for pair in raw:
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise EvaluationError({"steps": "每一档应为 [完成率%, 分值]"})
        threshold = _decimal(pair[0], "steps", "分档完成率")
        points = _decimal(pair[1], "steps", "分档分值")
        if threshold < 0 or points < 0:
            raise EvaluationError({"steps": "分档完成率和分值不能为负数"})
        steps.append([float(threshold), float(points)])
    thresholds = [t for t, _p in steps]
    if thresholds != sorted(set(thresholds)):
        raise EvaluationError({"steps": "分档完成率应从低到高且不重复"})
    return steps


def item_add(
    *,
    actor: Actor,
    scheme: EvaluationScheme,
    indicator: str,
    points: Any,
    rule: str,
    cap: Any = 100,
    steps: Any = None,
    request: HttpRequest | None = None,
) -> SchemeItem:
    _require_scheme(actor, scheme, access.MANAGE)
    indicator = str(indicator or "").strip()
    if problem := indicator_problem(indicator):
        raise EvaluationError({"indicator": problem})
    value = _decimal(points, "points", "分值")
    if value <= 0:
        raise EvaluationError({"points": "分值应大于0"})
    if rule not in Rule.values:
        raise EvaluationError({"rule": "请选择计分规则"})
    cap_value, parsed_steps = Decimal(100), []
    if rule == Rule.PROPORTIONAL:
        cap_value = _decimal(cap, "cap", "封顶完成率")
        if not Decimal(100) <= cap_value <= Decimal(1000):
            raise EvaluationError({"cap": "封顶完成率应在100%至1000%之间"})
    elif rule == Rule.STEPS:
        parsed_steps = _parse_steps(steps)
        if max(Decimal(str(p)) for _t, p in parsed_steps) > value:
            raise EvaluationError({"steps": "分档分值不能超过该项分值"})
    try:
        with transaction.atomic():
            item = SchemeItem.objects.create(
                scheme=scheme,
                indicator=indicator,
                points=value,
                rule=rule,
                cap=cap_value,
                steps=parsed_steps,
            )
            audit_record(
                actor=actor,
                action="evaluation.item_add",
                target_type="schemeitem",
                target_id=item.pk,
                target_repr=f"{scheme} · {indicator}",
                org_path=scheme.org.path,
                changes={
                    "indicator": [None, indicator],
                    "points": [None, str(value)],
                    "rule": [None, rule],
                    "cap": [None, str(cap_value)],
                    "steps": [None, parsed_steps],
                },
                request=request,
            )
    except IntegrityError:
        raise EvaluationError({"indicator": "本方案已有该指标"}) from None
    return item


def adjustment_add(
    *,
    actor: Actor,
    scheme: EvaluationScheme,
    unit: Organization,
    points: Any,
    reason: str,
    evidence: str = "",
    request: HttpRequest | None = None,
) -> ManualAdjustment:
    _require_scheme(actor, scheme, access.MANAGE)
    if not scheme_units(user=actor, scheme=scheme).filter(pk=unit.pk).exists():
        raise EvaluationError({"unit": "该单位不在本方案的考评范围内"})
    value = _decimal(points, "points", "加减分")
    if value == 0:
        raise EvaluationError({"points": "加减分不能为0"})
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError({"reason": "请填写加减分理由"})
    if len(reason) > 500:
        raise EvaluationError({"reason": "理由不能超过500字"})
    with transaction.atomic():
        adj = ManualAdjustment.objects.create(
            scheme=scheme,
            unit=unit,
            points=value,
            reason=reason,
            evidence=(evidence or "").strip(),
            entered_by=_actor(actor),
        )
        audit_record(
            actor=actor,
            action="evaluation.adjustment_add",
            target_type="manualadjustment",
            target_id=adj.pk,
            target_repr=f"{unit.name} {value:+}",
            org_path=scheme.org.path,
            changes={
                "unit": [None, unit.code],
                "points": [None, str(value)],
                "reason": [None, reason],
                "evidence": [None, adj.evidence],
            },
            request=request,
        )
    return adj


def evaluation_publish(
    *, actor: Actor, scheme: EvaluationScheme, request: HttpRequest | None = None
) -> Evaluation:
    """Freeze the live results as a new version (1, 2, …)."""
    _require_scheme(actor, scheme, access.MANAGE)
    if not scheme.items.exists():
        raise EvaluationError({"items": "方案尚未设置考评项目，不能发布"})
    results = evaluation_compute(user=actor, scheme=scheme)
    with transaction.atomic():
        EvaluationScheme.objects.select_for_update().filter(pk=scheme.pk).first()
        last = scheme.evaluations.order_by("-version").values_list("version", flat=True).first()
        evaluation = Evaluation.objects.create(
            scheme=scheme, version=(last or 0) + 1, published_by=_actor(actor), results=results
        )
        audit_record(
            actor=actor,
            action="evaluation.publish",
            target_type="evaluation",
            target_id=evaluation.pk,
            target_repr=str(evaluation),
            org_path=scheme.org.path,
            changes={"version": [None, evaluation.version], "units": [None, len(results["rows"])]},
            request=request,
        )
    return evaluation
