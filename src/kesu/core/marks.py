"""The roll-ups' stale marks (members, contests, assessment and activities `tally`): tables
that database triggers append to whenever a record a roll-up counts is written, and that
the roll-up's refresh empties before recounting what they name."""

from __future__ import annotations

from typing import Any

from django.db import connection, models


def take_marks(model: type[models.Model], *columns: str) -> list[tuple[Any, ...]]:
    """Empty `model`'s table, returning `columns` of every row it held, as the database
    hands them back. One statement (DELETE … RETURNING), so a mark committed meanwhile is
    either taken here or left for the next refresh, never lost."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} RETURNING {names}")  # noqa: S608 (model names)
        return cursor.fetchall()
