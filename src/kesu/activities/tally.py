"""The activity roll-up: the activity figures of a province read from ActivityTotal instead
of every activity of the range (each figure, split or not, was a pass over a year of
activities: a dashboard made a dozen).

ActivityTotal holds, per organisation, local day, form and outreach, the activities the
organisation held itself (`own`) and those held anywhere below it, counted and summed. A
subtree's figure is the rows of its top organisation; 本级 is its own rows; a child's part
is the child's rows. Database triggers (migration 0006) mark the start of every activity
written and of every activity whose check-ins are its person-times; `refresh()` recounts
those days before each read. A change of the organisation tree (a move, a new or deleted
organisation) changes the rows above it: the whole roll-up is then recounted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from kesu.activities.models import (
    ROLLED_SUMS,
    Activity,
    ActivityTallyStale,
    ActivityTallyState,
    ActivityTotal,
)
from kesu.activities.selectors import checkin_person_times
from kesu.core import oneview
from kesu.core.dates import during
from kesu.indicators.registry import Scope
from kesu.orgs.models import Organization
from kesu.orgs.selectors import tree_stamp

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
        Coalesce("person_times", checkin_person_times()),
        *ROLLED_SUMS[1:],
    )
    sums: dict[Key, list[Any]] = {}
    read = list(rows.iterator(chunk_size=5000))
    above = above if above is not None else _ancestors({r[0] for r in read})
    for org, start, kind, outreach, *figures in read:
        day = timezone.localtime(start).date()
        for key in [(org, True, day, kind, outreach)] + [
            (up, False, day, kind, outreach) for up in above[org]
        ]:
            kept = sums.setdefault(key, [0] * (len(figures) + 1))
            kept[0] += 1
            for i, value in enumerate(figures, 1):
                kept[i] += value
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
        _count(Activity.objects.filter(**during("start", first, last)))


def _take_stale() -> list[dt.datetime]:
    """Empty the stale table, returning what it held: one statement, so a mark committed
    meanwhile is either taken here or left for the next refresh."""
    table = ActivityTallyStale._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} RETURNING start")  # noqa: S608 (fixed name)
        return [_as_time(row[0]) for row in cursor.fetchall()]


def _as_time(value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):  # SQLite hands back the stored text, in UTC
        value = dt.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)


def refresh(*, everything: bool = False) -> None:
    """Recount the days the triggers marked stale; everything when the tree changed since
    the roll-up was counted, or when asked."""
    tree = oneview.recall(("tree stamp",), tree_stamp)
    state = ActivityTallyState.objects.filter(pk=1).values_list("tree", flat=True).first()
    if not everything and state == tree and not ActivityTallyStale.objects.exists():
        return
    with transaction.atomic():
        # One refresher at a time; the others wait here and then find little left to do.
        locked, _ = ActivityTallyState.objects.select_for_update().get_or_create(pk=1)
        stale = _take_stale()
        if everything or locked.tree != tree:
            ActivityTotal.objects.all().delete()
            _count(Activity.objects.all(), _ancestors(None))
            locked.tree = tree
            locked.save(update_fields=["tree"])
        elif stale:
            _recount_days({timezone.localtime(s).date() for s in stale})


def rebuild() -> None:
    """Recount every activity (after a bulk load; reads would otherwise do it)."""
    refresh(everything=True)


def _rows(org: Organization, start: dt.date, end: dt.date, only_org: bool) -> QuerySet:
    refresh()
    rows = ActivityTotal.objects.filter(org=org, day__range=(start, end))
    return rows.filter(own=True) if only_org else rows


def total(
    column: str, org: Organization, start: dt.date, end: dt.date, only_org: bool = False
) -> int | Decimal:
    """The sum of `column` ("count" or one of ROLLED_SUMS) over `org`'s subtree (over its
    own activities with only_org) from `start` to `end`. Every column is read at once, once
    per view: a dashboard's activity headlines are one query."""
    key = ("activity totals", org.pk, start, end, only_org)
    return oneview.recall(key, lambda: _totals(org, start, end, only_org))[column] or 0


def _totals(org: Organization, start: dt.date, end: dt.date, only_org: bool) -> dict[str, Any]:
    columns = ("count", *ROLLED_SUMS)
    return _rows(org, start, end, only_org).aggregate(**{c: Sum(c) for c in columns})


GROUPS = {"kind": F("kind"), "outreach": F("outreach"), "month": TruncMonth("day")}


def grouped(
    column: str, org: Organization, start: dt.date, end: dt.date, by: str
) -> dict[Any, int | Decimal]:
    """The sum of `column` over `org`'s subtree per form, outreach or month (GROUPS)."""
    rows = _rows(org, start, end, False).values(key=GROUPS[by]).annotate(v=Sum(column))
    return {r["key"]: r["v"] for r in rows.order_by()}


def per_child(
    column: str, org: Organization, children: list[Organization], start: dt.date, end: dt.date
) -> dict[str, int | Decimal]:
    """The sum of `column` per child of `org` among `children` (its whole subtree), by code,
    and under "" over `org`'s own activities (本级)."""
    refresh()
    codes = {c.pk: c.code for c in children}
    rows = ActivityTotal.objects.filter(
        Q(org=org, own=True) | Q(org_id__in=list(codes)), day__range=(start, end)
    )
    out = {"": 0}
    for pk, value in rows.values_list("org_id").annotate(v=Sum(column)).order_by():
        if pk == org.pk:
            out[""] = value
        elif pk in codes:
            out[codes[pk]] = value
    return out


def rolled(column: str) -> dict[str, Any]:
    """The registry's roll-up readers (rollup, rollup_by) of the figure summing `column`."""

    def rollup(scope: Scope, only_org: bool) -> int | Decimal:
        return total(column, scope.org, scope.start, scope.end, only_org)

    def rollup_by(scope: Scope, by: str, children: list[Organization]) -> dict[Any, Any]:
        if by == "org":
            return per_child(column, scope.org, children, scope.start, scope.end)
        return grouped(column, scope.org, scope.start, scope.end, by)

    return {"rollup": rollup, "rollup_by": rollup_by}


def counted_days() -> int:
    """Days the roll-up holds (for the command's report)."""
    return ActivityTotal.objects.aggregate(n=Count("day", distinct=True))["n"]
