"""Legacy .xls workbooks (Excel 97–2003), read in a child process with bounded memory and time.

An .xls file is not an archive whose parts can be measured first: its cells are records in
a compound file, and the reader lays them out on a dense grid of up to 65,536 × 256 cells.
A few kilobytes naming cells A1 and IV65536 cost about a gigabyte. So the file is read by a
short-lived child process limited in address space and CPU time; the child measures every
sheet against the import limits before turning cells into Python values, and sends back the
rows of the sheets within them. A child that runs out of memory or time only ends itself.

Run as `python -m kesu.core.legacy_xls MEMORY_BYTES SECONDS ROWS COLUMNS CELLS` with the
file on standard input; it writes one pickled answer to standard output.
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

MEMORY_BYTES = 1024 * 1024 * 1024
_REFUSED_LARGE = (
    "表格过大：读取这份 .xls 文件超出了内存或时间上限，请在Excel中另存为 .xlsx 后重新上传"
)


@dataclass
class LoadedSheet:
    """A sheet read by the child: the same reading surface as calamine's sheet."""

    rows: list[list[Any]]
    total_height: int
    total_width: int

    def to_python(self, skip_empty_area: bool = False, nrows: int | None = None) -> list:
        return self.rows if nrows is None else self.rows[:nrows]


@dataclass
class LoadedBook:
    sheet_names: list[str]
    sheets: list[LoadedSheet]

    def get_sheet_by_index(self, index: int) -> LoadedSheet:
        return self.sheets[index]


class LegacyRefused(ValueError):
    """The file is beyond the limits or unreadable (message in Chinese)."""


def read_book(data: bytes, *, rows: int, columns: int, cells: int, seconds: float) -> LoadedBook:
    """The workbook's sheets, read by a bounded child process."""
    command = [
        sys.executable,
        "-m",
        "kesu.core.legacy_xls",
        str(MEMORY_BYTES),
        str(max(1, int(seconds))),
        str(rows),
        str(columns),
        str(cells),
    ]
    try:
        done = subprocess.run(  # noqa: S603
            command, input=data, capture_output=True, timeout=seconds + 5, check=False
        )
    except subprocess.TimeoutExpired:
        raise LegacyRefused(_REFUSED_LARGE) from None
    if done.returncode != 0 or not done.stdout:
        raise LegacyRefused(_REFUSED_LARGE)
    kind, payload = pickle.loads(done.stdout)  # noqa: S301 - written by our own child
    if kind == "error":
        raise LegacyRefused(payload)
    names, sheets = payload
    return LoadedBook(sheet_names=names, sheets=[LoadedSheet(*s) for s in sheets])


def _child(memory: int, seconds: int, rows: int, columns: int, cells: int) -> tuple[str, Any]:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read()))
        sheets = []
        for index in range(len(book.sheet_names)):
            sheet = book.get_sheet_by_index(index)
            height, width = sheet.total_height, sheet.total_width
            if height > rows or width > columns or height * width > cells:
                return "error", (
                    f"表格超过导入上限（本表{height:,}行×{width}列；每次最多{rows:,}行、"
                    f"{columns}列、{cells:,}个单元格），请删除多余的行列或拆分后导入"
                )
            sheets.append((sheet.to_python(skip_empty_area=False), height, width))
    except Exception as exc:  # calamine's own error types for unreadable files
        return "error", f"无法读取该文件，请上传 .xlsx 或 .xls 格式的Excel表格（{exc}）"
    return "ok", (list(book.sheet_names), sheets)


if __name__ == "__main__":
    answer = _child(*(int(a) for a in sys.argv[1:6]))
    pickle.dump(answer, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
