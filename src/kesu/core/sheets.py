"""Reading real-world spreadsheets: title rows above the header, headers in any order and
under common variants, blank rows. Row numbers are the ones Excel shows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import IO, Any

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from kesu.core.errors import ServiceError
from kesu.core.legacy_xls import LegacyRefused, LoadedBook, LoadedSheet, read_book
from kesu.core.text import clean_cells
from kesu.core.uploads import (
    Deadline,
    Limits,
    UploadRefused,
    check_workbook,
    is_zip,
    sniff,
)

_HEADER_SCAN_ROWS = 30
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and other legacy Office files)
_NOISE = re.compile(r"[\s\u3000*＊:：]|（[^）]*）|\([^)]*\)")


class SheetError(ServiceError):
    """The file itself cannot be used (unreadable, no header row, missing columns)."""


def normalise_header(text: Any) -> str:
    return _NOISE.sub("", str(text or "")).lower()


@dataclass
class Sheet:
    name: str
    header_row: int  # Excel row number of the header
    columns: dict[int, str]  # column index -> field
    labels: dict[str, str]  # field -> header text as written in the file
    raw_header: list[Any]
    rows: list[list[Any]] = field(repr=False, default_factory=list)

    @property
    def data_row_count(self) -> int:
        return len(self.record_indices())

    def record_indices(self) -> list[int]:
        """Indices into `rows` of every non-blank row below the header (row number - 1)."""
        rows = self.rows
        return [i for i in range(self.header_row, len(rows)) if not _blank_row(rows[i])]

    def record_maker(self) -> Callable[[int], dict[str, Any]]:
        """A function: row index -> {field: cell value}, cells missing at a short row's end
        being None. Built once per sheet: it is called once per row of a large import."""
        names = list(self.columns.values())
        cols = list(self.columns)
        rows = self.rows
        if not cols:
            return lambda i: {}
        width = max(cols) + 1
        if len(cols) == 1:
            name, col = names[0], cols[0]
            return lambda i: {name: rows[i][col] if col < len(rows[i]) else None}
        cells = itemgetter(*cols)

        def record(index: int) -> dict[str, Any]:
            row = rows[index]
            if len(row) >= width:
                return dict(zip(names, cells(row), strict=True))
            return {n: (row[c] if c < len(row) else None) for c, n in zip(cols, names, strict=True)}

        return record

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(Excel row number, {field: cell value}) for every non-blank row below the header."""
        record = self.record_maker()
        for index in self.record_indices():
            yield index + 1, record(index)


def _blank_row(row: list[Any]) -> bool:
    for cell in row:
        if cell is not None and not (isinstance(cell, str) and not cell.strip()):
            return False
    return True


def _match_columns(row: list[Any], aliases: dict[str, list[str]]) -> dict[int, str]:
    lookup = {normalise_header(a): name for name, names in aliases.items() for a in names}
    found: dict[int, str] = {}
    for col, cell in enumerate(row):
        name = lookup.get(normalise_header(cell))
        if name and name not in found.values():
            found[col] = name
    return found


def open_sheet(
    source: str | IO[bytes],
    *,
    aliases: dict[str, list[str]],
    required: list[str],
    limits: Limits | None = None,
) -> Sheet:
    """Find the header row (the row matching most known headers) on the best sheet.

    The file is bounded before any parser reads it (kesu.core.uploads): a workbook's
    archive and every sheet's extent, then the data rows of the chosen sheet."""
    try:
        return _read(source, aliases, required, limits or Limits.from_settings())
    except UploadRefused as exc:
        raise SheetError(str(exc)) from None
    except CalamineError:  # a sheet's XML is malformed (calamine parses it only when read)
        raise SheetError(
            "文件中的工作表已损坏，无法读取：请在Excel中打开并另存为.xlsx后重新上传"
        ) from None


def _read(
    source: str | IO[bytes], aliases: dict[str, list[str]], required: list[str], limits: Limits
) -> Sheet:
    deadline = Deadline(limits.seconds)  # one time limit for the whole reading of the file
    book = _open_book(source, limits, deadline)
    best: Sheet | None = None
    best_sheet: CalamineSheet | LoadedSheet | None = None
    for index, sheet_name in enumerate(book.sheet_names):
        # Parsed once; only the best one is kept. Its extent was bounded before parsing
        # (check_workbook for .xlsx, the child process for .xls).
        sheet = book.get_sheet_by_index(index)
        head = clean_cells(sheet.to_python(skip_empty_area=False, nrows=_HEADER_SCAN_ROWS))
        for row_index, row in enumerate(head):
            columns = _match_columns(row, aliases)
            if best is None or len(columns) > len(best.columns):
                best_sheet = sheet
                best = Sheet(
                    name=sheet_name,
                    header_row=row_index + 1,
                    columns=columns,
                    labels={n: str(row[c]).strip() for c, n in columns.items()},
                    raw_header=list(row),
                )
        deadline.check()
    if best is None or best_sheet is None or not best.columns:
        raise SheetError("未找到表头行：请确认表格包含“姓名”“身份证号”等列标题")
    missing = [aliases[name][0] for name in required if name not in best.columns.values()]
    if missing:
        raise SheetError(f"工作表“{best.name}”缺少必填列：{'、'.join(missing)}")
    # Every importer reads its cells here: control characters go before anyone sees them.
    best.rows = clean_cells(best_sheet.to_python(skip_empty_area=False))
    deadline.check()
    if len(best.rows) - best.header_row > limits.rows:
        count = best.data_row_count
        if count > limits.rows:
            raise SheetError(
                f"每次最多导入{limits.rows:,}行数据，本表有{count:,}行：请拆分后分批导入"
            )
    return best


def _open_book(
    source: str | IO[bytes], limits: Limits, deadline: Deadline
) -> CalamineWorkbook | LoadedBook:
    """The workbook, once its file is within the limits: an .xlsx archive is checked part by
    part and sheet by sheet before calamine reads it; an .xls is read by a child process of
    bounded memory and time (kesu.core.legacy_xls); anything else is refused."""
    try:
        with _binary(source) as fh:
            head = sniff(fh)
            if is_zip(head):
                if not check_workbook(fh, limits, header_rows=_HEADER_SCAN_ROWS, deadline=deadline):
                    raise UploadRefused("无法读取该文件，请上传 .xlsx 或 .xls 格式的Excel表格")
            elif head == _OLE:
                return _legacy(fh.read(), limits)
            else:
                raise UploadRefused("无法读取该文件，请上传 .xlsx 或 .xls 格式的Excel表格")
            fh.seek(0)
            return CalamineWorkbook.from_filelike(fh)
    except UploadRefused:
        raise
    except Exception as exc:  # calamine raises its own error types for unreadable files
        raise SheetError(f"无法读取该文件，请上传 .xlsx 或 .xls 格式的Excel表格（{exc}）") from None


def _legacy(data: bytes, limits: Limits) -> LoadedBook:
    try:
        return read_book(
            data,
            rows=limits.rows + _HEADER_SCAN_ROWS,
            columns=limits.columns,
            cells=limits.cells + _HEADER_SCAN_ROWS * limits.columns,
            seconds=limits.seconds,
        )
    except LegacyRefused as exc:
        raise UploadRefused(str(exc)) from None


@contextmanager
def _binary(source: str | IO[bytes]) -> Iterator[IO[bytes]]:
    if isinstance(source, str):
        with open(source, "rb") as fh:
            yield fh
    else:
        yield source
