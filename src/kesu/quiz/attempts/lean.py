"""The contest's hot statements, written by hand (kesu.accounts.lean_rows): under contest
load the ORM's query building cost several times what PostgreSQL spends running them. Same
semantics as the ORM calls they replace:

- `attempt_for_submit`: `Attempt.objects.select_related("paper").only(...)
  .get(pk=attempt_id, member_id=member_id)` — None instead of DoesNotExist;
- `update_in_progress`: `Attempt.objects.filter(pk=pk, status=IN_PROGRESS).update(**fields)`
  — the conditional UPDATE that makes a double submit score once;
- `token_and_attempt` (the submit lane's and, with the display stamp, the start lane's
  fetch): token, user, attempt and paper in one SELECT;
- `starter` (the start lane): what starting an attempt decides on, in one SELECT.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections

from kesu.accounts.lean_rows import (
    Columns,
    column,
    db_values,
    hot_fetchone,
    hot_rowcount,
    set_sql,
    table,
)
from kesu.accounts.models import ApiToken, User
from kesu.members.models import Member
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt, Paper
from kesu.quiz.papers import prepared

# What submitting needs of an attempt and its paper, and what showing it adds.
ATTEMPT_FIELDS = (
    "paper",
    "member",
    "status",
    "started_at",
    "deadline",
    "layout",
    "answers",
    "score",
    "max_score",
    "correct_count",
    "item_count",
    "passed",
    "duration_seconds",
    "submitted_at",
    "source",
    "results",
    "dimension_scores",
)
PAPER_FIELDS = ("multiple_rule", "pass_mark", "title", "status", "closes_at", "show_answers")
MAX_ID = 2**63 - 1  # a bigint primary key

_attempt = Columns(Attempt, "a", ATTEMPT_FIELDS)
_paper = Columns(Paper, "p", PAPER_FIELDS)


def _bound(model: Any, names: tuple[str, ...], alias: str, using: str) -> str:
    """`col = %s AND …` for the fields `names` of `model` (under the table alias `alias`)."""
    return " AND ".join(f"{column(model, name, alias, using)} = %s" for name in names)


def _paper_join(using: str) -> str:
    return (
        f"INNER JOIN {table(Paper, using)} p "
        f"ON p.{column(Paper, 'id', using=using)} = {column(Attempt, 'paper', 'a', using)}"
    )


@cache  # one text per database alias
def _select(using: str) -> str:
    return (
        f"SELECT {_attempt.sql(using)}, {_paper.sql(using)} "  # noqa: S608 (identifiers from _meta, values bound)
        f"FROM {table(Attempt, using)} a {_paper_join(using)} "
        f"WHERE {_bound(Attempt, ('id', 'member'), 'a', using)}"
    )


def attempt_for_submit(attempt_id: int, member_id: int, using: str = DEFAULT_DB_ALIAS):
    """The member's attempt with the paper fields scoring needs, or None (missing or another
    member's: the caller answers 404 for both; an id beyond the column's range too)."""
    if not 0 < attempt_id <= MAX_ID:
        return None
    row = hot_fetchone(_select(using), [attempt_id, member_id], using)
    if row is None:
        return None
    values = iter(row)
    return _attempt_with_paper(values, using)


def update_in_progress(pk: int, fields: dict[str, Any], using: str = DEFAULT_DB_ALIAS) -> int:
    """UPDATE the attempt only while it is in progress; the number of rows changed (0/1)."""
    params = [*db_values(Attempt, fields, using), pk, Attempt.Status.IN_PROGRESS.value]
    return hot_rowcount(_update_sql(tuple(fields), using), params, using)


@cache  # one text per column list and alias: a submission sets the same columns every time
def _update_sql(names: tuple[str, ...], using: str) -> str:
    return (
        f"UPDATE {table(Attempt, using)} SET {set_sql(Attempt, names, using)} "  # noqa: S608 (identifiers from _meta, values bound)
        f"WHERE {_bound(Attempt, ('id', 'status'), '', using)}"
    )


# The lanes' reads (kesu.quiz.attempts.submit_lane, start_lane): token_authenticate's token
# and user, joined to what the request is about, so that a request costs one SELECT.
_token = Columns(ApiToken, "t", ["last_used_at"])
_user = Columns(User, "u", ["is_active", "member"])


def _token_user(using: str, joins: str) -> str:
    """FROM the token and its user, `joins`, WHERE the token is live (digest bound first)."""
    return (
        f"FROM {table(ApiToken, using)} t INNER JOIN {table(User, using)} u "
        f"ON u.{column(User, 'id', using=using)} = {column(ApiToken, 'user', 't', using)} "
        f"{joins} WHERE {column(ApiToken, 'digest', 't', using)} = %s "
        f"AND {column(ApiToken, 'revoked_at', 't', using)} IS NULL"
    )


@cache  # one text per database alias and choice
def _token_attempt_sql(using: str, stamp: bool) -> str:
    # Two lookups by unique keys (the token's digest, the attempt's id) side by side; that the
    # attempt is the user's member's is checked on the row (`_mine_only`). Joined on the
    # member, PostgreSQL's generic plan could walk the users by member instead, as many rows
    # as members before this one (planned while the tables were small).
    joins = f"CROSS JOIN {table(Attempt, using)} a {_paper_join(using)}"
    return (
        f"SELECT {_token.sql(using)}, {_user.sql(using)}, {_attempt.sql(using)}, "  # noqa: S608 (identifiers from _meta, values bound)
        f"{_paper.sql(using)}{', ' + prepared.shown_newest(using) if stamp else ''} "
        f"{_token_user(using, joins)} "
        f"AND {column(Attempt, 'id', 'a', using)} = %s"
    )


class Caller(NamedTuple):
    """The token of a lane's request: its id and last use, and whether its user is active."""

    token_id: int
    token_last_used_at: Any
    user_is_active: bool


