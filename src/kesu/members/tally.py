"""The roster roll-up: figures about the active roster read from RosterTally instead of
counting up to a million member rows.

RosterTally holds, per organisation (not subtree) and cell (gender, education, age band
as of RosterTallyState.as_of), how many active members it has, and
RosterTotal the same summed to (gender, migrant worker) for the totals. For the roster
list, RosterStatus and RosterCell count every member whatever the status, RosterCell per
combination of the list's dropdown filters with age bands as of today (listed_on, moved
day by day: _move_cells). Database triggers (migration 0005) mark an organisation stale
on every write to its members; `refresh()` recounts the stale ones before each read, so a
figure is always the roster's own. Two corrections make any date exact without recounting everything:
- members whose age band differs between as_of and the date asked for (birth dates in
  narrow windows, read through the birth-date index) are moved between bands;
- with `joined_by`, active members who joined after the date are taken out (join-date index).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Greatest
from django.utils import timezone

from kesu.core import oneview
from kesu.members.ages import BAND_LIMITS, age_band, band_expression, years_before
from kesu.members.models import (
    Member,
    RosterCell,
    RosterStatus,
    RosterTally,
    RosterTallyStale,
    RosterTallyState,
    RosterTotal,
)
from kesu.orgs import subtree
from kesu.orgs.models import Organization
from kesu.orgs.selectors import tree_stamp

Cell = tuple[str, str, str]  # gender, education, age band
T = TypeVar("T")
_CELL = ("gender", "education")
_LISTED = ("status", "gender", "is_migrant_worker")  # RosterStatus: every member, any status
LIST_FILTERS = (*_LISTED, "education", "band")  # RosterCell: the roster list's filters
BATCH = 500  # organisations recounted per statement (bounded IN lists)
CELLS_KEPT = 24 * 3600  # seconds; a new version (any roster change) makes a new key anyway


def _insert_select(model: type, columns: tuple[str, ...], rows: QuerySet) -> None:
    """INSERT … SELECT: the database counts, nothing travels through Python. `columns` name
    the SELECT's own output order (values() fields, then annotations)."""
    select, params = rows.query.sql_with_params()
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({names}) {select}", params)  # noqa: S608 (fixed names)


def _count_into_tally(members: QuerySet[Member], as_of: dt.date, listed_on: dt.date) -> None:
    active = members.current().order_by()
    cells = (
        active.annotate(band=band_expression(as_of))
        .values("org_id", *_CELL, "band")
        .annotate(n=Count("pk"))
    )
    _insert_select(RosterTally, ("org_id", *_CELL, "band", "count"), cells)
    totals = active.values("org_id", "gender", "is_migrant_worker").annotate(n=Count("pk"))
    _insert_select(RosterTotal, ("org_id", "gender", "is_migrant_worker", "count"), totals)
    listed = members.order_by().values("org_id", *_LISTED).annotate(n=Count("pk"))
    _insert_select(RosterStatus, ("org_id", *_LISTED, "count"), listed)
    _count_cells(members, listed_on)


def _count_cells(members: QuerySet[Member], listed_on: dt.date) -> None:
    by_filters = (
        members.order_by()
        .annotate(band=band_expression(listed_on))
        .values("org_id", *LIST_FILTERS)
        .annotate(n=Count("pk"))
    )
    _insert_select(RosterCell, ("org_id", *LIST_FILTERS, "count"), by_filters)


def _recount(as_of: dt.date, listed_on: dt.date, org_ids: list[int] | None = None) -> None:
    """Replace the roll-up rows of `org_ids` (of every organisation when None) by a count."""
    where = {} if org_ids is None else {"org_id__in": org_ids}
    for model in (RosterTallyStale, RosterTally, RosterTotal, RosterStatus, RosterCell):
        model.objects.filter(**where).delete()
    _count_into_tally(Member.objects.filter(**where), as_of, listed_on)


def _birth_windows(one: dt.date, other: dt.date) -> Q:
    """Members whose age band differs between the two dates: born in a narrow window before
    one of the band limits (read through the birth-date index)."""
    lo, hi = sorted((one, other))
    window = Q()
    for years, _band in BAND_LIMITS:
        window |= Q(birth_date__gt=years_before(lo, years), birth_date__lte=years_before(hi, years))
    return window


def _move_cells(listed_on: dt.date, today: dt.date) -> None:
    """Take RosterCell's age bands from `listed_on` to `today`: only the members whose band
    changed meanwhile are read (born in narrow windows: at a province some 3,000 a day) and
    moved between their cells. Called before the stale organisations are recounted: one
    whose rows are behind its members (a count would go below 0) is recounted anyway."""
    moves: Counter[tuple] = Counter()
    aged = Member.objects.filter(_birth_windows(listed_on, today)).order_by()
    for *cell, birth in aged.values_list("org_id", *LIST_FILTERS[:-1], "birth_date"):
        before, after = age_band(birth, listed_on), age_band(birth, today)
        if before != after:
            moves[(*cell, before)] -= 1
            moves[(*cell, after)] += 1
    _apply_moves({cell: n for cell, n in moves.items() if n})


