"""Reads of contests, scoped by the access layer (staff) or by the member's own unit
(member role: the contests whose eligible subtree contains the member's organisation)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from kesu.contests import ranking
from kesu.contests.models import Contest
from kesu.core.actors import Actor
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt, Paper


def contest_list(*, user: Actor, q: str = "", status: str = "") -> QuerySet[Contest]:
    qs = access.restrict(Contest.objects.select_related("org", "paper"), user)
    if q:
        qs = qs.filter(title__icontains=q)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-starts_at", "-pk")


def contest_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Contest:
    return access.get_for_user(Contest.objects.select_related("org", "paper"), user, action, pk=pk)


def contest_papers(*, user: Actor) -> QuerySet[Paper]:
    """Contest papers the user may use that no contest uses yet."""
    return (
        access.restrict(Paper.objects.select_related("org"), user, access.CHANGE)
        .filter(purpose=Paper.Purpose.CONTEST, contest__isnull=True)
        .order_by("-created_at")
    )


# ---------------------------------------------------------------- members


def own_member(user: Actor) -> Member | None:
    """The roster entry linked to a login (member role), or None."""
    if not user.is_authenticated or not getattr(user, "member_id", None):
        return None
    return Member.objects.select_related("org").get(pk=user.member_id)


def member_contests(*, member: Member) -> QuerySet[Contest]:
    """Published or closed contests whose eligible subtree contains the member's unit."""
    prefixes = ancestor_paths(member.org.path)
    return (
        Contest.objects.select_related("org", "paper")
        .filter(org__path__in=prefixes)
        .exclude(status=Contest.Status.DRAFT)
        .order_by("-starts_at", "-pk")
    )


def member_contest_get(*, member: Member, pk: Any) -> Contest:
    try:
        return member_contests(member=member).get(pk=int(pk))
    except (Contest.DoesNotExist, TypeError, ValueError):
        raise access.NotFound() from None


def ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def contest_phase(contest: Contest, now: dt.datetime | None = None) -> str:
    """未开始 / 进行中 / 已结束 as shown to people (the stored status aside)."""
    now = now or timezone.now()
    if ranking.is_final(contest, now):
        return "已结束"
    if now < contest.starts_at:
        return "未开始"
    return "进行中"


# ---------------------------------------------------------------- statistical reports


@dataclass
class ResultRow:
    code: str
    name: str
    contests: int
    participants: int
    roster: int
    participation_rate: Decimal
    average_percent: Decimal


def _window(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end, dt.time.max, tzinfo=tz)
    return lo, hi


# Up to this many contests in a range are written into the query as constants; beyond, one
# join form serves any number of them (its plan does not grow with the contests).
CONSTANT_CONTESTS = 60


def contest_periods(lo: dt.datetime, hi: dt.datetime, within: str = "") -> Q | None:
    """Which attempts some contest whose period meets [lo, hi] counts: on its paper, within
    its period, by a member of its subtree (None when no contest's period meets the range).

    The contests are written in as constants — per host organisation, its subtree once and
    each of its contests' (paper, period) — so the database reads those papers' attempts
    only (an index range per paper) and tests the subtree against one list of
    organisations, instead of joining paper → contest → organisation for every attempt and
    matching a path pattern built per row. (The subtree is an `org__in`, not an `org__path`
    filter: the figures read the scope's subtree back from the latter.)

    `within`: the subtree path the caller will narrow the attempts to anyway. A contest whose
    subtree holds it needs no subtree test of its own, and one outside it none at all —
    which also spares the planner two path tests on one organisation (it multiplies their
    selectivities and picks row-by-row plans)."""
    rows = list(
        Contest.objects.filter(starts_at__lte=hi, ends_at__gte=lo)
        .order_by("pk")
        .values_list("paper_id", "starts_at", "ends_at", "org__path")[: CONSTANT_CONTESTS + 1]
    )
    if not rows:
        return None
    if len(rows) > CONSTANT_CONTESTS:
        return Q(
            paper__contest__isnull=False,
            submitted_at__gte=F("paper__contest__starts_at"),
            submitted_at__lte=F("paper__contest__ends_at"),
            org__path__startswith=F("paper__contest__org__path"),
        )
    papers: dict[str, Q] = {}
    for paper_id, starts_at, ends_at, path in rows:
        if within and not (within.startswith(path) or path.startswith(within)):
            continue  # its subtree and `within` do not meet
        one = Q(paper_id=paper_id, submitted_at__gte=starts_at, submitted_at__lte=ends_at)
        papers[path] = papers[path] | one if path in papers else one
    if not papers:
        return None
    condition = Q()
    for path, held in papers.items():
        if within.startswith(path):
            condition |= held
        else:
            subtree = Organization.objects.filter(path__startswith=path).values("pk")
            condition |= held & Q(org__in=subtree)
    return condition


