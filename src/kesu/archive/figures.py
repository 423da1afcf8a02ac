"""What the archive's yearly rules look at: which rule applies where, and each member's
figures of a year (hours, activities, the assessment tier, achievements, honours) read in a
few grouped queries per batch of members. Shared by the whole-subtree evaluation
(kesu.archive.rules) and the narrowed verdicts (kesu.archive.narrowing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from kesu.achievements.choices import ReviewStatus
from kesu.achievements.models import Achievement, Honour
from kesu.activities.archive import plain_activities
from kesu.activities.models import Attendance
from kesu.archive.models import ArchiveRule
from kesu.assessment.selectors import latest_tiers
from kesu.orgs.models import Organization
from kesu.training.progress import member_hours

TIER_BATCH = 2000  # ids per latest_tiers call (it reads attempts by IN list up to that many)


# ---------------------------------------------------------------- which rule applies


def _ancestor_paths(path: str) -> list[str]:
    """'/HZ/HZ-A/HZ-A-1/' -> ['/HZ/HZ-A/HZ-A-1/', '/HZ/HZ-A/', '/HZ/']."""
    codes = [c for c in path.split("/") if c]
    return ["/" + "/".join(codes[:i]) + "/" for i in range(len(codes), 0, -1)]


def rule_for_org(org: Organization, year: int) -> ArchiveRule | None:
    """The rule that applies to `org`'s members in `year`: its own or the nearest ancestor's."""
    paths = _ancestor_paths(org.path)
    rules = {
        r.org.path: r
        for r in ArchiveRule.objects.filter(year=year, org__path__in=paths).select_related("org")
    }
    return next((rules[p] for p in paths if p in rules), None)


def subtree_rules(org: Organization, year: int) -> dict[str, ArchiveRule]:
    """org path -> rule, for the rules `org`'s subtree falls under: the nearest one at or
    above `org`, and every one inside the subtree."""
    rules = {
        r.org.path: r
        for r in ArchiveRule.objects.filter(year=year)
        .filter(Q(org__path__in=_ancestor_paths(org.path)) | Q(org__path__startswith=org.path))
        .select_related("org")
    }
    above = next((p for p in _ancestor_paths(org.path) if p in rules), None)
    return {p: r for p, r in rules.items() if p == above or p.startswith(org.path)}


def rule_at(rules: dict[str, ArchiveRule], path: str) -> ArchiveRule | None:
    """The rule of subtree_rules that applies at `path`: the one of the longest prefix."""
    return next(
        (rules[p] for p in sorted(rules, key=len, reverse=True) if path.startswith(p)), None
    )


def rules_for_subtree(org: Organization, year: int) -> dict[int, ArchiveRule | None]:
    """org id -> applicable rule (or None) for every organisation of `org`'s subtree."""
    rules = subtree_rules(org, year)
    nearest_first = sorted(rules, key=len, reverse=True)  # a rule's path prefixes its subtree's
    orgs = Organization.objects.filter(path__startswith=org.path).values_list("id", "path")
    return {
        org_id: next((rules[p] for p in nearest_first if path.startswith(p)), None)
        for org_id, path in orgs
    }


def distinct_rules(rules: dict[int, ArchiveRule | None]) -> list[ArchiveRule]:
    """The applicable rules (each once) of a rules_for_subtree mapping (its rule objects are
    shared between organisations, so identity tells them apart)."""
    return [r for r in {id(r): r for r in rules.values()}.values() if r is not None]


# ---------------------------------------------------------------- figures per member


@dataclass
class Figures:
    """One member's participation in a year (hours None: the training app is not there)."""

    hours: Decimal | None = None
    activities: int = 0
    tier: str = ""
    assessed: bool | None = None
    achievements: int = 0
    honours: int = 0
    lacks: list[str] = field(default_factory=list)
    rule: ArchiveRule | None = None

    @property
    def meets(self) -> bool | None:
        return None if self.rule is None else not self.lacks


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz))


def _grouped(qs: Any, key: str, counted: str) -> dict[int, int]:
    return dict(qs.values(key).annotate(n=Count(counted, distinct=True)).values_list(key, "n"))