def _caller(values: Any, using: str) -> Caller:
    return _caller_member(values, using)[0]


def _caller_member(values: Any, using: str) -> tuple[Caller, int | None]:
    """The caller and its user's member id."""
    token, user = _plain(_token, values, using), _plain(_user, values, using)
    return Caller(token["id"], token["last_used_at"], user["is_active"]), user["member_id"]


def _plain(columns: Columns, values: Any, using: str) -> dict[str, Any]:
    """The next slice of a row as {attname: value}: building an instance would cost as much as
    the read."""
    row = [next(values) for _ in range(len(columns))]
    return dict(zip(columns.attnames, columns.convert(row, using), strict=True))


def _part(columns: Columns, values: Any, using: str) -> Any:
    """The next slice of a row as its model's instance."""
    return columns.build([next(values) for _ in range(len(columns))], using)


def _attempt_with_paper(values: Any, using: str) -> Attempt:
    attempt = _part(_attempt, values, using)
    attempt._state.fields_cache["paper"] = _part(_paper, values, using)
    return attempt


def token_and_attempt(
    digest: str, attempt_id: int, using: str = DEFAULT_DB_ALIAS
) -> tuple[Caller, Attempt] | None:
    """The live token with this digest, its user, and the attempt (with its paper) when it is
    that user's member's; None otherwise (no such token, a revoked one, another member's
    attempt…)."""
    row = _token_attempt_row(digest, attempt_id, False, using)
    if row is None:
        return None
    return _mine_only(iter(row), using)


def _mine_only(values: Any, using: str) -> tuple[Caller, Attempt] | None:
    """The caller and the attempt of a `_token_attempt_sql` row, None when the attempt is not
    the caller's member's."""
    caller, member_id = _caller_member(values, using)
    attempt = _attempt_with_paper(values, using)
    return None if member_id is None or attempt.member_id != member_id else (caller, attempt)


def token_attempt_shown(
    digest: str, attempt_id: int, using: str = DEFAULT_DB_ALIAS
) -> tuple[Caller, Attempt, float] | None:
    """`token_and_attempt` with the display stamp (kesu.quiz.papers.prepared), read in the
    same SELECT."""
    row = _token_attempt_row(digest, attempt_id, True, using)
    if row is None:
        return None
    values = iter(row)
    found = _mine_only(values, using)
    return None if found is None else (*found, prepared.display_stamp(next(values)))


