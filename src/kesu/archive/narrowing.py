"""Verdicts without reading every member: per applicable rule, the members whose year
reaches each of its thresholds, with the thresholds in SQL (grouped counts and sums with
HAVING), so only the few thousand members of a city of a million who could meet their rule
come back, with their organisation and figures.

Each query reads one year of one kind of record, grouped by member, joined neither to the
members nor to the organisation tree (joins on the organisation path made PostgreSQL plan
nested loops on freshly filled tables); the members who come back are then looked up by
bounded id lists (active ones, their organisation), and the subtree and each
organisation's rule applied to them. The
figures are those `kesu.archive.figures.figures_for` reads (same filters, same grouping); the
assessment is narrowed to an attempt submitted in the year, and the tier itself — the
latest scored attempt — is read by `kesu.assessment.selectors.latest_tiers` for these few
members alone, in bounded id lists."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum

from kesu.activities.archive import plain_activities
from kesu.activities.models import Attendance
from kesu.archive.figures import (
    TIER_BATCH,
    Figures,
    lacks,
    needed_figures,
    rule_at,
    subtree_rules,
    tier_text,
    year_bounds,
)
from kesu.archive.models import ArchiveRule
from kesu.assessment.selectors import latest_tiers
from kesu.members.models import Member
from kesu.orgs.models import Organization
from kesu.training.progress import training_attendance

Reached = dict[int, Any]  # member id -> figure


def _reaching(qs: Any, total: Any, least: Any, *, assessed: int | None = None) -> Reached:
    """member id -> figure for the members whose `total` is at least `least` (and, with
    `assessed` set to a year, who have an assessment attempt in that year)."""
    if assessed is not None:
        qs = qs.filter(Exists(attempted_in(assessed).filter(member_id=OuterRef("member_id"))))
    rows = (
        qs.filter(member__isnull=False)
        .order_by()
        .values("member_id")
        .annotate(total=total)
        .filter(total__gte=least)
        .values_list("member_id", "total")
    )
    return dict(rows)


def hours_reaching(year: int, least: Any, assessed: bool = False) -> Reached:
    """Credited training hours of the year (as kesu.training.progress.member_hours sums them:
    training check-ins of sessions held in the year)."""
    start, end = year_bounds(year)
    qs = training_attendance().filter(
        activity__training_session__start__gte=start, activity__training_session__start__lt=end
    )
    return _reaching(
        qs, Sum("activity__training_session__hours"), least, assessed=year if assessed else None
    )


def activities_reaching(year: int, least: int, assessed: bool = False) -> Reached:
    """Activities (not training check-ins) started in the year and attended."""
    start, end = year_bounds(year)
    qs = Attendance.objects.filter(
        activity__start__gte=start, activity__start__lt=end, **plain_activities()
    )
    return _reaching(
        qs, Count("activity_id", distinct=True), least, assessed=year if assessed else None
    )


def achievements_reaching(year: int, least: int, assessed: bool = False) -> Reached:
    """Verified achievements of the year."""
    from kesu.achievements.choices import ReviewStatus
    from kesu.achievements.models import Achievement

    qs = Achievement.members.through.objects.filter(
        achievement__achieved_on__year=year, achievement__status=ReviewStatus.VERIFIED
    )
    return _reaching(
        qs, Count("achievement_id", distinct=True), least, assessed=year if assessed else None
    )


def attempted_in(year: int) -> QuerySet:
    """Attempts on an assessment's paper submitted in the year: whoever's latest scored
    attempt falls in the year has one."""
    from kesu.assessment.models import LiteracyAssessment
    from kesu.quiz.models import Attempt

    start, end = year_bounds(year)
    papers = list(LiteracyAssessment.objects.values_list("paper_id", flat=True))
    return Attempt.objects.filter(
        paper_id__in=papers, submitted_at__gte=start, submitted_at__lt=end
    )


def assessed_in(year: int) -> Reached:
    """Members with an attempt of attempted_in(year); the figure is their count."""
    return _reaching(attempted_in(year), Count("id"), 1)


THRESHOLDS = (  # figure, rule field, query
    ("achievements", "min_achievements", achievements_reaching),
    ("hours", "min_hours", hours_reaching),
    ("activities", "min_activities", activities_reaching),
)


def _candidates(
    org: Organization, by_path: dict[str, ArchiveRule], year: int
) -> dict[int, tuple[ArchiveRule, int, dict[str, Any]]]:
    """member id -> (rule, org id, figures read) for the active members of the subtree
    whose year reaches every threshold of their organisation's rule. Each kind of record is
    read once, at the lowest threshold any rule sets for it."""
    applicable = [r for r in by_path.values() if needed_figures([r])]
    reached: dict[str, Reached] = {}
    for name, attr, query in THRESHOLDS:
        asking = [r for r in applicable if getattr(r, attr)]
        if asking:  # the assessment in SQL too when every rule asking for this one wants it
            reached[name] = query(
                year,
                min(getattr(r, attr) for r in asking),
                assessed=all(r.assessment_required for r in asking),
            )
    if any(r.assessment_required and not _thresholds(r) for r in applicable):
        reached["assessed"] = assessed_in(year)
    orgs = _active_orgs({m for got in reached.values() for m in got})
    rules = _org_rules(org, by_path, set(orgs.values()))
    out: dict[int, tuple[ArchiveRule, int, dict[str, Any]]] = {}
    for member, org_id in orgs.items():
        rule = rules.get(org_id)
        if rule is None:
            continue
        asked = [
            (name, getattr(rule, attr)) for name, attr, _q in THRESHOLDS if getattr(rule, attr)
        ]
        if not asked:  # the assessment alone: whoever took one this year
            asked = [("assessed", 1)]
        got = {name: reached[name].get(member) for name, _least in asked}
        if all(got[name] is not None and got[name] >= least for name, least in asked):
            out[member] = (rule, org_id, got)
    return out


def _active_orgs(member_ids: set[int]) -> dict[int, int]:
    """member id -> org id for those of `member_ids` who are active (bounded id lists)."""
    ordered = sorted(member_ids)
    out: dict[int, int] = {}
    for i in range(0, len(ordered), TIER_BATCH):
        chunk = Member.objects.current().filter(pk__in=ordered[i : i + TIER_BATCH])
        out.update(chunk.values_list("id", "org_id"))
    return out


def _org_rules(
    org: Organization, by_path: dict[str, ArchiveRule], org_ids: set[int]
) -> dict[int, ArchiveRule]:
    """org id -> its rule, for those of `org_ids` inside `org`'s subtree (bounded id lists
    of the few organisations the candidates belong to, not the whole tree)."""
    ordered = sorted(org_ids)
    out: dict[int, ArchiveRule] = {}
    for i in range(0, len(ordered), TIER_BATCH):
        for org_id, path in Organization.objects.filter(
            pk__in=ordered[i : i + TIER_BATCH], path__startswith=org.path
        ).values_list("id", "path"):
            rule = rule_at(by_path, path)
            if rule is not None and needed_figures([rule]):
                out[org_id] = rule
    return out


def _thresholds(rule: ArchiveRule) -> bool:
    return any(getattr(rule, attr) for _name, attr, _q in THRESHOLDS)


def verdicts(
    org: Organization, year: int, by_path: dict[str, ArchiveRule] | None = None
) -> Iterator[tuple[dict[str, int], Figures]]:
    """({"id", "org_id"}, figures with rule and lacks) for the members of `org`'s subtree
    who could meet their rule, in id order; everyone else falls short, but for the members
    under a rule asking for nothing (`by_path`: rules.subtree_rules), who are left out."""
    by_path = subtree_rules(org, year) if by_path is None else by_path
    candidates = _candidates(org, by_path, year)
    assessing = sorted(m for m, (rule, _o, _g) in candidates.items() if rule.assessment_required)
    tiers: dict[int, Any] = {}
    for i in range(0, len(assessing), TIER_BATCH):
        tiers |= latest_tiers(assessing[i : i + TIER_BATCH])
    for member in sorted(candidates):
        rule, org_id, got = candidates[member]
        f = Figures(
            rule=rule,
            activities=got.get("activities") or 0,
            achievements=got.get("achievements") or 0,
        )
        if "hours" in got:
            f.hours = Decimal(str(got["hours"] or 0))
        if rule.assessment_required:
            f.tier, taken = tier_text(tiers.get(member))
            f.assessed = bool(f.tier) and taken in (None, year)
        f.lacks = lacks(rule, f)
        yield {"id": member, "org_id": org_id}, f
