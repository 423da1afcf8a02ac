"""The activity roll-up: the activity figures of a province read from ActivityTotal instead
of every activity of the range (each figure, split or not, was a pass over a year of
activities: a dashboard made a dozen).

ActivityTotal holds, per organisation, local day, form and outreach, the activities the
organisation held itself (`own`) and those held anywhere below it, counted and summed. A
subtree's figure is the rows of its top organisation; 本级 is its own rows; a child's part
is the child's rows. Database triggers (migration 0006) mark the start of every activity
written, of every activity whose check-ins are its person-times, and of every activity of
an organisation whose path changed (a move changes the rows above it); `refresh()`
recounts those days before each read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from kesu.activities.models import (
    ROLLED_SUMS,
    Activity,
    ActivityTallyStale,
    ActivityTallyState,
    ActivityTopicTotal,
    ActivityTotal,
)
from kesu.activities.selectors import checkin_person_times
from kesu.core import oneview
from kesu.core.dates import during
from kesu.core.marks import take_marks
from kesu.indicators.registry import Scope
from kesu.orgs.models import Organization

BATCH = 500  # organisations read per statement (bounded IN lists)
Key = tuple[int, bool, dt.date, str, str]


def _ancestors(org_ids: Iterable[int] | None) -> dict[int, list[int]]:
    """Each organisation → the ids of the organisations above it, from the root (every
    organisation when `org_ids` is None)."""
    orgs = Organization.objects.order_by()
    if org_ids is None:
        pairs = list(orgs.values_list("pk", "path"))
        ids = {path.rstrip("/").rsplit("/", 1)[-1]: pk for pk, path in pairs}
    else:
        wanted = sorted(set(org_ids))
        pairs = []
        for i in range(0, len(wanted), BATCH):
            pairs += orgs.filter(pk__in=wanted[i : i + BATCH]).values_list("pk", "path")
        codes = sorted({c for _pk, path in pairs for c in path.strip("/").split("/")})
        ids = {}
        for i in range(0, len(codes), BATCH):
            ids.update(orgs.filter(code__in=codes[i : i + BATCH]).values_list("code", "pk"))
    return {pk: [ids[c] for c in path.strip("/").split("/")[:-1]] for pk, path in pairs}


def _count(activities: QuerySet[Activity], above: dict[int, list[int]] | None = None) -> None:
    """Add the rows of `activities` (their days are cleared by the caller)."""
    rows = activities.order_by().values_list(
        "org_id",
        "start",
        "kind",
        "outreach",
        "topics",
        Coalesce("person_times", checkin_person_times()),
        *ROLLED_SUMS[1:],
    )
    sums: dict[Key, list[Any]] = {}
    topics: Counter[tuple[int, bool, dt.date, str]] = Counter()
    read = list(rows.iterator(chunk_size=5000))
    above = above if above is not None else _ancestors({r[0] for r in read})
    for org, start, kind, outreach, codes, *figures in read:
        day = timezone.localtime(start).date()
        places = [(org, True), *((up, False) for up in above[org])]
        for at, own in places:
            kept = sums.setdefault((at, own, day, kind, outreach), [0] * (len(figures) + 1))
            kept[0] += 1
            for i, value in enumerate(figures, 1):
                kept[i] += value
            topics.update((at, own, day, code) for code in set(codes.split(",")) if code)
    ActivityTotal.objects.bulk_create(
        (
            ActivityTotal(
                org_id=org,
                own=own,
                day=day,
                kind=kind,
                outreach=outreach,
                count=kept[0],
                **dict(zip(ROLLED_SUMS, kept[1:], strict=True)),
            )
            for (org, own, day, kind, outreach), kept in sums.items()
        ),
        batch_size=2000,
    )
    ActivityTopicTotal.objects.bulk_create(
        (
            ActivityTopicTotal(org_id=org, own=own, day=day, topic=topic, count=n)
            for (org, own, day, topic), n in topics.items()
        ),
        batch_size=2000,
    )


def _runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Sorted days as runs of consecutive days (first, last)."""
    runs: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if runs and runs[-1][1] + dt.timedelta(days=1) == day:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _recount_days(days: set[dt.date]) -> None:
    for first, last in _runs(days):
        ActivityTotal.objects.filter(day__range=(first, last)).delete()
        ActivityTopicTotal.objects.filter(day__range=(first, last)).delete()
        _count(Activity.objects.filter(**during("start", first, last)))


def _take_stale() -> list[dt.datetime]:
    """The activity starts the stale table held (kesu.core.marks)."""
    return [_as_time(start) for (start,) in take_marks(ActivityTallyStale, "start")]