def _apply_moves(moves: dict[tuple, int]) -> None:
    """Add `moves` (RosterCell's columns → change) to the rows, batch by batch of
    organisations; a new cell is a new row, a cell down to 0 goes."""
    columns = ("org_id", *LIST_FILTERS)
    org_ids = sorted({cell[0] for cell in moves})
    bands = {cell[-1] for cell in moves}
    for i in range(0, len(org_ids), BATCH):
        batch = set(org_ids[i : i + BATCH])
        rows = RosterCell.objects.filter(org_id__in=batch, band__in=bands)
        found = {tuple(cell): pk for *cell, pk in rows.values_list(*columns, "pk")}
        by_change: dict[int, list[int]] = {}
        new = []
        for cell, n in moves.items():
            if cell[0] not in batch:
                continue
            if cell in found:
                by_change.setdefault(n, []).append(found[cell])
            elif n > 0:
                new.append(RosterCell(**dict(zip(columns, cell, strict=True)), count=n))
        for n, pks in by_change.items():
            RosterCell.objects.filter(pk__in=pks).update(count=Greatest(F("count") + n, 0))
        RosterCell.objects.bulk_create(new)
        RosterCell.objects.filter(org_id__in=batch, count=0).delete()


def _year_end() -> dt.date:
    return dt.date(timezone.localdate().year, 12, 31)


def rebuild(as_of: dt.date | None = None) -> dt.date:
    """Recount the whole roster. Ages are taken at the end of the current year by default:
    the date most figures are asked for (the year's plan, summary and tables), which then
    need no age correction at all."""
    as_of = as_of or _year_end()
    with transaction.atomic():
        state, _ = RosterTallyState.objects.select_for_update().get_or_create(pk=1)
        state.listed_on = timezone.localdate()
        _recount(as_of, state.listed_on)
        state.as_of = as_of
        state.version = secrets.token_hex(8)
        state.save(update_fields=["as_of", "version", "listed_on"])
    return as_of


def refresh() -> dt.date:
    """Recount the organisations the triggers marked stale; returns the tally's as_of."""
    return _refreshed()[0]


def _refreshed() -> tuple[dt.date, str]:
    """refresh(), returning the tally's as_of and version."""
    today = timezone.localdate()
    row = RosterTallyState.objects.filter(pk=1).values_list("as_of", "version", "listed_on")
    state = row.first()
    if state is None or None in (state[0], state[2]) or state[0].year < today.year:
        rebuild()  # never counted, or a new year began: one full recount
        return _refreshed()
    if state[2] == today and not RosterTallyStale.objects.exists():
        return state[0], state[1]
    with transaction.atomic():
        # One refresher at a time; the others wait here and then find nothing stale.
        locked = RosterTallyState.objects.select_for_update().get(pk=1)
        if locked.listed_on != today:
            _move_cells(locked.listed_on, today)
            locked.listed_on = today
        stale = list(RosterTallyStale.objects.values_list("org_id", flat=True))
        for i in range(0, len(stale), BATCH):
            _recount(locked.as_of, today, stale[i : i + BATCH])
        if stale:
            locked.version = secrets.token_hex(8)
        locked.save(update_fields=["version", "listed_on"])
    return locked.as_of, locked.version


def _in(qs: QuerySet, org: Organization, only_org: bool) -> QuerySet:
    return qs.filter(org_id=org.pk) if only_org else subtree.under(qs, "org", org.path)


def _fields(gender: str | None, is_migrant_worker: bool | None) -> dict:
    where = {"gender": gender, "is_migrant_worker": is_migrant_worker}
    return {k: v for k, v in where.items() if v is not None}


def _active(org: Organization, only_org: bool) -> QuerySet[Member]:
    return _in(Member.objects.current(), org, only_org).order_by()


def roster_total(
    org: Organization,
    on: dt.date | None = None,
    *,
    only_org: bool = False,
    joined_by: bool = True,
    gender: str | None = None,
    is_migrant_worker: bool | None = None,
) -> int:
    """Active members of `org`'s subtree (of `org` itself with only_org) — with joined_by,
    those who had joined by `on` (today when None) or whose join date is unknown."""
    refresh()
    where = _fields(gender, is_migrant_worker)
    rows = _in(RosterTotal.objects.filter(**where), org, only_org)
    # Once per view: a dashboard asks for this year's and last year's count.
    key = ("roster total", org.pk, org.path, only_org, gender, is_migrant_worker)
    n = oneview.recall(key, lambda: rows.aggregate(n=Sum("count"))["n"] or 0)
    if joined_by:
        on = on or timezone.localdate()
        n -= _active(org, only_org).filter(joined_on__gt=on, **where).count()
    return n


