"""What every spreadsheet import shares: the row error it reports and the sheet it opens.

An import reads a sheet (kesu.core.sheets: bounded, headers matched by their aliases), checks
every row, reports each problem as a ``RowError`` naming the Excel row and the column as the
user wrote it, and writes nothing unless no row has an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

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
