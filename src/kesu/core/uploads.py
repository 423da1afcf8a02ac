"""Bounds on uploaded files, checked before anything decompresses, parses or decodes them.

A spreadsheet or Word file is a ZIP archive of XML parts, and a small archive can hold a
huge expansion: one cell at XFD1048576 makes a reader allocate 16,384 × 1,048,576 cells,
one shared string can expand to hundreds of megabytes. So every OOXML upload is checked
here first: the archive's declared sizes and compression ratios, each part's real size
(the CRC read stops at the declared size), and, for a workbook, the extent of every sheet
(the highest row and column any cell names). Only then does a parser see the file.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import dataclass, replace
from typing import IO

from django.conf import settings

MAX_COLUMNS = 256  # column IV: far wider than any import uses, small enough to allocate
_RATIO_FLOOR = 1024 * 1024  # parts expanding to less than this are never a bomb
_CHUNK = 1024 * 1024
# What zipfile raises for a part that is damaged or lies about its size.
_BROKEN = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError)


class UploadRefused(ValueError):
    """The file exceeds a bound or is a malformed archive (message in Chinese)."""


@dataclass(frozen=True)
class Limits:
    rows: int  # data rows of one import
    columns: int
    cells: int  # rows × columns of a sheet's extent
    unzipped: int  # bytes: all parts of an archive, expanded
    ratio: int  # expanded / compressed, per part above _RATIO_FLOOR
    seconds: float  # reading one file

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=settings.KESU_MAX_IMPORT_ROWS,
            columns=MAX_COLUMNS,
            cells=settings.KESU_MAX_SHEET_CELLS,
            unzipped=settings.KESU_MAX_UNZIPPED_BYTES,
            ratio=settings.KESU_MAX_ZIP_RATIO,
            seconds=settings.KESU_READ_SECONDS,
        )


class Deadline:
    """Raises UploadRefused once reading has taken longer than the limit."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.until = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.until:
            raise UploadRefused(f"读取文件超过{self.seconds:g}秒的时限，请拆分后分批导入")


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f}MB"


def check_zip(source: bytes | IO[bytes], limits: Limits | None = None) -> zipfile.ZipFile:
    """The archive, once its declared and real sizes are within the limits.

    Declared sizes are checked first (nothing is expanded); then every part is read through
    once: Python's zipfile never yields more than the declared size and fails the CRC when
    the data would be longer, so a part that lies about its size is refused here.
    """
    limits = limits or Limits.from_settings()
    return _check_zip(source, limits, None, Deadline(limits.seconds))[0]


