"""Writes of the archive app: the yearly evaluation rules (audited)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.archive.models import ArchiveRule
from kesu.audit.services import diff
from kesu.audit.writes import audit_changes, audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs import access
from kesu.orgs.models import Organization

RULE_LABELS = {
    "org": "制定组织",
    "year": "年度",
    "min_hours": "最低学时",
    "min_activities": "最少参加活动",
    "assessment_required": "须参加测评",
    "min_achievements": "最少创新成果",
}


class RuleError(ServiceError):
    """Field errors: `errors` maps field names to Chinese messages."""


def _int(value: Any, key: str, errors: dict, *, optional: bool = False) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text:
        if optional:
            return None
        return 0
    if not text.isdigit() or int(text) > 1000:
        errors[key] = "应为0至1000的整数"
        return None
    return int(text)


def clean_rule(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    year_text = str(data.get("year") or "").strip()
    this_year = timezone.localdate().year
    if not year_text.isdigit() or not 2000 <= int(year_text) <= this_year + 1:
        errors["year"] = f"应为2000至{this_year + 1}之间的年份"
    else:
        clean["year"] = int(year_text)
    try:
        hours = Decimal(str(data.get("min_hours") or "0").strip())
        if not hours.is_finite() or hours < 0 or hours > 1000:
            raise InvalidOperation
        clean["min_hours"] = hours.quantize(Decimal("0.1"))
    except InvalidOperation:
        errors["min_hours"] = "应为0至1000的数字（可带一位小数）"
    clean["min_activities"] = _int(data.get("min_activities"), "min_activities", errors)
    clean["min_achievements"] = _int(
        data.get("min_achievements"), "min_achievements", errors, optional=True
    )
    flag = data.get("assessment_required")
    clean["assessment_required"] = flag is True or str(flag).lower() in (
        "1",
        "true",
        "yes",
        "on",
        "是",
    )
    return {k: v for k, v in clean.items() if k not in errors}, errors


def _snapshot(rule: ArchiveRule) -> dict[str, Any]:
    return {
        "year": rule.year,
        "min_hours": str(rule.min_hours),
        "min_activities": rule.min_activities,
        "assessment_required": rule.assessment_required,
        "min_achievements": rule.min_achievements,
    }


def rule_save(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> ArchiveRule:
    """Create or replace `org`'s rule for the year in `data` (its subtree inherits it)."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean, errors = clean_rule(data)
    if errors:
        raise RuleError(errors)
    with transaction.atomic():
        rule = ArchiveRule.objects.select_for_update().filter(org=org, year=clean["year"]).first()
        before = _snapshot(rule) if rule else {}
        rule = rule or ArchiveRule(org=org, created_by=actor if actor.pk else None)
        for key, value in clean.items():
            setattr(rule, key, value)
        rule.save()
        action = "archive_rule.update" if before else "archive_rule.create"
        label = f"{org.name} {rule.year}年度定期评估规则"
        audit_changes(
            actor,
            action,
            rule,
            before,
            _snapshot(rule),
            request,
            target_type="archive_rule",
            label=label,
            org=org,
        )
    return rule


def rule_delete(*, actor: Actor, rule: ArchiveRule, request: HttpRequest | None = None) -> None:
    access.ensure_org_in_scope(actor, rule.org, access.CHANGE)
    with transaction.atomic():
        audit_object(
            actor,
            "archive_rule.delete",
            rule,
            diff(_snapshot(rule), {}),
            request,
            target_type="archive_rule",
            label=f"{rule.org.name} {rule.year}年度定期评估规则",
        )
        rule.delete()
