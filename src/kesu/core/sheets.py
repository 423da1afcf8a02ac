"""Reading real-world spreadsheets: title rows above the header, headers in any order and
under common variants, blank rows. Row numbers are the ones Excel shows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import IO, Any

from python_calamine import CalamineWorkbook

from kesu.core.text import clean_cells

_HEADER_SCAN_ROWS = 30
_NOISE = re.compile(r"[\s\u3000*＊:：]|（[^）]*）|\([^)]*\)")


class SheetError(ValueError):
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
    source: str | IO[bytes], *, aliases: dict[str, list[str]], required: list[str]
) -> Sheet:
    """Find the header row (the row matching most known headers) on the best sheet."""
    try:
        if isinstance(source, str):
            book = CalamineWorkbook.from_path(source)
        else:
            book = CalamineWorkbook.from_filelike(source)
    except Exception as exc:  # calamine raises its own error types for unreadable files
        raise SheetError(f"无法读取该文件，请上传 .xlsx 或 .xls 格式的Excel表格（{exc}）") from None
    best: Sheet | None = None
    for index, sheet_name in enumerate(book.sheet_names):
        # Every importer reads its cells here: control characters go before anyone sees them.
        rows = clean_cells(book.get_sheet_by_index(index).to_python(skip_empty_area=False))
        for row_index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
            columns = _match_columns(row, aliases)
            if best is None or len(columns) > len(best.columns):
                best = Sheet(
                    name=sheet_name, header_row=row_index + 1, columns=columns,
                    labels={n: str(row[c]).strip() for c, n in columns.items()},
                    raw_header=list(row), rows=rows,
                )  # fmt: skip
    if best is None or not best.columns:
        raise SheetError("未找到表头行：请确认表格包含“姓名”“身份证号”等列标题")
    missing = [aliases[name][0] for name in required if name not in best.columns.values()]
    if missing:
        raise SheetError(f"工作表“{best.name}”缺少必填列：{'、'.join(missing)}")
    return best