def tier_text(value: Any) -> tuple[str, int | None]:
    """(tier label, year taken) from whatever latest_tiers returns per member."""
    if value is None:
        return "", None
    if isinstance(value, tuple | list):  # (tier name, date, is_literate) from kesu.assessment
        label, when = (value[0] if value else ""), (value[1] if len(value) > 1 else None)
    elif isinstance(value, dict):
        label = value.get("tier_name") or value.get("tier") or value.get("label") or ""
        when = value.get("taken_on") or value.get("date") or value.get("year")
    else:
        label = getattr(value, "tier_name", None) or getattr(value, "tier", None) or value
        when = (
            getattr(value, "taken_on", None)
            or getattr(value, "date", None)
            or getattr(value, "year", None)
        )
    year = when if isinstance(when, int) else getattr(when, "year", None)
    return str(label), year


ALL_FIGURES = frozenset({"activities", "achievements", "honours", "hours", "tiers"})


def needed_figures(applicable: Any) -> frozenset[str]:
    """The figures some rule among `applicable` looks at (what evaluating it must read)."""
    needs: set[str] = set()
    for rule in {r.pk: r for r in applicable if r is not None}.values():
        needs |= {
            name
            for name, on in (
                ("hours", rule.min_hours),
                ("activities", rule.min_activities),
                ("tiers", rule.assessment_required),
                ("achievements", rule.min_achievements),
            )
            if on
        }
    return frozenset(needs)


def figures_for(
    member_ids: list[int],
    year: int,
    needs: frozenset[str] = ALL_FIGURES,
) -> dict[int, Figures]:
    """Figures of `year` for a batch of members, in a few grouped queries (only the `needs`
    ones: a figure no rule looks at is not read when only the verdict matters)."""
    start, end = year_bounds(year)
    none: dict[int, int] = {}
    who: dict[str, Any] = {"member_id__in": member_ids}
    activities = (
        none
        if "activities" not in needs
        else _grouped(
            Attendance.objects.filter(
                **who,
                activity__start__gte=start,
                activity__start__lt=end,
                **plain_activities(),
            ),
            "member_id",
            "activity_id",
        )
    )
    achievements = (
        none
        if "achievements" not in needs
        else _grouped(
            Achievement.members.through.objects.filter(
                **who,
                achievement__achieved_on__year=year,
                achievement__status=ReviewStatus.VERIFIED,
            ),
            "member_id",
            "achievement_id",
        )
    )
    honours = (
        none
        if "honours" not in needs
        else _grouped(
            Honour.members.through.objects.filter(**who, honour__year=year),
            "member_id",
            "honour_id",
        )
    )
    hours = member_hours(member_ids, year) if "hours" in needs else None
    tiers = None
    if "tiers" in needs:  # bounded id lists (past that it reads every attempt)
        tiers = {}
        for i in range(0, len(member_ids), TIER_BATCH):
            tiers |= latest_tiers(member_ids[i : i + TIER_BATCH])
    out: dict[int, Figures] = {}
    for mid in member_ids:
        tier, taken = tier_text((tiers or {}).get(mid))
        out[mid] = Figures(
            hours=None if hours is None else Decimal(str(hours.get(mid) or 0)),
            activities=activities.get(mid, 0),
            tier=tier,
            assessed=None if tiers is None else (bool(tier) and taken in (None, year)),
            achievements=achievements.get(mid, 0),
            honours=honours.get(mid, 0),
        )
    return out


def lacks(rule: ArchiveRule, f: Figures) -> list[str]:
    """What a member lacks under `rule`, in Chinese ("学时 3.0/8.0"…); empty: meets it."""
    out = []
    hours = f.hours or Decimal("0")
    if rule.min_hours and hours < rule.min_hours:
        out.append(f"学时不足（{hours:.1f}/{rule.min_hours:.1f}）")
    if rule.min_activities and f.activities < rule.min_activities:
        out.append(f"参加活动不足（{f.activities}/{rule.min_activities}场）")
    if rule.assessment_required and not f.assessed:
        out.append("未参加科学素质测评")
    if rule.min_achievements and f.achievements < rule.min_achievements:
        out.append(f"创新成果不足（{f.achievements}/{rule.min_achievements}项）")
    return out