def _check_zip(
    source: bytes | IO[bytes], limits: Limits, skip: re.Pattern | None, deadline: Deadline
) -> tuple[zipfile.ZipFile, list[str]]:
    """check_zip, and the names of the parts read through that hold sheet data. Parts
    matching `skip` are left to the caller, who reads them whole (with the same checks)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UploadRefused("文件已损坏或不是 Office 文档（.xlsx/.docx）") from None
    if len({info.filename for info in infos}) < len(infos):  # which one would a reader take?
        raise UploadRefused("文件已损坏：压缩包中有重名的部件")
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.unzipped:
            raise UploadRefused(
                f"文件解压后超过{_megabytes(limits.unzipped)}的上限，请拆分后再上传"
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.ratio * max(
            info.compress_size, 1
        ):
            raise UploadRefused(
                f"文件中的“{info.filename}”压缩比异常（超过{limits.ratio}倍），疑为压缩炸弹，已拒绝"
            )
    marked = [
        info.filename
        for info in infos
        if (skip is None or not skip.match(info.filename))
        and _read_through(archive, info, deadline)
    ]
    return archive, marked


# A reader takes a sheet from wherever the workbook's relationships point, whatever the
# part's name: any part holding sheet data (in any encoding) is measured like a sheet.
_SHEET_MARKS = tuple("sheetData".encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be"))


def _read_through(archive: zipfile.ZipFile, info: zipfile.ZipInfo, deadline: Deadline) -> bool:
    """Read a part once, checking its real size; True when it holds sheet data."""
    found, tail = False, b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                window = tail + chunk[:64]
                found = found or any(m in chunk or m in window for m in _SHEET_MARKS)
                tail = chunk[-64:]
                deadline.check()
        return found
    except UploadRefused:  # the deadline (a ValueError too): its own message
        raise
    except _BROKEN:
        raise _broken(info.filename) from None


def _broken(name: str) -> UploadRefused:
    return UploadRefused(f"文件中的“{name}”已损坏（大小或校验和与声明不符）")


# --- workbook extent ---------------------------------------------------------------------------

_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# Any start tag of a row or a cell, with or without a namespace prefix (slow path).
# Quoted values may hold ">", so the attributes run to the first ">" outside quotes.
_TAG = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])((?:[^>"']+|"[^"]*"|'[^']*')*)>""")
_LEADING_REF = re.compile(rb"""\s+r\s*=\s*(?:"([A-Za-z]*)(\d*)"|'([A-Za-z]*)(\d*)')""")
_ANY_REF = re.compile(rb"\sr\s*=")
_ATTRIBUTE = re.compile(rb"""([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PLACE = re.compile(rb"([A-Za-z]*)(\d*)")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Za-z]+\d+:)?([A-Za-z]+)(\d+)"')


def column_number(letters: bytes | str) -> int:
    """A1-style column letters → 1-based column number (A=1, Z=26, AA=27)."""
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        n = n * 26 + ord(ch) - 64
    return n


@dataclass(frozen=True)
class Extent:
    part: str
    rows: int  # highest row named (1-based), 0 for an empty sheet
    columns: int  # highest column named


# Refs folded to a shape: every capital letter becomes A, every digit 0, single quotes double
# and whitespace a space, so that literal searches (C speed, no per-match work) can bound a
# sheet of a million cells in a few passes over it.
_SHAPE = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'\t\n\r", b"A" * 26 + b"0" * 10 + b'"   '
)


def _extent_fast(data: bytes, limits: Limits) -> tuple[int, int] | None:
    """An upper bound of the extent from literal searches over the folded text, or None when
    it cannot show the sheet is within the limits (the exact slow path then decides).

    Tags without r="…" are counted as if each one moved a cell or a row one step further, so
    the bound is never below the truth. Any reference the searches could miss (lower case,
    not first in its tag, spaced around "=", a namespaced tag, a long number) sends the sheet
    to the slow path: every r="…" must be a leading one of a <c> or a <row>."""
    shape = data.translate(_SHAPE)
    cells, rows = shape.count(b'<c r="A'), shape.count(b'<row r="0')
    digits = len(str(limits.rows))
    longer = b"0" * (digits + 1)
    if (
        shape.count(b' r="') != cells + rows
        or any(shape.find(s) >= 0 for s in (b"A" + longer, b'"' + longer, b" r ", b" r= "))
        or shape.find(b":c") >= 0
        or shape.find(b":row") >= 0
    ):
        return None
    height = 10 ** (digits - 1) - 1
    at = shape.find(b"0" * digits + b'"')  # the first reference (or value) with that many digits
    if at >= 0:
        while at > 0 and shape[at - 1] == 48:  # back to the number's first digit ("0")
            at -= 1
        pattern = re.compile(rb"""[A-Z"'](\d{%d,})["']""" % digits)  # either quote
        numbers = pattern.findall(data, max(at - 1, 0))
        height = max((int(n) for n in numbers), default=height)
    width = 26
    at = shape.find(b'<c r="AA')
    if at >= 0:
        letters = set(re.compile(rb'<c r="([A-Z]{2,})\d').findall(data, at))
        width = max((column_number(c) for c in letters), default=702)
    height += shape.count(b"<row") - rows
    width += shape.count(b"<c") - cells
    if height > limits.rows or width > limits.columns or height * width > limits.cells:
        return None
    return height, width


def _extent_slow(data: bytes, deadline: Deadline) -> tuple[int, int]:
    height = width = row = col = 0
    for count, match in enumerate(_TAG.finditer(data)):
        if count % 65536 == 0:
            deadline.check()
        letters, digits = _reference(match.group(2))
        if match.group(1) == b"row":
            row, col = (int(digits) if digits else row + 1), 0
        else:
            col = column_number(letters) if letters else col + 1
            row_here = int(digits) if digits else row
            height, width = max(height, row_here, row), max(width, col)
    return height, width


def _reference(attributes: bytes) -> tuple[bytes, bytes]:
    """The letters and digits of a tag's r attribute, empty when it has none. Unless r comes
    first and alone, every attribute is parsed, so that an r="…" inside another one's quoted
    value is not taken for the tag's, and a second r is refused."""
    lead = _LEADING_REF.match(attributes)
    if lead is not None and _ANY_REF.search(attributes, lead.end()) is None:
        return lead.group(1) or lead.group(3) or b"", lead.group(2) or lead.group(4) or b""
    if lead is None and _ANY_REF.search(attributes) is None:
        return b"", b""
    values = [
        m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTRIBUTE.finditer(attributes)
        if m.group(1) == b"r"
    ]
    place = _PLACE.fullmatch(values[0]) if len(values) == 1 else None
    if values and place is None:  # twice, or not a cell reference: it cannot be placed
        raise UploadRefused("文件中的工作表已损坏（单元格位置无法识别）")
    return (place.group(1), place.group(2)) if place else (b"", b"")


def _sheet_extent(
    archive: zipfile.ZipFile, name: str, limits: Limits, deadline: Deadline
) -> Extent:
    try:
        data = archive.read(name)
    except _BROKEN:
        raise _broken(name) from None
    if any(mark in data for mark in _SHEET_MARKS[1:]):  # the searches read single bytes
        raise UploadRefused(f"文件中的“{name}”使用了不支持的文字编码，请用Excel另存为.xlsx后上传")
    dimension = _DIMENSION.search(data[:4096])
    fast = _extent_fast(data, limits)
    height, width = fast if fast is not None else _extent_slow(data, deadline)
    if dimension:  # readers size their buffers from it: it must be within the limits too
        height = max(height, int(dimension.group(2)))
        width = max(width, column_number(dimension.group(1)))
    return Extent(part=name, rows=height, columns=width)


def check_workbook(
    source: bytes | IO[bytes],
    limits: Limits | None = None,
    *,
    header_rows: int = 0,
    deadline: Deadline | None = None,
) -> list[Extent]:
    """Refuse a workbook whose archive or any sheet's extent exceeds the limits
    (`header_rows` more rows allowed for titles and the header above the data). `deadline`
    is the reading's own when the caller goes on reading the file after this check."""
    limits = limits or Limits.from_settings()
    deadline = deadline or Deadline(limits.seconds)
    sheet_limits = replace(limits, rows=limits.rows + header_rows)
    archive, marked = _check_zip(source, limits, _SHEET_PART, deadline)
    names = [i.filename for i in archive.infolist() if _SHEET_PART.match(i.filename)] + marked
    extents = [_sheet_extent(archive, name, sheet_limits, deadline) for name in names]
    for extent in extents:
        _refuse_extent(extent.rows, extent.columns, limits, header_rows=header_rows)
    return extents


def _refuse_extent(rows: int, columns: int, limits: Limits, *, header_rows: int = 0) -> None:
    if rows > limits.rows + header_rows:
        raise UploadRefused(
            f"表格超过每次导入最多{limits.rows:,}行的上限（表中第{rows:,}行有内容），请拆分后分批导入"
        )
    if columns > limits.columns:
        raise UploadRefused(
            f"表格超过最多{limits.columns}列的上限（表中第{columns:,}列有内容），请删除多余的列"
        )
    if rows * columns > limits.cells + header_rows * columns:
        raise UploadRefused(
            f"表格的单元格区域（{rows:,}行×{columns}列）超过{limits.cells:,}个单元格的上限，"
            "请删除多余的行列或拆分后导入"
        )


def is_zip(head: bytes) -> bool:
    return head[:4] == b"PK\x03\x04"


def sniff(source: bytes | IO[bytes]) -> bytes:
    """The first bytes of a file or bytes, leaving a file's position at the start."""
    if isinstance(source, bytes):
        return source[:8]
    source.seek(0)
    head = source.read(8)
    source.seek(0)
    return head