def _as_time(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):  # SQLite hands back the stored text, in UTC
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)


def refresh(*, everything: bool = False) -> None:
    """Recount the days the triggers marked stale; everything when never counted, or when
    asked."""
    counted = ActivityTallyState.objects.filter(pk=1, counted_at__isnull=False).exists()
    if not everything and counted and not ActivityTallyStale.objects.exists():
        return
    with transaction.atomic():
        # One refresher at a time; the others wait here and then find little left to do.
        locked, _ = ActivityTallyState.objects.select_for_update().get_or_create(pk=1)
        stale = _take_stale()
        if everything or locked.counted_at is None:
            ActivityTotal.objects.all().delete()
            ActivityTopicTotal.objects.all().delete()
            _count(Activity.objects.all(), _ancestors(None))
            locked.counted_at = timezone.now()
            locked.save(update_fields=["counted_at"])
        elif stale:
            _recount_days({timezone.localtime(s).date() for s in stale})


def rebuild() -> None:
    """Recount every activity (after a bulk load; reads would otherwise do it)."""
    refresh(everything=True)


def _rows(org: Organization, start: dt.date, end: dt.date, only_org: bool) -> QuerySet:
    refresh()
    rows = ActivityTotal.objects.filter(org=org, day__range=(start, end))
    return rows.filter(own=True) if only_org else rows


COLUMNS = ("count", *ROLLED_SUMS)
GROUPS = {"kind": F("kind"), "outreach": F("outreach"), "month": TruncMonth("day")}


def _sums() -> dict[str, Sum]:
    return {c: Sum(c) for c in COLUMNS}


def total(
    column: str, org: Organization, start: dt.date, end: dt.date, only_org: bool = False
) -> int | Decimal:
    """The sum of `column` (one of COLUMNS) over `org`'s subtree (over its own activities
    with only_org) from `start` to `end`. Here and below every column is read at once, once
    per view: a dashboard's activity headlines are one query, its ranking another."""
    key = ("activity totals", org.pk, start, end, only_org)
    found = oneview.recall(key, lambda: _rows(org, start, end, only_org).aggregate(**_sums()))
    return found[column] or 0


def grouped(
    column: str, org: Organization, start: dt.date, end: dt.date, by: str
) -> dict[Any, int | Decimal]:
    """The sum of `column` over `org`'s subtree per form, outreach or month (GROUPS)."""

    def read() -> list[dict[str, Any]]:
        rows = _rows(org, start, end, False).values(key=GROUPS[by]).annotate(**_sums())
        return list(rows.order_by())

    found = oneview.recall(("activity groups", org.pk, start, end, by), read)
    return {r["key"]: r[column] for r in found}


def per_child(
    column: str, org: Organization, children: list[Organization], start: dt.date, end: dt.date
) -> dict[str, int | Decimal]:
    """The sum of `column` per child of `org` among `children` (its whole subtree), by code,
    and under "" over `org`'s own activities (本级)."""
    codes = {c.pk: c.code for c in children}
    key = ("activity per child", org.pk, tuple(codes), start, end)
    out: dict[str, int | Decimal] = {"": 0}
    for pk, own, *sums in oneview.recall(key, lambda: _per_child(org, list(codes), start, end)):
        value = sums[COLUMNS.index(column)]
        if pk == org.pk and own:
            out[""] = value
        elif pk in codes:
            out[codes[pk]] = out.get(codes[pk], 0) + value
    return out


def _per_child(org: Organization, children: list[int], start: dt.date, end: dt.date) -> list:
    refresh()
    rows = ActivityTotal.objects.filter(org_id__in=[org.pk, *children], day__range=(start, end))
    return list(rows.values_list("org_id", "own").annotate(**_sums()).order_by())


def rolled(column: str) -> dict[str, Any]:
    """The registry's roll-up readers (rollup, rollup_by) of the figure summing `column`."""

    def rollup(scope: Scope, only_org: bool) -> int | Decimal:
        return total(column, scope.org, scope.start, scope.end, only_org)

    def rollup_by(scope: Scope, by: str, children: list[Organization]) -> dict[Any, Any]:
        if by == "org":
            return per_child(column, scope.org, children, scope.start, scope.end)
        return grouped(column, scope.org, scope.start, scope.end, by)

    return {"rollup": rollup, "rollup_by": rollup_by}


def topic_totals(org: Organization, start: dt.date, end: dt.date) -> dict[str, int]:
    """Activities per topic code in `org`'s subtree from `start` to `end`."""
    refresh()
    rows = ActivityTopicTotal.objects.filter(org=org, day__range=(start, end))
    return dict(rows.values_list("topic").annotate(n=Sum("count")).order_by())
