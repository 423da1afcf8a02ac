"""Writes for target evaluation (目标考评).

Scheme, item and adjustment writes need MANAGE on the scheme's owner organisation and are
audited. `evaluation_publish` freezes the live results of `scoring.evaluation_compute` as a
new version.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest

from kesu.audit.writes import audit_object
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
from kesu.evaluations.scoring import (
    CENT,
    evaluation_compute,
    require_scheme,
    scheme_units,
)
from kesu.orgs import access
from kesu.orgs.models import Level, Organization
from kesu.plans.services import indicator_problem

MAX_POINTS = Decimal("100000")


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
    if value != value.quantize(CENT):
        raise EvaluationError({field: f"{label}最多两位小数"})
    return value.quantize(CENT)


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
            changes = {"year": [None, year], "level": [None, level], "title": [None, title]}
            audit_object(actor, "evaluation.scheme_create", scheme, changes, request, label=title)
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
    require_scheme(actor, scheme, access.MANAGE)
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
            changes = {
                "indicator": [None, indicator],
                "points": [None, str(value)],
                "rule": [None, rule],
                "cap": [None, str(cap_value)],
                "steps": [None, parsed_steps],
            }
            label = f"{scheme} · {indicator}"
            audit_object(
                actor, "evaluation.item_add", item, changes, request, label=label, org=scheme.org
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
    require_scheme(actor, scheme, access.MANAGE)
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
        changes = {
            "unit": [None, unit.code],
            "points": [None, str(value)],
            "reason": [None, reason],
            "evidence": [None, adj.evidence],
        }
        label = f"{unit.name} {value:+}"
        audit_object(
            actor, "evaluation.adjustment_add", adj, changes, request, label=label, org=scheme.org
        )
    return adj


def evaluation_publish(
    *, actor: Actor, scheme: EvaluationScheme, request: HttpRequest | None = None
) -> Evaluation:
    """Freeze the live results as a new version (1, 2, …)."""
    require_scheme(actor, scheme, access.MANAGE)
    if not scheme.items.exists():
        raise EvaluationError({"items": "方案尚未设置考评项目，不能发布"})
    results = evaluation_compute(user=actor, scheme=scheme)
    with transaction.atomic():
        EvaluationScheme.objects.select_for_update().filter(pk=scheme.pk).first()
        last = scheme.evaluations.order_by("-version").values_list("version", flat=True).first()
        evaluation = Evaluation.objects.create(
            scheme=scheme, version=(last or 0) + 1, published_by=_actor(actor), results=results
        )
        changes = {"version": [None, evaluation.version], "units": [None, len(results["rows"])]}
        audit_object(actor, "evaluation.publish", evaluation, changes, request, org=scheme.org)
    return evaluation
