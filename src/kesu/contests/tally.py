"""The contest roll-up: the contest figures of a province read from ContestEntry instead of
ranking every attempt of the range (each member's best per contest took ≈1 s over 200,000
attempts).

ContestEntry holds, per contest, one row per participant and organisation their counted
attempts (ranking.counted_attempts) were filed under, and marks the row of their best
attempt (ranking.best_attempts) with its score and maximum. Database triggers on the
attempts (migration 0002) mark a (paper, member) stale whenever an attempt that counts, or
used to, is written; `refresh()` recounts the stale participants before each read, and
recounts a whole contest that is new or whose paper, period or host organisation changed.

The rows answer a range only for contests lying wholly inside it (then every attempt a
contest counts lies in the range too); `entries` returns None when a contest meeting the
range reaches beyond it, and the figure is counted from the attempts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kesu.contests import ranking
from kesu.contests.models import (
    Contest,
    ContestEntry,
    ContestTallied,
    ContestTallyStale,
    ContestTallyState,
)
from kesu.contests.selectors import _window
from kesu.core.marks import take_marks
from kesu.orgs import subtree
from kesu.orgs.models import Organization

BATCH = 500  # participants recounted per statement (bounded IN lists)


def _stamp(contest: Contest) -> str:
    """What the counting of `contest` depends on besides its attempts."""
    return "|".join(
        (
            str(contest.paper_id),
            contest.starts_at.isoformat(),
            contest.ends_at.isoformat(),
            contest.org.path,
        )
    )


def _recount(contest: Contest, members: list[int] | None = None) -> None:
    """Replace the rows of `contest` (of its `members` only, when given) by a count.

    One pass over the counted attempts sorted by member, then in leaderboard order: each
    member's first row is their best (ranking.best_attempts, without its anti-join, whose
    plan turns quadratic when the statistics lag a bulk load)."""
    counted = ranking.counted_attempts(contest)
    rows = ContestEntry.objects.filter(contest=contest)
    if members is not None:
        counted = counted.filter(member_id__in=members)
        rows = rows.filter(member_id__in=members)
    rows.delete()
    ordered = counted.order_by("member_id", *ranking.LEADERBOARD_ORDER).values_list(
        "member_id", "org_id", "score", "max_score"
    )
    bests: dict[int, tuple[int, Decimal, Decimal]] = {}
    pairs: set[tuple[int, int]] = set()
    for member, org, score, top in ordered.iterator(chunk_size=5000):
        bests.setdefault(member, (org, score, top))
        pairs.add((member, org))
    entries = []
    for member, org in sorted(pairs):
        best_org, score, top = bests[member]
        is_best = best_org == org
        entries.append(
            ContestEntry(
                contest=contest,
                member_id=member,
                org_id=org,
                is_best=is_best,
                score=score if is_best else None,
                max_score=top if is_best else None,
            )
        )
    ContestEntry.objects.bulk_create(entries, batch_size=2000)


def _by_paper(contests: Iterable[Contest]) -> dict[int, Contest]:
    return {c.paper_id: c for c in contests}


def _take_stale() -> list[tuple[int, int]]:
    """The (paper, member) pairs the stale table held (kesu.core.marks)."""
    return take_marks(ContestTallyStale, "paper_id", "member_id")


def refresh(*, everything: bool = False) -> None:
    """Recount new or changed contests and the stale participants (every contest when
    `everything`)."""
    contests = list(Contest.objects.select_related("org").order_by("pk"))
    tallied = dict(ContestTallied.objects.values_list("contest_id", "stamp"))
    changed = [c for c in contests if everything or tallied.get(c.pk) != _stamp(c)]
    if not changed and not ContestTallyStale.objects.exists():
        return
    with transaction.atomic():
        # One refresher at a time; the others wait here and then find little left to do.
        state, _ = ContestTallyState.objects.select_for_update().get_or_create(pk=1)
        tallied = dict(ContestTallied.objects.values_list("contest_id", "stamp"))
        changed = [c for c in contests if everything or tallied.get(c.pk) != _stamp(c)]
        stale = _take_stale()
        whole = {c.pk for c in changed}
        for contest in changed:
            _recount(contest)
            ContestTallied.objects.update_or_create(
                contest=contest, defaults={"stamp": _stamp(contest)}
            )
        papers = _by_paper(c for c in contests if c.pk not in whole)
        members: dict[int, set[int]] = {}
        for paper, member in stale:
            if paper in papers:
                members.setdefault(paper, set()).add(member)
        for paper, ids in members.items():
            ordered = sorted(ids)
            for i in range(0, len(ordered), BATCH):
                _recount(papers[paper], ordered[i : i + BATCH])
        state.refreshed_at = timezone.now()
        state.save(update_fields=["refreshed_at"])


def rebuild() -> None:
    """Recount every contest (after a bulk load; reads would otherwise do it)."""
    refresh(everything=True)


def entries(
    org: Organization, start: dt.date, end: dt.date, *, only_org: bool = False
) -> QuerySet[ContestEntry] | None:
    """The roll-up rows of the contests meeting the range, in `org`'s subtree (of `org`
    itself with only_org); None when one of those contests reaches beyond the range."""
    lo, hi = _window(start, end)
    meeting = list(
        Contest.objects.filter(starts_at__lte=hi, ends_at__gte=lo).values_list(
            "pk", "starts_at", "ends_at"
        )
    )
    if any(starts < lo or ends > hi for _pk, starts, ends in meeting):
        return None
    refresh()
    rows = ContestEntry.objects.filter(contest_id__in=[pk for pk, *_ in meeting])
    return rows.filter(org_id=org.pk) if only_org else subtree.under(rows, "org", org.path)
