"""Contest leaderboards, computed in SQL from `quiz.Attempt` on every read.

- An attempt counts when it is on the contest's paper, submitted or expired, submitted
  within the contest period, and its organisation (the member's at start) lies in the
  contest's subtree.
- A member's best attempt: highest score, then shorter duration, then earlier submission
  (then lower id, so exactly one row per member). It is selected with NOT EXISTS a better
  attempt of the same member, which SQLite and PostgreSQL both run as an anti-join.
- Organisation boards group the best attempts by the child-of-`parent` segment of the
  attempt organisation's materialised path, in one GROUP BY; the roster denominators come
  from the members app's roll-up (kesu.contests.rosters). No Python loop over attempts or
  members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Left, StrIndex, Substr
from django.utils import timezone

from kesu.contests import rosters
from kesu.contests.models import Contest
from kesu.members.models import Member
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt

T = TypeVar("T")
COUNTED = (Attempt.Status.SUBMITTED, Attempt.Status.EXPIRED)
NO_DURATION = 10**9  # an attempt without a duration ranks after every timed one
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _counted(contest: Contest) -> QuerySet[Attempt]:
    return Attempt.objects.filter(
        paper_id=contest.paper_id,
        status__in=COUNTED,
        score__isnull=False,
        max_score__gt=0,
        submitted_at__gte=contest.starts_at,
        submitted_at__lte=contest.ends_at,
        org__path__startswith=contest.org.path,
    )


def counted_attempts(contest: Contest) -> QuerySet[Attempt]:
    """Every attempt that counts for `contest` (see the module docstring)."""
    return _counted(contest).annotate(dur=Coalesce("duration_seconds", Value(NO_DURATION)))


PERCENT = ExpressionWrapper(
    F("score") * HUNDRED / F("max_score"),
    output_field=DecimalField(max_digits=12, decimal_places=4),
)


def better_than() -> Q:
    """Attempts ranking before the outer one: the leaderboard order as a predicate."""
    score, dur = OuterRef("score"), OuterRef("dur")
    at, pk = OuterRef("submitted_at"), OuterRef("pk")
    return (
        Q(score__gt=score)
        | Q(score=score, dur__lt=dur)
        | Q(score=score, dur=dur, submitted_at__lt=at)
        | Q(score=score, dur=dur, submitted_at=at, pk__lt=pk)
    )


def best_attempts(contest: Contest) -> QuerySet[Attempt]:
    """One attempt per participant: the best one (not yet ordered)."""
    counted = counted_attempts(contest)
    better = counted.filter(member_id=OuterRef("member_id")).filter(better_than())
    return counted.exclude(Exists(better)).annotate(percent=PERCENT)


LEADERBOARD_ORDER = ("-score", "dur", "submitted_at", "pk")


# An attempt's answer sheet (JSON, most of its row): never shown on a board or its export.
SHEET = ("layout", "answers", "results", "dimension_scores")


def individual_board(contest: Contest) -> QuerySet[Attempt]:
    """Best attempts in leaderboard order; rank = 1-based position."""
    return (
        best_attempts(contest)
        .select_related("member", "org")
        .defer(*SHEET)
        .order_by(*LEADERBOARD_ORDER)
    )


def board_page(contest: Contest, start: int, stop: int | None) -> list[Attempt]:
    """`individual_board(contest)[start:stop]`, the lean way: the places' keys first (the
    sort reads no member or answer sheet), then those rows only."""
    keys = list(
        best_attempts(contest).order_by(*LEADERBOARD_ORDER).values_list("pk", flat=True)[start:stop]
    )
    loaded = (
        Attempt.objects.select_related("member", "org")
        .defer(*SHEET)
        .annotate(dur=Coalesce("duration_seconds", Value(NO_DURATION)), percent=PERCENT)
        .in_bulk(keys)
    )
    return [loaded[pk] for pk in keys]


def participant_count(contest: Contest) -> int:
    return _counted(contest).aggregate(n=Count("member_id", distinct=True))["n"]


def top_board(contest: Contest, n: int) -> list[Attempt]:
    """The first `n` places, fast: attempts in leaderboard order (a top-N sort, no per-member
    best), keeping each member's first — which is their best. Widens the window while
    repeat attempts crowd it; falls back to `individual_board` after a few tries."""
    ordered = counted_attempts(contest).order_by(*LEADERBOARD_ORDER)
    limit = max(4 * n, 50)
    for _try in range(4):
        rows = list(ordered.values_list("pk", "member_id")[:limit])  # keys only: a lean sort
        seen: set[int] = set()
        keys = [pk for pk, member in rows if member not in seen and not seen.add(member)]
        if len(keys) >= n or len(rows) < limit:
            keys = keys[:n]
            loaded = Attempt.objects.select_related("member", "org").defer(*SHEET).in_bulk(keys)
            best = [loaded[pk] for pk in keys]
            for attempt in best:
                attempt.percent = percent_of(attempt)
            return best
        limit *= 4
    return list(individual_board(contest)[:n])


def cached(contest: Contest, key: str, compute: Callable[[], T], seconds: int) -> T:
    """`compute()` kept `seconds` for everyone polling the same board (0: not kept)."""
    if seconds <= 0:
        return compute()
    stamp = contest.created_at.timestamp() if contest.created_at else 0
    return cache.get_or_set(f"contests:{contest.pk}:{stamp}:{key}", compute, seconds)


class Board:
    """The individual board for Paginator: the count is a COUNT(DISTINCT member), the first
    page comes from `top_board`, deeper pages from `board_page`. With `seconds`, what
    it computes is shared by every viewer for that long (live pages poll every 10 s)."""

    def __init__(self, contest: Contest, *, seconds: int = 0) -> None:
        self.contest = contest
        self.seconds = seconds

    def count(self) -> int:
        return cached(self.contest, "count", lambda: participant_count(self.contest), self.seconds)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[Attempt]:
        start, stop = key.start or 0, key.stop
        if start == 0 and stop is not None:
            compute = lambda: top_board(self.contest, stop)  # noqa: E731
        else:
            compute = lambda: board_page(self.contest, start, stop)  # noqa: E731
        return cached(self.contest, f"people:{start}:{stop}", compute, self.seconds)


def rank_of(contest: Contest, attempt: Attempt) -> int:
    """The 1-based rank of a best attempt: 1 + the participants with any attempt ranking
    before it (their best then does too) — a COUNT(DISTINCT), no per-member best needed."""
    dur = attempt.duration_seconds if attempt.duration_seconds is not None else NO_DURATION
    ahead = (
        counted_attempts(contest)
        .exclude(member_id=attempt.member_id)
        .filter(
            Q(score__gt=attempt.score)
            | Q(score=attempt.score, dur__lt=dur)
            | Q(score=attempt.score, dur=dur, submitted_at__lt=attempt.submitted_at)
            | Q(score=attempt.score, dur=dur, submitted_at=attempt.submitted_at, pk__lt=attempt.pk)
        )
    )
    return ahead.aggregate(n=Count("member_id", distinct=True))["n"] + 1


def member_best(contest: Contest, member: Member) -> Attempt | None:
    return best_attempts(contest).filter(member=member).select_related("org").first()


def percent_of(attempt: Attempt) -> Decimal:
    return rate(attempt.score, attempt.max_score)


def rate(score: Decimal | None, max_score: Decimal | None) -> Decimal:
    """Score as a percentage of the maximum, to the cent."""
    if not max_score:
        return Decimal(0)
    return round2(Decimal(score) * HUNDRED / Decimal(max_score))


def is_final(contest: Contest, now: dt.datetime | None = None) -> bool:
    """Whether the ranks are final: the contest was closed, or its period is over. Before
    that a rank is a current one (当前排名) and nobody holds a prize yet."""
    return contest.status == Contest.Status.CLOSED or (now or timezone.now()) > contest.ends_at


def prize_for(contest: Contest, rank: int, percent: Decimal) -> str:
    """The first prize rule met by a participant of this rank and score rate ('' if none,
    and '' for everyone until the contest is over: prizes are awarded on final ranks)."""
    if not is_final(contest):
        return ""
    for rule in contest.prize_rules or []:
        top = rule.get("top")
        minimum = rule.get("min_percent")
        if top is not None and rank <= int(top):
            return str(rule["name"])
        if minimum is not None and percent >= Decimal(str(minimum)):
            return str(rule["name"])
    return ""


# ---------------------------------------------------------------- organisation boards


@dataclass
class OrgRow:
    org: Organization | None  # None for the chosen organisation itself (本级)
    code: str
    name: str
    roster: int
    participants: int
    participation_rate: Decimal  # % of the active roster, capped at 100
    average_percent: Decimal  # mean of best attempts' score as % of the maximum
    high_score_share: Decimal  # % of participants whose best is at or above the threshold
    composite: Decimal  # weighted, out of 100
    rank: int = 0  # 0: no participant, not ranked
    has_children: bool = False


def path_segment(path_field: str, parent_path: str) -> Any:
    """SQL for "CODE/" — the child-of-parent step of a path below `parent_path` ('' for the
    parent itself)."""
    rest = Substr(path_field, len(parent_path) + 1)
    return Left(rest, StrIndex(rest, Value("/")))


def composite_score(contest: Contest, rate: Decimal, average: Decimal, high: Decimal) -> Decimal:
    """Weighted score out of 100: each part is a percentage, weights are normalised."""
    weights = (contest.weight_participation, contest.weight_average, contest.weight_high_score)
    total = sum(weights)
    if not total:
        return Decimal(0)
    value = (weights[0] * rate + weights[1] * average + weights[2] * high) / Decimal(total)
    return round2(value)


def roster_counts(parent: Organization) -> dict[str, int]:
    """Active members per child-of-`parent` segment ("" for `parent` itself)."""
    return rosters.roster_by_segment(parent)


def best_by_segment(
    counted: QuerySet[Attempt], parent: Organization, threshold: Decimal
) -> dict[str, dict[str, Any]]:
    """Per child-of-`parent` segment: participants, the sum of their best score rates and
    how many best rates reach `threshold`. Two GROUP BYs in one statement — per member
    (best rate, segment), then per segment — with the inner query compiled by Django for
    the database at hand. A member whose attempts lie in two segments (a transfer during
    the contest) counts once, in the first segment by code."""
    inner = (
        counted.filter(org__path__startswith=parent.path)
        .values("member_id")
        .annotate(best=Max(PERCENT), seg=Min(path_segment("org__path", parent.path)))
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    # Only Django-compiled SQL is spliced in; every value stays a parameter.
    head = (
        'SELECT t."seg", COUNT(*), SUM(t."best"), SUM(CASE WHEN t."best" >= %s THEN 1 ELSE 0 END)'
    )
    statement = f'{head} FROM ({sql}) t GROUP BY t."seg"'  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, [float(threshold), *params])
        rows = cursor.fetchall()
    return {
        seg: {"participants": n, "percent_sum": Decimal(str(total or 0)), "high": high or 0}
        for seg, n, total, high in rows
    }


def _attempt_groups(contest: Contest, parent: Organization) -> dict[str, dict[str, Any]]:
    return best_by_segment(_counted(contest), parent, contest.high_score_percent)


def org_board(contest: Contest, parent: Organization, *, children: QuerySet) -> list[OrgRow]:
    """One row per child of `parent` (its whole subtree aggregated), plus 本级 when members
    or attempts sit on `parent` itself; ranked by the weighted composite."""
    roster = roster_counts(parent)
    groups = _attempt_groups(contest, parent)
    kids = list(children.order_by("code"))
    with_kids = set(
        Organization.objects.filter(parent__in=kids).values_list("parent_id", flat=True)
    )
    entries: list[tuple[Organization | None, str, str, str]] = [
        (c, f"{c.code}/", c.code, c.name) for c in kids
    ]
    if roster.get("") or groups.get(""):
        entries.insert(0, (None, "", parent.code, f"{parent.name}（本级）"))
    out = []
    for org, seg, code, name in entries:
        n = roster.get(seg, 0)
        g = groups.get(seg) or {"participants": 0, "percent_sum": 0, "high": 0}
        participants = g["participants"]
        rate = round2(min(HUNDRED, HUNDRED * participants / n)) if n else Decimal(0)
        average = (
            round2(Decimal(g["percent_sum"] or 0) / participants) if participants else Decimal(0)
        )
        high = round2(HUNDRED * g["high"] / participants) if participants else Decimal(0)
        out.append(
            OrgRow(
                org=org,
                code=code,
                name=name,
                roster=n,
                participants=participants,
                participation_rate=rate,
                average_percent=average,
                high_score_share=high,
                composite=composite_score(contest, rate, average, high),
                has_children=org is not None and org.pk in with_kids,
            )
        )
    # Units without a participant are listed after the others and left unranked (rank 0):
    # a zero composite says nothing about how they did.
    out.sort(key=lambda r: (not r.participants, -r.composite, -r.participants, r.code))
    for i, row in enumerate(out, 1):
        row.rank = i if row.participants else 0
    return out


def contest_summary(contest: Contest) -> dict[str, Any]:
    """Participants, attempts, average score rate and roster of the whole contest."""
    groups = best_by_segment(_counted(contest), contest.org, contest.high_score_percent)
    participants = sum(g["participants"] for g in groups.values())
    percent_sum = sum((g["percent_sum"] for g in groups.values()), Decimal(0))
    roster = rosters.roster_total(contest.org)
    return {
        "participants": participants,
        "attempts": _counted(contest).count(),
        "roster": roster,
        "participation_rate": round2(HUNDRED * participants / roster) if roster else Decimal(0),
        "average_percent": (round2(percent_sum / participants) if participants else Decimal(0)),
    }
