"""The downloadable copy of an uploaded sheet with an error column, row numbers unchanged."""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from kesu.core.excel import safe_cell
from kesu.core.importing import RowError
from kesu.core.sheets import Sheet

ERROR_HEADER = "错误信息"
_FILL = PatternFill("solid", fgColor="FFF2CC")
_RED = Font(color="C00000")


def error_copy(sheet: Sheet, errors: list[RowError]) -> bytes:
    """Every row of the sheet as uploaded (title rows included, so Excel row numbers match
    the messages), plus a last column naming each row's problems."""
    by_row: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        by_row[error.row].append(f"{error.column}：{error.message}")
    width = max((len(row) for row in sheet.rows), default=0)
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.name[:31] or "Sheet1")
    for index, row in enumerate(sheet.rows, start=1):
        # Cells are written back through safe_cell: this file is an export too.
        cells: list[Any] = [safe_cell(v) for v in row] + [None] * (width - len(row))
        if index == sheet.header_row:
            cell = WriteOnlyCell(ws, value=ERROR_HEADER)
            cell.font = _RED
            cells.append(cell)
        elif index in by_row:
            cell = WriteOnlyCell(ws, value="；".join(by_row[index]))
            cell.fill = _FILL
            cell.font = _RED
            cells.append(cell)
        ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
