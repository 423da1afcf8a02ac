"""Reading real-world spreadsheets: title rows above the header, headers in any order and
under common variants, blank rows. Row numbers are the ones Excel shows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from python_calamine import CalamineWorkbook

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
        return sum(1 for _ in self.records())

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(Excel row number, {field: cell value}) for every non-blank row below the header."""
        for index in range(self.header_row, len(self.rows)):
            row = self.rows[index]
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
                continue
            yield (
                index + 1,
                {
                    name: (row[col] if col < len(row) else None)
                    for col, name in self.columns.items()
                },
            )


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
        rows = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
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