def _token_attempt_row(digest: str, attempt_id: int, stamp: bool, using: str) -> tuple | None:
    if not 0 < attempt_id <= MAX_ID:
        return None
    return hot_fetchone(_token_attempt_sql(using, stamp), [digest, attempt_id], using)


# The start lane's read: the user's member with their organisation's path, the paper (every
# field: the start checks and shows it) with its organisation, and the member's attempts on
# that paper as `start_attempt` reads them: how many, how many since local midnight, and the
# one in progress.
_member = Columns(Member, "m", ["org"])
_member_org = Columns(Organization, "mo", ["path"])
_whole_paper = Columns(Paper, "p")
_paper_org = Columns(Organization, "po", ["code", "name", "path"])


def _mine(using: str, what: str, where: str = "") -> str:
    """A subquery over the member's attempts on the paper."""
    return (
        f"(SELECT {what} FROM {table(Attempt, using)} a "  # noqa: S608 (identifiers from _meta, values bound)
        f"WHERE {column(Attempt, 'paper', 'a', using)} = p.{column(Paper, 'id', using=using)} "
        f"AND {column(Attempt, 'member', 'a', using)} = m.{column(Member, 'id', using=using)}"
        f"{where})"
    )


@cache  # one text per database alias
def _starter_sql(using: str) -> str:
    started = column(Attempt, "started_at", "a", using)
    in_progress = f" AND {column(Attempt, 'status', 'a', using)} = %s ORDER BY {started} DESC"
    org_id = column(Organization, "id", using=using)
    joins = (
        f"INNER JOIN {table(Member, using)} m "
        f"ON m.{column(Member, 'id', using=using)} = {column(User, 'member', 'u', using)} "
        f"INNER JOIN {table(Organization, using)} mo "
        f"ON mo.{org_id} = {column(Member, 'org', 'm', using)} "
        f"INNER JOIN {table(Paper, using)} p ON p.{column(Paper, 'id', using=using)} = %s "
        f"INNER JOIN {table(Organization, using)} po "
        f"ON po.{org_id} = {column(Paper, 'org', 'p', using)}"
    )
    return (
        f"SELECT {_token.sql(using)}, {_user.sql(using)}, {_member.sql(using)}, "  # noqa: S608 (identifiers from _meta, values bound)
        f"{_member_org.sql(using)}, {_whole_paper.sql(using)}, {_paper_org.sql(using)}, "
        f"{_mine(using, 'COUNT(*)')}, {_mine(using, 'COUNT(*)', f' AND {started} >= %s')}, "
        f"{_mine(using, column(Attempt, 'id', 'a', using), in_progress + ' LIMIT 1')}, "
        f"(SELECT {prepared.banks_newest(using)} {prepared.banks_from(using)}), "
        f"(SELECT COUNT(*) {prepared.banks_from(using)}), {prepared.shown_newest(using)} "
        f"{_token_user(using, joins)}"
    )


class Start(NamedTuple):
    """What starting decides on: the member (`member.org`: the path) and the paper
    (`paper.org`: code, name, path), the member's attempts on the paper, and the figures of
    the banks the paper's stamp reads and the display stamp (kesu.quiz.papers.prepared)."""

    member: Member
    paper: Paper
    attempts: int  # all of them
    attempts_since: int  # those started at or after `since`
    in_progress: int | None  # the id of the one in progress
    banks: prepared.Banks
    shown: float  # the display stamp


def starter(
    digest: str, paper_id: int, since: Any, using: str = DEFAULT_DB_ALIAS
) -> tuple[Caller, Start] | None:
    """None when there is no such live token, its user has no member, or no such paper."""
    if not 0 < paper_id <= MAX_ID:
        return None
    since = db_values(Attempt, {"started_at": since}, using)[0]
    codes = prepared.bank_codes(paper_id)
    params = [since, Attempt.Status.IN_PROGRESS.value, *codes, *codes, paper_id, digest]
    row = hot_fetchone(_starter_sql(using), params, using)
    if row is None:
        return None
    values = iter(row)
    caller = _caller(values, using)
    member = _part(_member, values, using)
    member._state.fields_cache["org"] = _part(_member_org, values, using)
    paper = _part(_whole_paper, values, using)
    paper._state.fields_cache["org"] = _part(_paper_org, values, using)
    total, since_count, current, newest, banks, shown = values
    return caller, Start(
        member,
        paper,
        total,
        since_count,
        current,
        prepared.Banks(codes, newest, banks),
        prepared.display_stamp(shown),
    )


