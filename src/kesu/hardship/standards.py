"""The minimum-living standard (低保标准) that applies to a file, and the tier rule.

Tier rule (困难类别与收入的一致性):
- 深度困难: monthly income per head ≤ the standard;
- 相对困难: ≤ standard × the multiplier of that standard (1.5 unless configured);
- 意外致困: hardship from a sudden event (accident, disaster, severe illness): no income
  ceiling, judged by the case notes.
The standard is the one of the file's organisation or, failing that, of its nearest
ancestor, for the filing year; when no organisation on the path has one for that year the
latest earlier year of the nearest one is used.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.hardship.models import LivingStandard, Tier
from kesu.hardship.validation import HardshipError, can_see_details, collect, integer, money
from kesu.orgs import access
from kesu.orgs.models import Organization


def _path_codes(org: Organization) -> list[str]:
    return [code for code in org.path.split("/") if code]


def standard_for(org: Organization, year: int) -> LivingStandard | None:
    """The standard applying to `org` in `year` (see the module docstring)."""
    codes = _path_codes(org)
    rows = list(
        LivingStandard.objects.filter(org__code__in=codes, year__lte=year)
        .select_related("org")
        .order_by("-year")
    )
    exact = [s for s in rows if s.year == year]
    pool = exact or rows
    if not pool:
        return None
    return max(pool, key=lambda s: (s.org.depth, s.year))


def tier_problem(
    tier: str, income: Decimal, standard: LivingStandard | None, year: int
) -> str | None:
    """A Chinese message when `income` contradicts `tier`, naming the figures; else None."""
    if tier == Tier.ACCIDENT:
        return None
    if standard is None:
        return (
            f"未找到{year}年适用的低保标准（本组织及上级均未设置），无法核定"
            f"“{Tier(tier).label}”，请先设置低保标准"
        )
    if tier == Tier.DEEP and income > standard.monthly_amount:
        return (
            f"深度困难要求家庭月人均收入不高于当地低保标准：填写的 {income} 元"
            f"高于{standard.year}年标准 {standard.monthly_amount} 元"
        )
    ceiling = (standard.monthly_amount * standard.relative_multiplier).quantize(Decimal("0.01"))
    if tier == Tier.RELATIVE and income > ceiling:
        return (
            f"相对困难要求家庭月人均收入不高于低保标准的{standard.relative_multiplier}倍："
            f"填写的 {income} 元高于 {ceiling} 元（{standard.year}年标准 "
            f"{standard.monthly_amount} 元）"
        )
    return None


def standard_set(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> LivingStandard:
    """Create or replace the standard of `org` for a year; audited."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    if not can_see_details(actor):
        raise access.Forbidden()
    clean, errors = collect(
        data,
        {
            "year": lambda v: integer(v, "年度", minimum=2000, maximum=2100),
            "monthly_amount": lambda v: money(v, "低保标准"),
            "relative_multiplier": lambda v: money(v, "相对困难上限倍数", required=False),
        },
        partial=False,
    )
    if not errors and clean["monthly_amount"] == 0:
        errors["monthly_amount"] = "低保标准应大于0"
    multiplier = clean.get("relative_multiplier") or Decimal("1.50")
    if not errors and not Decimal("1") <= multiplier <= Decimal("5"):
        errors["relative_multiplier"] = "相对困难上限倍数应在1到5之间"
    if errors:
        raise HardshipError(errors)
    with transaction.atomic():
        row = LivingStandard.objects.filter(org=org, year=clean["year"]).first()
        before = [str(row.monthly_amount), str(row.relative_multiplier)] if row else None
        row = row or LivingStandard(org=org, year=clean["year"])
        row.monthly_amount, row.relative_multiplier = clean["monthly_amount"], multiplier
        row.save()
        audit_object(
            actor,
            "hardship.standard_set",
            row,
            {"standard": [before, [str(row.monthly_amount), str(multiplier)]]},
            request,
            target_type="living_standard",
            label=f"{org.name} {row.year}年低保标准",
            org=org,
        )
    return row


def standard_list(*, user: Actor):
    return access.restrict(LivingStandard.objects.select_related("org"), user).order_by(
        "org__path", "-year"
    )
