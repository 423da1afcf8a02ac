"""The literacy roll-up: the literate shares of a province read from LiteracyEntry instead of
scoring each member's latest attempt and joining it to a roster of ten million (1.6–1.9 s
over 170,000 attempts).

LiteracyEntry holds one row per attempt handed in on an assessment's paper, scored by the
scheme of the assessment using that paper, with the member's gender, education and birth
date. Database triggers (migration 0003) mark a member stale whenever one of their
attempts is written in a way that can change a figure, or their gender, education or birth
date changes; `refresh()` recounts the stale members' rows before each read. The schemes
the rows were scored by are kept in LiteracyTallyState: an edited scheme, or an
assessment given another paper, recounts everything.

A figure then asks the database for each member's latest row of the scope (the same rule
as the attempts: submission time, then id) grouped by result and weighting cell — a few
hundred rows instead of one per member; each row knows when its member's next attempt
came (superseded_at), so finding the latest needs no sort.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator

from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, QuerySet

from kesu.assessment.models import LiteracyEntry, LiteracyTallyStale, LiteracyTallyState
from kesu.assessment.scored import Scorer
from kesu.assessment.selectors import DONE, latest_per_member
from kesu.core import oneview
from kesu.core.dates import day_bounds
from kesu.core.marks import take_marks
from kesu.members.ages import band_expression
from kesu.orgs import subtree
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt

BATCH = 500  # members recounted per statement (bounded IN lists)
GROUP = ("scored", "literate", "gender", "education", "band")
Group = tuple[bool, bool, str, str, str, int]  # GROUP, then how many members


def _schemes(scorer: Scorer) -> str:
    return json.dumps(sorted(scorer.schemes.items()))


def _recount(scorer: Scorer, members: list[int] | None = None) -> None:
    """Replace the rows of `members` (every row when None) by those of their attempts."""
    rows = LiteracyEntry.objects.all()
    attempts = Attempt.objects.filter(
        paper_id__in=sorted(scorer.schemes), status__in=DONE, submitted_at__isnull=False
    )
    if members is not None:
        rows = rows.filter(member_id__in=members)
        attempts = attempts.filter(member_id__in=members)
    rows.delete()
    width = len(scorer.columns)
    values = (
        attempts.annotate(dims=F("dimension_key"))
        .order_by("member_id", "submitted_at", "pk")
        .values_list(
            *scorer.columns,
            "pk",
            "member_id",
            "org_id",
            "submitted_at",
            "member__gender",
            "member__education",
            "member__birth_date",
        )
    )
    entries: list[LiteracyEntry] = []
    for row in values.iterator(chunk_size=5000):
        result = scorer(tuple(row[:width]))
        pk, member, org, at, gender, education, birth = row[width:]
        if entries and entries[-1].member_id == member:
            entries[-1].superseded_at = at  # rows come in each member's order
        entries.append(
            LiteracyEntry(
                attempt_id=pk,
                member_id=member,
                org_id=org,
                submitted_at=at,
                scored=result is not None,
                literate=bool(result and result.is_literate),
                gender=gender,
                education=education,
                birth_date=birth,
            )
        )
    LiteracyEntry.objects.bulk_create(entries, batch_size=2000)


def _take_stale() -> list[int]:
    """The members the stale table held (kesu.core.marks), in order."""
    return sorted({member for (member,) in take_marks(LiteracyTallyStale, "member_id")})


def refresh(*, everything: bool = False) -> None:
    """Recount the stale members' rows; every row when `everything`, when never counted or
    when the schemes changed."""
    scorer = Scorer()
    schemes = _schemes(scorer)
    counted = LiteracyTallyState.objects.filter(pk=1).values_list("schemes", flat=True).first()
    if not everything and counted == schemes and not LiteracyTallyStale.objects.exists():
        return
    with transaction.atomic():
        # One refresher at a time; the others wait here and then find nothing stale.
        state, _ = LiteracyTallyState.objects.select_for_update().get_or_create(pk=1)
        stale = _take_stale()
        if everything or state.schemes != schemes:
            _recount(scorer)
            state.schemes = schemes
            state.save(update_fields=["schemes"])
            return
        for i in range(0, len(stale), BATCH):
            _recount(scorer, stale[i : i + BATCH])


def rebuild() -> None:
    """Recount every row (after a bulk load; reads would otherwise do it)."""
    refresh(everything=True)


def _grouped(
    rows: QuerySet[LiteracyEntry], end: dt.date, columns: tuple[str, ...], *extra: str
) -> list[tuple]:
    """(*columns (scored, literate, …), *extra, how many) of `rows`, an age band taken at
    `end`."""
    if "band" in columns:
        rows = rows.annotate(band=band_expression(end, "birth_date"))
    counted = rows.values_list(*columns, *extra).annotate(n=Count("pk")).order_by()
    return [(bool(s), bool(lit), *rest) for s, lit, *rest in counted]


def _latest_elsewhere(inside: QuerySet[LiteracyEntry], last: Q) -> Iterator[list[int]]:
    """Batches of the rows that are the latest in `inside` of members whose latest attempt
    of the range lies outside it (they re-sat elsewhere: few). Each batch of members is
    looked up on its own and its latest rows (latest_per_member) read into a list, never
    nested in another subquery: such plans turn quadratic when the statistics lag the rows."""
    moved = sorted(set(inside.exclude(last).values_list("member_id", flat=True)))
    for i in range(0, len(moved), BATCH):
        batch = moved[i : i + BATCH]
        counted = set(inside.filter(last, member_id__in=batch).values_list("member_id", flat=True))
        rest = [m for m in batch if m not in counted]
        latest = list(
            latest_per_member(inside.filter(member_id__in=rest)).values_list("pk", flat=True)
        )
        if latest:
            yield latest


def latest_groups(org: Organization, start: dt.date, end: dt.date) -> list[Group]:
    """Members of `org`'s subtree with an attempt in the range, by (scored, literate,
    gender, education, age band at `end`) of their latest attempt there, with how many;
    once per view (the weighted estimate's three figures read the same groups)."""
    key = ("literacy latest groups", org.pk, org.path, start, end)
    return oneview.recall(key, lambda: _latest(org, start, end, GROUP))


def latest_counts(org: Organization, start: dt.date, end: dt.date) -> list[tuple[bool, bool, int]]:
    """As latest_groups, by (scored, literate) only: the raw share and the participants
    (half the work of the cells over a province's year)."""
    key = ("literacy latest counts", org.pk, org.path, start, end)
    return oneview.recall(key, lambda: _latest(org, start, end, ("scored", "literate")))


def _latest(org: Organization, start: dt.date, end: dt.date, columns: tuple[str, ...]) -> list:
    """Members of `org`'s subtree with an attempt in the range, by `columns` of their latest
    attempt there, with how many.

    Most members' latest attempt of the range (superseded_at) lies in the subtree, and is
    then their latest there: counted in one grouped pass without sorting, which also tells
    whether any row of the subtree was superseded within the range. Only then are the
    members who re-sat outside the subtree looked up, a batch at a time."""
    refresh()
    lo, hi = day_bounds(start, end)
    inside = subtree.under(
        LiteracyEntry.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi), "org", org.path
    )
    last_of_range = Q(superseded_at__isnull=True) | Q(superseded_at__gte=hi)
    marked = inside.annotate(last=ExpressionWrapper(last_of_range, output_field=BooleanField()))
    groups: Counter[tuple] = Counter()
    resat = False
    for *cell, last, n in _grouped(marked, end, columns, "last"):
        if last:
            groups[tuple(cell)] += n
        else:
            resat = True
    if resat:
        for pks in _latest_elsewhere(inside, last_of_range):
            for *cell, n in _grouped(inside.filter(pk__in=pks), end, columns):
                groups[tuple(cell)] += n
    return [(*cell, n) for cell, n in groups.items()]
