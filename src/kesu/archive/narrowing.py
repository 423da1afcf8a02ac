"""Verdicts without reading every member: per applicable rule, the members whose year
reaches each of its thresholds, with the thresholds in SQL (grouped counts and sums with
HAVING), so only the few thousand members of a city of a million who could meet their rule
come back, with their organisation and figures.

Each query reads one year of one kind of record, grouped by member, joined to the member
row by its primary key (active members only) and never to the organisation tree (joins on
the organisation path made PostgreSQL plan nested loops on freshly filled tables); the
subtree and each organisation's rule are applied in Python to the rows that come back. The
figures are those `kesu.archive.rules.figures_for` reads (same filters, same grouping); the
assessment is narrowed to an attempt submitted in the year, and the tier itself — the
latest scored attempt — is read by `kesu.assessment.selectors.latest_tiers` for these few
members alone, in bounded id lists."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from kesu.archive.models import ArchiveRule
from kesu.archive.rules import Figures, _optional, _tier_text, lacks, year_bounds
from kesu.archive.sources import plain_activities
from kesu.members.choices import MemberStatus

TIER_BATCH = 2000  # ids per latest_tiers call (it reads attempts by IN list up to that many)

Reached = dict[int, tuple[int, Any]]  # member id -> (organisation id, figure)


def _reaching(qs: Any, total: Any, least: Any) -> Reached:
    """member id -> (org id, figure) for active members whose `total` is at least `least`."""
    rows = (
        qs.filter(member__status=MemberStatus.ACTIVE).order_by()
        .values("member_id", "member__org_id").annotate(total=total).filter(total__gte=least)
        .values_list("member_id", "member__org_id", "total")
    )  # fmt: skip
    return {member: (org, value) for member, org, value in rows}


def hours_reaching(year: int, least: Any) -> Reached:
    """Credited training hours of the year (as kesu.training.progress.member_hours sums them:
    training check-ins of sessions held in the year); none without the training app."""
    attendance = _optional("kesu.training.progress", "training_attendance")
    if attendance is None:
        return {}
    start, end = year_bounds(year)
    qs = attendance().filter(
        activity__training_session__start__gte=start, activity__training_session__start__lt=end
    )
    return _reaching(qs, Sum("activity__training_session__hours"), least)


def activities_reaching(year: int, least: int) -> Reached:
    """Activities (not training check-ins) started in the year and attended."""
    from kesu.activities.models import Attendance

    start, end = year_bounds(year)
    qs = Attendance.objects.filter(activity__start__gte=start, activity__start__lt=end,
                                   **plain_activities())  # fmt: skip
    return _reaching(qs, Count("activity_id", distinct=True), least)


def achievements_reaching(year: int, least: int) -> Reached:
    """Verified achievements of the year."""
    from kesu.achievements.choices import ReviewStatus
    from kesu.achievements.models import Achievement

    qs = Achievement.members.through.objects.filter(
        achievement__achieved_on__year=year, achievement__status=ReviewStatus.VERIFIED
    )
    return _reaching(qs, Count("achievement_id", distinct=True), least)


def assessed_in(year: int) -> Reached:
    """Members with an attempt on an assessment's paper submitted in the year (whoever's
    latest scored attempt falls in the year is among them); the figure is their count."""
    from kesu.assessment.models import LiteracyAssessment
    from kesu.quiz.models import Attempt

    start, end = year_bounds(year)
    papers = list(LiteracyAssessment.objects.values_list("paper_id", flat=True))
    if not papers:
        return {}
    qs = Attempt.objects.filter(paper_id__in=papers, submitted_at__gte=start, submitted_at__lt=end)
    return _reaching(qs, Count("id"), 1)


THRESHOLDS = (  # figure, rule field, query
    ("achievements", "min_achievements", achievements_reaching),
    ("hours", "min_hours", hours_reaching),
    ("activities", "min_activities", activities_reaching),
)


def _candidates(
    rules: dict[int, ArchiveRule | None], applicable: list[ArchiveRule], year: int
) -> dict[int, tuple[int, dict[str, Any]]]:
    """member id -> (org id, figures read) for the active members of the subtree whose
    year reaches every threshold of their organisation's rule. Each kind of record is read
    once, at the lowest threshold any rule sets for it."""
    reached: dict[str, Reached] = {}
    for name, attr, query in THRESHOLDS:
        asking = [getattr(r, attr) for r in applicable if getattr(r, attr)]
        if asking:
            reached[name] = query(year, min(asking))
    if any(r.assessment_required and not _thresholds(r) for r in applicable):
        reached["assessed"] = assessed_in(year)
    out: dict[int, tuple[int, dict[str, Any]]] = {}
    seen: set[int] = set()
    for member, (org, _value) in _union(reached.values()):
        rule = rules.get(org)
        if rule is None or member in seen:
            continue
        seen.add(member)
        asked = [(name, getattr(rule, attr)) for name, attr, _q in THRESHOLDS
                 if getattr(rule, attr)]  # fmt: skip
        if not asked:  # the assessment alone: whoever took one this year
            asked = [("assessed", 1)]
        got = {name: reached[name].get(member, (org, None))[1] for name, _least in asked}
        if all(got[name] is not None and got[name] >= least for name, least in asked):
            out[member] = (org, got)
    return out


def _thresholds(rule: ArchiveRule) -> bool:
    return any(getattr(rule, attr) for _name, attr, _q in THRESHOLDS)


def _union(sets: Iterable[Reached]) -> Iterator[tuple[int, tuple[int, Any]]]:
    for reached in sets:
        yield from reached.items()


def verdicts(
    rules: dict[int, ArchiveRule | None], year: int
) -> Iterator[tuple[dict[str, int], Figures]]:
    """({"id", "org_id"}, figures with rule and lacks) for the subtree's members who could
    meet their rule (everyone else falls short), in id order. Every applicable rule must ask
    for something."""
    applicable = list({r.pk: r for r in rules.values() if r is not None}.values())
    candidates = _candidates(rules, applicable, year)
    assessing = sorted(m for m, (org, _g) in candidates.items() if rules[org].assessment_required)
    latest_tiers = _optional("kesu.assessment.selectors", "latest_tiers") if assessing else None
    tiers: dict[int, Any] = {}
    for i in range(0, len(assessing) if latest_tiers else 0, TIER_BATCH):
        tiers |= latest_tiers(assessing[i : i + TIER_BATCH])
    for member in sorted(candidates):
        org, got = candidates[member]
        rule = rules[org]
        f = Figures(rule=rule, activities=got.get("activities") or 0,
                    achievements=got.get("achievements") or 0)  # fmt: skip
        if "hours" in got:
            f.hours = Decimal(str(got["hours"] or 0))
        if rule.assessment_required and latest_tiers:
            f.tier, taken = _tier_text(tiers.get(member))
            f.assessed = bool(f.tier) and taken in (None, year)
        f.lacks = lacks(rule, f)
        yield {"id": member, "org_id": org}, f
