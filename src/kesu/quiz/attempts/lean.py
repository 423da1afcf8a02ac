"""The contest submit path's two statements, written by hand (kesu.accounts.lean_rows): under
contest load the ORM's query building cost several times what PostgreSQL spends running
them. Same semantics as the ORM calls they replace:

- `attempt_for_submit`: `Attempt.objects.select_related("paper").only(...)
  .get(pk=attempt_id, member_id=member_id)` — None instead of DoesNotExist;
- `update_in_progress`: `Attempt.objects.filter(pk=pk, status=IN_PROGRESS).update(**fields)`
  — the conditional UPDATE that makes a double submit score once.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS

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
from kesu.quiz.models import Attempt, Paper

# What submitting needs of an attempt and its paper.
SUBMIT_FIELDS = (
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
)
PAPER_FIELDS = ("multiple_rule", "pass_mark")
MAX_ID = 2**63 - 1  # a bigint primary key

_attempt = Columns(Attempt, "a", SUBMIT_FIELDS)
_paper = Columns(Paper, "p", PAPER_FIELDS)


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
        f"WHERE {column(Attempt, 'id', 'a', using)} = %s "
        f"AND {column(Attempt, 'member', 'a', using)} = %s"
    )


def _attempt_with_paper(values: tuple, using: str) -> Attempt:
    n = len(_attempt)
    attempt = _attempt.build(values[:n], using)
    attempt._state.fields_cache["paper"] = _paper.build(values[n:], using)
    return attempt


def attempt_for_submit(attempt_id: int, member_id: int, using: str = DEFAULT_DB_ALIAS):
    """The member's attempt with the paper fields scoring needs, or None (missing or another
    member's: the caller answers 404 for both; an id beyond the column's range too)."""
    if not 0 < attempt_id <= MAX_ID:
        return None
    row = hot_fetchone(_select(using), [attempt_id, member_id], using)
    return None if row is None else _attempt_with_paper(row, using)


def update_in_progress(pk: int, fields: dict[str, Any], using: str = DEFAULT_DB_ALIAS) -> int:
    """UPDATE the attempt only while it is in progress; the number of rows changed (0/1)."""
    params = [*db_values(Attempt, fields, using), pk, Attempt.Status.IN_PROGRESS.value]
    return hot_rowcount(_update_sql(tuple(fields), using), params, using)


@cache  # one text per column list and alias: a submission sets the same columns every time
def _update_sql(names: tuple[str, ...], using: str) -> str:
    return (
        f"UPDATE {table(Attempt, using)} SET {set_sql(Attempt, names, using)} "  # noqa: S608 (identifiers from _meta, values bound)
        f"WHERE {column(Attempt, 'id', using=using)} = %s "
        f"AND {column(Attempt, 'status', using=using)} = %s"
    )


# The submit lane's one read (kesu.quiz.attempts.submit_lane): token_authenticate's token and user
# and attempt_for_submit's attempt and paper, joined, so a submission costs one SELECT.
_token = Columns(ApiToken, "t", ["last_used_at"])
_user = Columns(User, "u", ["is_active", "member"])


@cache  # one text per database alias
def _token_attempt_sql(using: str) -> str:
    return (
        f"SELECT {_token.sql(using)}, {_user.sql(using)}, {_attempt.sql(using)}, "  # noqa: S608 (identifiers from _meta, values bound)
        f"{_paper.sql(using)} FROM {table(ApiToken, using)} t "
        f"INNER JOIN {table(User, using)} u "
        f"ON u.{column(User, 'id', using=using)} = {column(ApiToken, 'user', 't', using)} "
        f"INNER JOIN {table(Attempt, using)} a "
        f"ON {column(Attempt, 'member', 'a', using)} = {column(User, 'member', 'u', using)} "
        f"{_paper_join(using)} "
        f"WHERE {column(ApiToken, 'digest', 't', using)} = %s "
        f"AND {column(ApiToken, 'revoked_at', 't', using)} IS NULL "
        f"AND {column(Attempt, 'id', 'a', using)} = %s"
    )


class Submitter(NamedTuple):
    """What the submit lane reads in one statement: the token and its last use, whether its
    user is active, and the attempt with its paper."""

    token_id: int
    token_last_used_at: Any
    user_is_active: bool
    attempt: Attempt


def token_and_attempt(
    digest: str, attempt_id: int, using: str = DEFAULT_DB_ALIAS
) -> Submitter | None:
    """The live token with this digest, its user, and the attempt when it is that user's
    member's; None otherwise (no such token, a revoked one, another member's attempt…).
    Token and user stay plain values: building their instances cost as much as the read."""
    if not 0 < attempt_id <= MAX_ID:
        return None
    row = hot_fetchone(_token_attempt_sql(using), [digest, attempt_id], using)
    if row is None:
        return None
    t, u = len(_token), len(_token) + len(_user)
    token = dict(zip(_token.attnames, _token.convert(row[:t], using), strict=True))
    user = dict(zip(_user.attnames, _user.convert(row[t:u], using), strict=True))
    attempt = _attempt_with_paper(row[u:], using)
    return Submitter(token["id"], token["last_used_at"], user["is_active"], attempt)
