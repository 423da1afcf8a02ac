"""Model instances from hand-written SQL, for the few hot API paths (token check, contest
submit) where building the query through the ORM costs more than running it.

The SQL is written once per path; the column lists come from the models' `_meta`, and every
value goes through the same converters Django's compiler applies (SQLite datetimes and
booleans, JSON columns…), then `Model.from_db` builds the instance, so the result is the
instance the ORM would have returned (fields not selected are deferred as with `.only()`).
Works on PostgreSQL and SQLite alike (%s placeholders through Django's cursor).

`hot_fetchone`/`hot_rowcount` run these statements on PostgreSQL as prepared statements:
each connection parses and plans a statement once instead of on every request (planning the
submit path's join cost PostgreSQL more than running it). Django leaves prepared statements
off so that transaction-mode poolers keep working; KESU_PREPARED_STATEMENTS=false does the
same here.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

Converter = Callable[[Any, Any, Any], Any]

# The Django internals (not public API) this module relies on, each checked by
# tests/accounts/test_lean_rows.py so that an upgrade which moves or renames one fails there:
# what `_run` keeps of Django's cursor wrapper, the cursor class Django uses for server-side
# binding ("server_side_binding" in the PostgreSQL OPTIONS), and what `Columns` uses to
# convert values as the ORM's compiler does and to quote names.
DJANGO_INTERNALS = (
    "django.db.backends.base.base.BaseDatabaseWrapper.close_if_health_check_failed",
    "django.db.backends.base.base.BaseDatabaseWrapper.validate_no_broken_transaction",
    "django.db.backends.base.base.BaseDatabaseWrapper.wrap_database_errors",
    "django.db.backends.base.base.BaseDatabaseWrapper.queries_logged",
    "django.db.backends.postgresql.base.ServerBindingCursor",
    "django.db.models.Field.get_col",
    "django.db.models.Field.get_db_converters",
    "django.db.backends.base.operations.BaseDatabaseOperations.get_db_converters",
    "django.db.backends.base.operations.BaseDatabaseOperations.quote_name",
)


class Columns:
    """The selected columns of one model under a table alias, with their converters."""

    def __init__(self, model: type[Model], alias: str, names: Sequence[str] | None = None):
        meta = model._meta
        fields = meta.concrete_fields
        if names is not None:
            wanted = set(names) | {meta.pk.name}
            fields = [f for f in fields if f.name in wanted or f.attname in wanted]
        self.model, self.alias, self.fields = model, alias, list(fields)
        self.attnames = [f.attname for f in self.fields]
        self.cols = [f.get_col(alias) for f in self.fields]
        self._converters: dict[str, list[list[Converter]]] = {}

    def sql(self, using: str = "default") -> str:
        quote = connections[using].ops.quote_name
        return ", ".join(f"{quote(self.alias)}.{quote(f.column)}" for f in self.fields)

    def converters(self, using: str) -> list[list[Converter]]:
        found = self._converters.get(using)
        if found is None:
            connection = connections[using]
            found = []
            for f, col in zip(self.fields, self.cols, strict=True):
                found.append(
                    connection.ops.get_db_converters(col) + f.get_db_converters(connection)
                )
            self._converters[using] = found
        return found

    def convert(self, values: Sequence[Any], using: str = "default") -> list[Any]:
        """This model's slice of a row as the ORM's Python values (in `fields` order)."""
        connection = connections[using]
        out = []
        for col, value, convs in zip(self.cols, values, self.converters(using), strict=True):
            for convert in convs:
                value = convert(value, col, connection)
            out.append(value)
        return out

    def build(self, values: Sequence[Any], using: str = "default") -> Model:
        """The instance from this model's slice of a row (values in `fields` order)."""
        return self.model.from_db(using, self.attnames, self.convert(values, using))

    def __len__(self) -> int:
        return len(self.fields)


def db_values(model: type[Model], values: dict[str, Any], using: str = "default") -> list[Any]:
    """Field values prepared for the database, as `QuerySet.update` would send them."""
    connection = connections[using]
    meta = model._meta
    return [
        meta.get_field(name).get_db_prep_save(value, connection) for name, value in values.items()
    ]


def set_sql(model: type[Model], names: Sequence[str], using: str = "default") -> str:
    quote = connections[using].ops.quote_name
    meta = model._meta
    return ", ".join(f"{quote(meta.get_field(n).column)} = %s" for n in names)


def table(model: type[Model], using: str = "default") -> str:
    return connections[using].ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str, alias: str = "", using: str = "default") -> str:
    quote = connections[using].ops.quote_name
    col = quote(model._meta.get_field(name).column)
    return f"{quote(alias)}.{col}" if alias else col


def hot_fetchone(sql: str, params: Sequence[Any], using: str = "default") -> tuple | None:
    """The first row of a statement run on every request of a hot path (see `_run`)."""
    return _run(sql, params, using, fetch=True)


def hot_rowcount(sql: str, params: Sequence[Any], using: str = "default") -> int:
    """The rows a hot path's write changed (see `_run`)."""
    return _run(sql, params, using, fetch=False)


def _run(sql: str, params: Sequence[Any], using: str, *, fetch: bool) -> Any:
    """On PostgreSQL (unless KESU_PREPARED_STATEMENTS is off, or queries are being logged or
    wrapped) a prepared statement on a cursor kept per connection, without Django's cursor
    wrapper: that wrapper cost as much client CPU as psycopg's own execute. What it does that
    matters is kept: the connection opened as Django opens it, a broken transaction refused,
    database errors converted and marked on the connection. Elsewhere: Django's cursor."""
    connection = connections[using]
    if (
        connection.vendor != "postgresql"
        or not settings.KESU_PREPARED_STATEMENTS
        or connection.queries_logged  # the query log shows SQL text only when unprepared
        or connection.execute_wrappers
    ):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if fetch else cursor.rowcount
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_no_broken_transaction()
    with connection.wrap_database_errors:
        cursor = _cursor_of(connection.connection)
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchone() if fetch else cursor.rowcount


_cursors: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # raw connection -> cursor
_ONLY_WHEN_ASKED = 2**62  # executions before psycopg prepares a statement on its own


def _cursor_of(raw: Any) -> Any:
    """The raw connection's hot cursor (server-side binding), made on first use. A Django
    connection belongs to one thread, and so does its cursor."""
    cursor = _cursors.get(raw)
    if cursor is None or cursor.closed:
        if raw.prepare_threshold is None:
            # Django's "never prepare" would also refuse prepare=True; this keeps automatic
            # preparation off for every other statement and lets these ask for it.
            raw.prepare_threshold = _ONLY_WHEN_ASKED
        from django.db.backends.postgresql.base import ServerBindingCursor

        cursor = _cursors[raw] = ServerBindingCursor(raw)
    return cursor