# Starting (`attempts.begin_attempt`): one INSERT … ON CONFLICT DO NOTHING in autocommit,
# against the partial unique index of attempts in progress (at most one per member and paper,
# migration quiz 0007): a double tap's second start inserts nothing (on PostgreSQL it waits
# for the first to commit) and reads the first one's id — what a locked exists() and create()
# did in four round trips (BEGIN, the member's row locked, the insert, COMMIT). On PostgreSQL
# the same statement also refreshes the lane's token's last use when that is due (`Seen`: a
# data-modifying WITH, run whether or not the insert conflicts); elsewhere that is an UPDATE
# of its own, as `token_seen` writes it.
_INSERTED = [f for f in Attempt._meta.concrete_fields if not f.primary_key and not f.generated]
_IN_PROGRESS = ("paper", "member", "status")
TRIES = 3  # inserts a start makes while the attempt in its way is finished under it


class Seen(NamedTuple):
    """A token's last use to write: its id and the time (accounts.services.token_seen_at)."""

    token_id: int
    at: Any


@cache  # one text per database alias
def _touch_sql(using: str) -> str:
    return (
        f"UPDATE {table(ApiToken, using)} SET {set_sql(ApiToken, ['last_used_at'], using)} "  # noqa: S608 (identifiers from _meta, values bound)
        f"WHERE {column(ApiToken, 'id', using=using)} = %s"
    )


@cache  # one text per database alias and choice
def _insert_sql(using: str, touch: bool) -> str:
    names = ", ".join(column(Attempt, f.name, using=using) for f in _INSERTED)
    marks = ", ".join("%s" for _ in _INSERTED)
    head = f"WITH seen AS ({_touch_sql(using)}) " if touch else ""
    return (
        f"{head}INSERT INTO {table(Attempt, using)} ({names}) VALUES ({marks}) "  # noqa: S608 (identifiers from _meta, values bound)
        f"ON CONFLICT DO NOTHING RETURNING {column(Attempt, 'id', using=using)}"
    )


@cache  # one text per database alias
def _in_progress_sql(using: str) -> str:
    return (
        f"SELECT {column(Attempt, 'id', using=using)} FROM {table(Attempt, using)} "  # noqa: S608 (identifiers from _meta, values bound)
        f"WHERE {_bound(Attempt, _IN_PROGRESS, '', using)}"
    )


def insert_unless_in_progress(
    attempt: Attempt, using: str = DEFAULT_DB_ALIAS, seen: Seen | None = None
) -> int | None:
    """Save the new `attempt` (its pk set) unless its member has one in progress on its paper:
    then that one's id. `seen`: a token's last use, written either way."""
    connection = connections[using]
    values = [f.get_db_prep_save(f.pre_save(attempt, True), connection) for f in _INSERTED]
    touch: list[Any] = []
    if seen is not None:
        touch = [*db_values(ApiToken, {"last_used_at": seen.at}, using), seen.token_id]
        if connection.vendor != "postgresql":
            hot_rowcount(_touch_sql(using), touch, using)
            touch = []
    mine = [attempt.paper_id, attempt.member_id, Attempt.Status.IN_PROGRESS.value]
    for _ in range(TRIES):
        inserted = hot_fetchone(_insert_sql(using, bool(touch)), [*touch, *values], using)
        touch = []  # written by the first try
        if inserted is not None:
            attempt.pk = inserted[0]
            attempt._state.adding, attempt._state.db = False, using
            return None
        current = hot_fetchone(_in_progress_sql(using), mine, using)
        if current is not None:
            return current[0]
    raise RuntimeError(f"attempt of member {attempt.member_id} neither inserted nor found")
