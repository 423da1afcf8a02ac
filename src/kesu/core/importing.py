"""What every spreadsheet import shares: the row error it reports, the sheet it opens, the
result it returns, and the skeleton its steps hang on (``SheetImport``).

An import reads a sheet (kesu.core.sheets: bounded, headers matched by their aliases), checks
every row, looks members up by ID number (through a lookup the caller passes in: core knows
no app), reports each problem as a ``RowError`` naming the Excel row and the column as the
user wrote it, and writes nothing unless no row has an error; then every row, in batches,
in one transaction. A large import (the roster) commits each batch on its own instead
(``commit_each_batch``): a crash or a cancel leaves whole batches, progress is reported
from inside each batch's transaction, and its rows may be prepared elsewhere
(``prepared_rows``: in a forked worker running ahead).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, closing, nullcontext
from dataclasses import dataclass, field, replace
from typing import IO, Any, ClassVar, Generic, TypeVar

from django.db import IntegrityError, transaction

from kesu.core.errors import ServiceError
from kesu.core.sheets import Sheet, SheetError, open_sheet


@dataclass(frozen=True)
class RowError:
    row: int  # the Excel row number
    column: str  # the header as written in the file ("" for the whole row)
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行“{self.column}”列" if self.column else f"第{self.row}行"
        return f"{where}：{self.message}"


def row_errors(row: int, errors: Mapping[str, str], labels: Mapping[str, str]) -> list[RowError]:
    """Field errors of one row ({field: message}) as RowErrors under the sheet's headers."""
    return [RowError(row, labels.get(key, key), message) for key, message in errors.items()]


def open_import(
    source: str | IO[bytes],
    *,
    aliases: Mapping[str, Iterable[str]],
    required: Iterable[str] = (),
    error: Callable[..., ServiceError] = ServiceError,
    **options: Any,
) -> Sheet:
    """The sheet of an upload, or the import's own error on the "file" field when the file
    itself cannot be used (not a workbook, too large, a required column missing)."""
    try:
        return open_sheet(source, aliases=aliases, required=list(required), **options)
    except SheetError as exc:
        raise error(str(exc), field="file") from None


T = TypeVar("T")
# Normalised ID numbers → the members holding them (those the caller may reach); the roster
# app provides it (members.selectors.members_by_id_numbers), core only calls it.
IdLookup = Callable[[Collection[str]], Mapping[str, Any]]


@dataclass
class ImportResult:
    """What an import did or, on a dry run, would do: the one result every import returns."""

    dry_run: bool = True
    rows: int = 0  # data rows read
    valid: int = 0  # rows without an error
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)  # left out on purpose, not errors
    extra: dict[str, int] = field(default_factory=dict)  # an import's own counts, by name
    applied: bool = False  # the rows were written
    file_error: str = ""  # the file itself could not be used (when not raised)
    processed: int = 0  # rows of the batches done (commit_each_batch)
    cancelled: bool = False  # stopped between two batches (commit_each_batch)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