def listed_by_status(path: str | None, **where: object) -> dict[str, int]:
    """Members of the subtree at `path` (of every tree when None) per status, whatever the
    status, with `where` on the roster list's filter columns (LIST_FILTERS; the age band is
    today's): the list's totals. Read from RosterStatus when it has the columns (fewer
    rows), else from RosterCell."""
    _as_of, version = _refreshed()
    # Kept like cells(): paging through a filtered list sums the roll-up once, not per page
    # (a province's RosterCell is some 2.5 million rows). The age bands are today's.
    parts = (path, timezone.localdate(), sorted(where.items()))
    return _kept("listed", version, parts, lambda: _listed(path, where))


def _listed(path: str | None, where: dict[str, object]) -> dict[str, int]:
    model = RosterStatus if set(where) <= set(_LISTED) else RosterCell
    rows = model.objects.filter(**where)
    if path is not None:
        rows = subtree.under(rows, "org", path)
    counted = rows.values_list("status").annotate(n=Sum("count")).order_by()
    return {status: n for status, n in counted}


def roster_totals_by_org(
    orgs: Iterable[Organization], on: dt.date | None = None, *, joined_by: bool = True
) -> dict[int, int]:
    """roster_total of each organisation's subtree, by organisation id."""
    return {o.pk: roster_total(o, on, joined_by=joined_by) for o in orgs}


def cells(
    org: Organization, on: dt.date, *, only_org: bool = False, joined_by: bool = False
) -> Counter[Cell]:
    """Active members per cell, age bands as of `on` (see the module docstring). Kept in
    the cache under the tally's version: summing a province's tally (1.6 million rows) is
    done once per roster change, not once per figure."""
    as_of, version = _refreshed()
    parts = (org.pk, org.path, on, only_org, joined_by)
    return _kept(
        "cells",
        version,
        parts,
        lambda: _cells(org, on, as_of, only_org=only_org, joined_by=joined_by),
    )


def _kept(kind: str, version: str, parts: tuple, compute: Callable[[], T]) -> T:
    """compute(), kept in the cache under the tally's version (any roster change makes a new
    key) and the tree's stamp: an organisation moved elsewhere takes its members out of
    the subtree."""
    stamp = (version, tree_stamp(), *parts)
    key = f"roster-{kind}:" + hashlib.sha256(repr(stamp).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CELLS_KEPT)
    return found


def _cells(
    org: Organization, on: dt.date, as_of: dt.date, *, only_org: bool, joined_by: bool
) -> Counter[Cell]:
    out: Counter[Cell] = Counter()
    rows = (
        _in(RosterTally.objects.all(), org, only_org)
        .values_list(*_CELL, "band")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for gender, education, band, n in rows:
        out[(gender, education, band)] += n
    members = _active(org, only_org)
    if as_of != on:
        moved = members.filter(_birth_windows(as_of, on))
        for *cell, birth in moved.values_list(*_CELL, "birth_date"):
            before, after = age_band(birth, as_of), age_band(birth, on)
            if before != after:
                out[(*cell, before)] -= 1
                out[(*cell, after)] += 1
    if joined_by:
        for *cell, birth in members.filter(joined_on__gt=on).values_list(*_CELL, "birth_date"):
            out[(*cell, age_band(birth, on))] -= 1
    return +out


def roster_cells(
    org: Organization,
    on: dt.date,
    *,
    joined_by: bool = False,
    education_group: Callable[[str], str] = lambda code: code,
) -> dict[tuple[str, str, str], int]:
    """Active members of the subtree aged 18+ at `on` per (gender, age band, education
    group), for post-stratification."""
    out: Counter[tuple[str, str, str]] = Counter()
    for (gender, education, band), n in cells(org, on, joined_by=joined_by).items():
        if band != BAND_LIMITS[0][1]:
            out[(gender, band, education_group(education))] += n
    return dict(out)


# The SQLite row triggers of migration 0005, as they stand (the migration is frozen).
_SQLITE_TRIGGERS = {
    "members_tally_ins": """CREATE TRIGGER members_tally_ins AFTER INSERT ON members_member BEGIN
        INSERT OR IGNORE INTO members_rostertallystale (org_id) VALUES (NEW.org_id); END""",
    "members_tally_upd": """CREATE TRIGGER members_tally_upd AFTER UPDATE ON members_member BEGIN
        INSERT OR IGNORE INTO members_rostertallystale (org_id) VALUES (OLD.org_id);
        INSERT OR IGNORE INTO members_rostertallystale (org_id) VALUES (NEW.org_id); END""",
}


@contextmanager
def writing_in_bulk(org_ids: Iterable[int]) -> Iterator[None]:
    """Around a bulk write of members of `org_ids` inside the caller's transaction: marks
    those organisations stale itself. On SQLite it also lifts the row triggers for the
    block (they cost ≈20 µs a row there, a third of a large import's time) and puts them
    back before the transaction ends; SQLite has a single writer, so no other write can
    happen meanwhile. PostgreSQL's statement triggers are cheap and stay."""
    assert connection.in_atomic_block, "writing_in_bulk needs the caller's transaction"
    RosterTallyStale.objects.bulk_create(
        [RosterTallyStale(org_id=pk) for pk in set(org_ids)], ignore_conflicts=True
    )
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        for name in _SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in _SQLITE_TRIGGERS.values():
                cursor.execute(sql)
