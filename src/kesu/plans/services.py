"""Writes to plans: create a plan, set or hand down targets (tasks: `services_tasks`).

Every write checks the access layer, validates with Chinese messages naming the field, and
audits in its own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from kesu.audit.writes import audit_changes, audit_object
from kesu.core import parsing
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.indicators import registry
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.plans.models import YEAR_MAX, YEAR_MIN, Plan, Target

FIELD_LABELS = {
    "org": "组织",
    "year": "年度",
    "indicator": "指标",
    "value": "目标值",
    "notes": "备注",
    "title": "任务名称",
    "responsible": "负责人",
    "deadline": "截止日期",
    "status": "状态",
    "target": "对应目标",
    "values": "下达目标",
    "parent": "上级组织",
}
MAX_VALUE = Decimal("999999999999.99")


class PlanError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


# ---------------------------------------------------------------- parsing


def parse_year(raw: Any) -> int:
    errors: dict[str, str] = {}
    year = parsing.parse_field(
        errors, "year", parsing.parse_year, raw, required=True, low=YEAR_MIN, high=YEAR_MAX
    )
    if errors or year is None:
        raise PlanError(errors)
    return year


def indicator_problem(code: Any) -> str:
    """ "" when `code` is a registered indicator, otherwise the Chinese message."""
    text = str(code or "").strip()
    if not text:
        return "请选择指标"
    try:
        registry.get(text)
    except KeyError:
        return f"未知的指标编码：{text}"
    return ""


def value_problem(raw: Any) -> tuple[Decimal | None, str]:
    """(value, "") or (None, Chinese message) for a target value."""
    if raw is None or str(raw).strip() == "":
        return None, "请填写目标值"
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        return None, f"目标值应为数字：{raw}"
    if not value.is_finite():
        return None, f"目标值应为数字：{raw}"
    if value < 0:
        return None, "目标值不能为负数"
    if value > MAX_VALUE:
        return None, "目标值过大"
    if value != value.quantize(Decimal("0.01")):
        return None, "目标值最多两位小数"
    return value.quantize(Decimal("0.01")), ""


def actor_or_none(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) else None


# ---------------------------------------------------------------- plans


def _plan_for(actor: Actor, org: Organization, year: int, request: HttpRequest | None) -> Plan:
    """Inside a transaction: the plan of (org, year), created and audited when missing."""
    plan, created = Plan.objects.get_or_create(
        org=org,
        year=year,
        defaults={"title": f"{org.name}{year}年度计划", "created_by": actor_or_none(actor)},
    )
    if created:
        changes = {"year": [None, year], "title": [None, plan.title]}
        audit_object(actor, "plan.create", plan, changes, request)
    return plan


def plan_get_or_create(
    *, actor: Actor, org: Organization, year: Any, request: HttpRequest | None = None
) -> tuple[Plan, bool]:
    """The plan of `org` for `year` (inside the actor's scope); (plan, created)."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    year = parse_year(year)
    with transaction.atomic():
        existed = Plan.objects.filter(org=org, year=year).exists()
        plan = _plan_for(actor, org, year, request)
    return plan, not existed


# ---------------------------------------------------------------- targets


def target_snapshot(target: Target) -> dict[str, Any]:
    return {
        "indicator": target.indicator,
        "value": None if target.value is None else str(target.value),
        "handed_down_by": target.handed_down_by.code if target.handed_down_by else None,
        "notes": target.notes,
    }


def _write_target(
    actor: Actor,
    org: Organization,
    year: int,
    indicator: str,
    value: Decimal,
    request: HttpRequest | None,
    *,
    handed_down_by: Organization | None = None,
    notes: str | None = None,
) -> Target:
    """Inside a transaction: set one target of `org`'s plan for `year` (made when missing)."""
    plan = _plan_for(actor, org, year, request)
    target = Target.objects.select_for_update().filter(
        plan=plan, indicator=indicator
    ).first() or Target(plan=plan, indicator=indicator)
    before = target_snapshot(target) if target.pk else {}
    target.value, target.handed_down_by = value, handed_down_by
    if notes is not None:
        target.notes = notes
    try:
        target.full_clean(exclude=["plan"])
    except ValidationError as exc:
        raise PlanError({k: "；".join(v) for k, v in exc.message_dict.items()}) from None
    target.save()
    after, label = target_snapshot(target), f"{plan.org.name} {plan.year} {indicator}"
    audit_changes(actor, "target.set", target, before, after, request, label=label, org=plan.org)
    return target


def target_set(
    *,
    actor: Actor,
    org: Organization,
    year: Any,
    indicator: str,
    value: Any,
    notes: str | None = None,
    request: HttpRequest | None = None,
) -> Target:
    """Set the target of `org` for `indicator` in `year` (creating the plan when needed).

    Set by the organisation itself, so a previous hand-down mark is cleared."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    errors: dict[str, str] = {}
    try:
        year = parse_year(year)
    except PlanError as exc:
        errors.update(exc.errors)
    indicator = str(indicator or "").strip()
    if problem := indicator_problem(indicator):
        errors["indicator"] = problem
    clean, problem = value_problem(value)
    if problem:
        errors["value"] = problem
    if errors:
        raise PlanError(errors)
    assert clean is not None
    with transaction.atomic():
        return _write_target(actor, org, year, indicator, clean, request, notes=notes)


def targets_hand_down(
    *,
    actor: Actor,
    parent: Organization,
    year: Any,
    values: Mapping[str, Mapping[str, Any]],
    request: HttpRequest | None = None,
) -> list[Target]:
    """The parent sets targets for its direct children: {child_code: {indicator: value}}.

    Blank values are skipped. Every child must be a direct child inside the actor's scope;
    any error anywhere and nothing is written. Error keys are "<child>.<indicator>"."""
    access.ensure_org_in_scope(actor, parent, access.CHANGE)
    year = parse_year(year)
    children = {c.code: c for c in access.orgs_for(actor, access.CHANGE).filter(parent=parent)}
    errors: dict[str, str] = {}
    planned: list[tuple[Organization, str, Decimal]] = []
    for code, row in values.items():
        child = children.get(str(code))
        if child is None:
            errors[str(code)] = f"{code} 不是{parent.name}的直接下级组织或不在管辖范围内"
            continue
        for indicator, raw in row.items():
            if raw is None or str(raw).strip() == "":
                continue
            key = f"{code}.{indicator}"
            if problem := indicator_problem(indicator):
                errors[key] = f"{child.name}：{problem}"
                continue
            clean, problem = value_problem(raw)
            if problem:
                errors[key] = f"{child.name} {registry.get(indicator).name}：{problem}"
                continue
            assert clean is not None
            planned.append((child, str(indicator), clean))
    if errors:
        raise PlanError(errors)
    if not planned:
        raise PlanError({"values": "没有填写任何目标值"})
    out: list[Target] = []
    with transaction.atomic():
        for child, indicator, clean in planned:
            target = _write_target(
                actor, child, year, indicator, clean, request, handed_down_by=parent
            )
            out.append(target)
    return out