class RowProblems(Exception):  # noqa: N818 (a row's field errors, not a failure)
    """Raised by SheetImport.clean: the row's problems as {field: Chinese message}."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)


@dataclass(slots=True)
class Row(Generic[T]):
    """One data row: its Excel number, its cells by field, and what it will write."""

    number: int
    record: Mapping[str, Any]
    value: T | None = None


def _never() -> bool:
    return False


class SheetImport(Generic[T]):
    """The import skeleton: read rows → validate each (``clean``) → check them together
    (``resolve``: members by ID number, duplicates, what is already stored) → report row
    errors → write in batches (``write``), then ``finish`` (the audit row), all in one
    transaction and only when no row has an error (``all_or_nothing``) and not a dry run.

    With ``commit_each_batch`` the same steps run batch by batch instead: each batch is
    resolved, written and reported (``on_batch``) in its own transaction, and the run may
    stop between two batches (``should_stop``).

    A subclass sets ``aliases`` (field → accepted headers), ``required``, ``error`` (the
    app's ServiceError for an unusable file) and ``labels`` (field → the column's name when
    the sheet lacks it), and implements ``clean`` (or ``prepared_rows``) and ``write``."""

    aliases: ClassVar[Mapping[str, Iterable[str]]] = {}
    required: ClassVar[Sequence[str]] = ()
    labels: ClassVar[Mapping[str, str]] = {}
    # The app's error for an unusable file; None: the problem goes on result.file_error.
    error: ClassVar[Callable[..., ServiceError] | None] = ServiceError
    batch_size: int = 1000
    # False: write the valid rows and report the others (a check-in list, a question bank).
    all_or_nothing: bool = True
    # True: every batch is its own transaction (a large roster), never all or nothing.
    commit_each_batch: ClassVar[bool] = False
    result_class: ClassVar[type[ImportResult]] = ImportResult

    def __init__(self, *, dry_run: bool = True, members: IdLookup | None = None) -> None:
        self.result = self.result_class(dry_run=dry_run)
        self.lookup = members
        self.columns: dict[str, str] = dict(self.labels)
        self._seen: dict[Any, int] = {}
        self._bad: set[int] = set()  # rows with an error, or skipped
        self._done = (0, 0)  # errors and skipped reported by the batches done

    # ------------------------------------------------------------------ the steps

    def open(self, source: str | IO[bytes]) -> Sheet:
        """The sheet; raise SheetError (or the import's error) when the file is unusable."""
        error = self.error or SheetError
        return open_import(source, aliases=self.aliases, required=self.required, error=error)

    def prepared_rows(self, sheet: Sheet) -> Generator[list[Row[T]], None, None]:
        """The rows, ``clean``ed, a batch at a time in file order (rejected rows included:
        their problems are already reported). An import whose per-row work is heavy yields
        rows prepared elsewhere instead (the roster: in a forked worker running ahead)."""
        rows: list[Row[T]] = []
        for number, record in sheet.records():
            self.result.rows += 1
            row: Row[T] = Row(number, record)
            try:
                row.value = self.clean(row)
            except RowProblems as exc:
                self.row_problems(number, exc.errors)
            rows.append(row)
            if len(rows) == self.batch_size:
                yield rows
                rows = []
        if rows:
            yield rows

    def clean(self, row: Row[T]) -> T:
        """What the row will write; its problems raised as RowProblems or ``reject``ed."""
        raise NotImplementedError

    def resolve(self, rows: list[Row[T]]) -> None:
        """Checks over the cleaned rows (one query for many rows); ``reject`` the bad ones.
        All rows at once, or one batch (in its transaction) with ``commit_each_batch``."""

    def write(self, values: list[T]) -> None:
        """Write one batch (inside the import's transaction, or the batch's own)."""
        raise NotImplementedError

    def finish(self) -> None:
        """After the last batch, in the same transaction (in one of its own with
        ``commit_each_batch``, when a batch was written and the run was not stopped)."""

    def writing(self) -> AbstractContextManager[Any]:
        """Around all the batches of a ``commit_each_batch`` run (database settings)."""
        return nullcontext()

    # ------------------------------------------------------------------ helpers for the steps

    def reject(self, row: int, name: str, message: str) -> None:
        """Report `message` at `row`, in the column of field `name`."""
        self.result.errors.append(RowError(row, self.column(name), message))
        self._bad.add(row)

    def row_problems(self, row: int, problems: Mapping[str, str]) -> None:
        """Report a row's field problems ({field: message}), in this order."""
        for name, message in problems.items():
            self.reject(row, name, message)

    def skip(self, row: int, name: str, message: str) -> None:
        """Leave `row` out on purpose (a duplicate), reported apart from the errors."""
        self.result.skipped.append(RowError(row, self.column(name), message))
        self._bad.add(row)

    def column(self, name: str) -> str:
        """The column of field `name` as the user wrote it (else its usual header)."""
        return self.columns.get(name, name)

    def first_row(self, key: Any, row: int) -> int | None:
        """The earlier row that already carried `key` (an ID number, a code), else None."""
        first = self._seen.setdefault(key, row)
        return first if first != row else None

    def members(self, numbers: Iterable[str]) -> Mapping[str, Any]:
        """The members holding these ID numbers, through the lookup the caller passed."""
        wanted = {n for n in numbers if n}
        if not wanted:
            return {}
        assert self.lookup is not None, "this import was not given a member lookup"
        return self.lookup(wanted)

    # ------------------------------------------------------------------ the skeleton

    def run(
        self,
        source: str | IO[bytes] | Sheet,
        *,
        should_stop: Callable[[], bool] = _never,
        on_batch: Callable[[Any], None] | None = None,
    ) -> ImportResult:
        """Import `source` (a file, or a sheet already opened). With ``commit_each_batch``,
        `should_stop` is asked before each batch and `on_batch(result)` runs inside each
        batch's transaction (progress counters commit with the rows)."""
        if isinstance(source, Sheet):
            sheet = source
        else:
            try:
                sheet = self.open(source)
            except SheetError as exc:
                if self.error is not None:
                    raise
                self.result.file_error = str(exc)
                return self.result
        self.columns = {**self.labels, **sheet.labels}
        if self.commit_each_batch:
            self._batch_by_batch(sheet, should_stop, on_batch)
        else:
            self._all_at_once(sheet)
        return self.result

    def _all_at_once(self, sheet: Sheet) -> None:
        result = self.result
        rows = [
            r for batch in self.prepared_rows(sheet) for r in batch if r.number not in self._bad
        ]
        self.resolve(rows)
        result.errors.sort(key=lambda e: e.row)
        good = [r.value for r in rows if r.number not in self._bad]
        result.valid = len(good)
        if result.dry_run or not good or (result.errors and self.all_or_nothing):
            return
        reported = len(result.errors)
        with transaction.atomic():
            for start in range(0, len(good), self.batch_size):
                self.write(good[start : start + self.batch_size])  # type: ignore[arg-type]
            self.finish()
            if self.all_or_nothing and len(result.errors) > reported:
                transaction.set_rollback(True)  # a row refused while writing: nothing stays
                return
        result.applied = True

    def _batch_by_batch(
        self, sheet: Sheet, should_stop: Callable[[], bool], on_batch: Callable[[Any], None] | None
    ) -> None:
        with self.writing(), closing(self.prepared_rows(sheet)) as batches:
            for rows in batches:
                if should_stop():
                    # The problems found in the batch left undone are not reported.
                    result = self.result
                    del result.errors[self._done[0] :], result.skipped[self._done[1] :]
                    result.cancelled = True
                    return
                self._commit(rows, on_batch)
            if self.result.applied:
                with transaction.atomic():
                    self.finish()

    def _commit(self, rows: list[Row[T]], on_batch: Callable[[Any], None] | None) -> None:
        """One batch in one transaction, on a copy of the result that is kept only once the
        batch commits. Rows written concurrently with the same keys (IntegrityError): the
        batch is resolved again, once."""
        before = self.result
        for attempt in (1, 2):
            self.result = replace(
                before, errors=[*before.errors], skipped=[*before.skipped], extra={**before.extra}
            )
            try:
                with transaction.atomic():
                    self._resolve_and_write(rows)
                    if on_batch:
                        on_batch(self.result)
            except IntegrityError:
                undone = self.result.errors[len(before.errors) :]
                undone += self.result.skipped[len(before.skipped) :]
                self._bad.difference_update(e.row for e in undone)
                self.result = before
                if attempt == 2:
                    raise
            else:
                self._done = (len(self.result.errors), len(self.result.skipped))
                return

    def _resolve_and_write(self, rows: list[Row[T]]) -> None:
        result = self.result
        checked = [r for r in rows if r.number not in self._bad]
        self.resolve(checked)
        good = [r.value for r in checked if r.number not in self._bad]
        result.valid += len(good)
        result.processed += len(rows)
        result.errors[self._done[0] :] = sorted(result.errors[self._done[0] :], key=lambda e: e.row)
        if good and not result.dry_run:
            self.write(good)  # type: ignore[arg-type]
            result.applied = True
