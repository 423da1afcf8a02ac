"""The per-row CPU work of an import (validation, ID hashing, encryption), chunk by chunk.

It needs no database. For a large file it runs in a forked worker process, ahead of the
chunk the importing process is writing: the two cores share the work (the worker cleans
and encrypts chunk n+1 while the importer classifies and inserts chunk n). The worker
inherits the parsed sheet when it is forked, so it is sent only index ranges and sends
back compact results: value tuples in insert order, not dicts.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from django.conf import settings
from django.utils import timezone

from kesu.members.validation import clean_member_data, id_number_hash, protected_values

PARALLEL_MIN_ROWS = 20000  # below this, starting a worker process costs more than it saves
_MAX_WORKERS = 3  # the importing process is the writer: beyond this it is the bottleneck
_AHEAD = 8  # chunks prepared ahead per worker: smooths slow batches (checkpoints), bounds memory


class Prepared(NamedTuple):
    """One chunk, position by position: values (validation.PROTECTED_COLUMNS order) or None
    for a rejected record, whose (problems, ID hash or "") are in `rejected`."""

    values: list[tuple[Any, ...] | None]
    rejected: dict[int, tuple[dict[str, str], str]]


def prepare(
    record: Callable[[int], dict[str, Any]], indices: list[int], today: dt.date
) -> Prepared:
    values: list[tuple[Any, ...] | None] = []
    rejected: dict[int, tuple[dict[str, str], str]] = {}
    for position, index in enumerate(indices):
        clean, problems = clean_member_data(record(index), today=today)
        if problems:
            number = clean.get("id_number")
            rejected[position] = (problems, id_number_hash(number) if number is not None else "")
            values.append(None)
        else:
            values.append(protected_values(clean))
    return Prepared(values, rejected)


# In a worker: what it inherited from the importing process when forked.
_inherited: tuple[Callable[[int], dict[str, Any]], list[int], dt.date] | None = None


def _inherit(record: Callable[[int], dict[str, Any]], indices: list[int], today: dt.date) -> None:
    global _inherited
    _inherited = (record, indices, today)


def _prepare_span(span: tuple[int, int]) -> Prepared:
    assert _inherited is not None
    record, indices, today = _inherited
    return prepare(record, indices[span[0] : span[1]], today)


def _worker_count(total: int) -> int:
    threshold = int(getattr(settings, "KESU_IMPORT_PARALLEL_MIN_ROWS", PARALLEL_MIN_ROWS))
    cpus = os.cpu_count() or 1
    if total < threshold or cpus < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return min(cpus - 1, _MAX_WORKERS)


class Preparer:
    """Yields (indices, Prepared) chunk by chunk, in file order: in this process for
    ordinary files, from forked workers for large ones. Use as a context manager."""

    def __init__(
        self, record: Callable[[int], dict[str, Any]], indices: list[int], batch_size: int
    ) -> None:
        self.record, self.indices = record, indices
        self.today = timezone.localdate()
        self.spans = [
            (start, min(start + batch_size, len(indices)))
            for start in range(0, len(indices), batch_size)
        ]
        workers = _worker_count(len(indices))
        self.pool = None
        if workers:
            # fork: the workers inherit the parsed rows and configured Django; they never
            # touch the database connection (and leave through os._exit, never closing it).
            self.pool = multiprocessing.get_context("fork").Pool(
                workers, initializer=_inherit, initargs=(record, indices, self.today)
            )
            self.ahead = workers * _AHEAD

    def __iter__(self) -> Iterator[tuple[list[int], Prepared]]:
        if self.pool is None:
            for start, stop in self.spans:
                chunk = self.indices[start:stop]
                yield chunk, prepare(self.record, chunk, self.today)
            return
        pending: deque = deque()
        spans = iter(self.spans)
        for span in spans:
            pending.append((span, self.pool.apply_async(_prepare_span, (span,))))
            if len(pending) >= self.ahead:
                break
        while pending:
            (start, stop), result = pending.popleft()
            for span in spans:  # keep the workers busy while this chunk is written
                pending.append((span, self.pool.apply_async(_prepare_span, (span,))))
                break
            yield self.indices[start:stop], result.get()

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
