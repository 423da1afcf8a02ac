"""Bulk loading into an empty table on PostgreSQL: build the indexes once, after the rows;
and the rows themselves made in a second process.

Maintaining a B-tree per row costs more than generating the row (the roster has nine
indexes, two of them on random keyed hashes), and checking a foreign key per row is a
lookup each. Building an index after the load is one sort; adding a foreign key back is
one join. So the load drops the table's secondary indexes, unique and foreign-key
constraints, and puts every one back, under its own name and definition as PostgreSQL
reports them, when the load ends (also when it fails). SQLite keeps its indexes.
The demo's load is the one user; members imports go into tables that already hold rows.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from django.db import connection, models, transaction

T = TypeVar("T")

_CONSTRAINTS = """
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = %s::regclass AND contype IN ('u', 'f')
ORDER BY contype, conname
"""
# Indexes that no constraint of the table owns (those go and come back with the constraint).
_INDEXES = """
SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indrelid = %s::regclass AND NOT x.indisprimary
AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid
                AND k.conrelid = x.indrelid)
ORDER BY 1
"""


@contextmanager
def indexes_deferred(model: type[models.Model], timings: dict[str, float]) -> Iterator[None]:
    """Load `model`'s (empty) table inside this block; its indexes are built at the end, and
    the seconds that took go to ``timings["<table>_indexes"]``."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside a caller's transaction (tests) the rows are few, and PostgreSQL refuses to
        # alter a table whose deferred foreign-key checks are still pending.
        yield
        return
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_CONSTRAINTS, [table])
        constraints = cursor.fetchall()
        cursor.execute(_INDEXES, [table])
        indexes = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
    finally:
        started = time.monotonic()
        with transaction.atomic(), connection.cursor() as cursor:
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in constraints:
                cursor.execute(
                    f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {quote(table)}")
        timings[f"{table}_indexes"] = time.monotonic() - started


def produced_aside(make: Callable[[], Iterable[T]], *, batch: int = 5000) -> Iterator[T]:
    """What ``make()`` yields, in order, computed in a forked child process while the caller
    consumes it: the demo's member rows (generation, encryption and hashes: pure Python)
    on one core while this process and PostgreSQL load them on the other. The child
    touches no database and leaves through ``os._exit`` (multiprocessing's fork start), so
    the connection it inherited is never closed under the parent. Batches of ``batch``
    items cross the pipe; an error in the child is raised here."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def produce() -> None:
        try:
            items = iter(make())
            while chunk := list(islice(items, batch)):
                send.send(chunk)
            send.send(None)
        except BaseException as exc:  # noqa: BLE001 (handed to the parent, which raises it)
            send.send(_Failed(repr(exc)))

    child = context.Process(target=produce, daemon=True)
    child.start()
    send.close()
    try:
        while (chunk := receive.recv()) is not None:
            if isinstance(chunk, _Failed):
                raise RuntimeError(f"演示数据生成进程出错：{chunk.error}")
            yield from chunk
    finally:
        receive.close()
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()


@dataclass(frozen=True)
class _Failed:
    error: str