def counted_in_range(start: dt.date, end: dt.date, within: str = "") -> QuerySet[Attempt]:
    """Attempts counted by some contest (its paper, period, subtree) and submitted in range.
    With `within`, only right once narrowed to that subtree (see contest_periods)."""
    lo, hi = _window(start, end)
    periods = contest_periods(lo, hi, within)
    if periods is None:
        return Attempt.objects.none()
    return Attempt.objects.filter(
        periods,
        status__in=ranking.COUNTED,
        score__isnull=False,
        max_score__gt=0,
        submitted_at__range=(lo, hi),
    )


def contest_results_rows(
    user: Actor, org: Organization, start: dt.date, end: dt.date
) -> list[ResultRow]:
    """Per child of `org` (each child's subtree): contests held (started in range) by
    organisations of that subtree, distinct participants, participation rate of the active
    roster and average best score rate (each participant's best per contest)."""
    access.require(user, access.VIEW)
    if not access.orgs_for(user).filter(pk=org.pk).exists():
        raise access.NotFound()
    lo, hi = _window(start, end)
    seg = ranking.path_segment
    contests = dict(
        Contest.objects.filter(org__path__startswith=org.path, starts_at__range=(lo, hi))
        .annotate(seg=seg("org__path", org.path))
        .values("seg")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("seg", "n")
    )
    attempts = best_in_range(start, end, org.path).filter(org__path__startswith=org.path)
    groups = {
        r["seg"]: r
        for r in attempts.annotate(seg=seg("org__path", org.path))
        .values("seg")
        .annotate(
            persons=Count("member_id", distinct=True),
            best=Count("pk"),
            percent_sum=Sum("percent"),
        )
        .order_by()
    }
    roster = ranking.roster_counts(org)
    children = access.orgs_for(user).filter(parent=org).order_by("code")
    entries = [("", org.code, f"{org.name}（本级）")] + [
        (f"{c.code}/", c.code, c.name) for c in children
    ]
    rows = []
    for key, code, name in entries:
        g = groups.get(key) or {"persons": 0, "best": 0, "percent_sum": 0}
        n = roster.get(key, 0)
        rows.append(
            ResultRow(
                code=code,
                name=name,
                contests=contests.get(key, 0),
                participants=g["persons"],
                roster=n,
                participation_rate=ranking.round2(Decimal(100) * g["persons"] / n)
                if n
                else Decimal(0),
                average_percent=(
                    ranking.round2(Decimal(g["percent_sum"] or 0) / g["best"])
                    if g["best"]
                    else Decimal(0)
                ),
            )
        )
    if not (rows[0].contests or rows[0].participants or rows[0].roster):
        rows.pop(0)
    return rows


def best_in_range(start: dt.date, end: dt.date, within: str = "") -> QuerySet[Attempt]:
    """Each member's best counted attempt per contest paper, submitted within the range.
    With `within`, only right once narrowed to that subtree (see contest_periods); the
    better attempts looked for are all of the member's counted ones, wherever made."""
    dur = Coalesce("duration_seconds", Value(ranking.NO_DURATION))
    counted = counted_in_range(start, end, within).annotate(dur=dur)
    every = counted_in_range(start, end).annotate(dur=dur)
    better = every.filter(member_id=OuterRef("member_id"), paper_id=OuterRef("paper_id")).filter(
        ranking.better_than()
    )
    return counted.exclude(Exists(better)).annotate(
        percent=ExpressionWrapper(
            F("score") * ranking.HUNDRED / F("max_score"),
            output_field=DecimalField(max_digits=12, decimal_places=4),
        )
    )
