"""Hostile uploads, built in code: small files that would make a naive reader allocate or
expand far more than the server has (kesu.core.uploads bounds them all).

Each builder returns the bytes of one file. The workbooks are written part by part with
zipfile, the way Excel lays them out, so that each one differs from a valid workbook only
in the one thing it attacks; `workbook()` with ordinary rows is a file every reader opens.
"""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{_PKG}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""  # noqa: E501
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}/relationships">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{_REL}">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}/relationships">
<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
_EMPTY_SST = f'<sst xmlns="{MAIN}" count="0" uniqueCount="0"></sst>'.encode()

HEADER = ["姓名", "身份证号"]  # any importer's header would do: the bounds come first


def column_letters(n: int) -> str:
    """1-based column number → letters (1 → A, 27 → AA, 16384 → XFD)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: object) -> str:
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def rows_xml(rows: Iterable[Sequence[object]], *, first: int = 1) -> bytes:
    """<row> elements with A1-style references, strings inline."""
    out = []
    for number, row in enumerate(rows, start=first):
        cells = "".join(_cell(f"{column_letters(c)}{number}", v) for c, v in enumerate(row, 1))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out).encode()


def sheet_xml(data: bytes, *, dimension: str | None = None, prefix: str = "") -> bytes:
    """A worksheet part around `data` (the <row> elements), optionally namespaced."""
    p = f"{prefix}:" if prefix else ""
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    return (
        (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<{p}worksheet xmlns{":" + prefix if prefix else ""}="{MAIN}">{dim}<{p}sheetData>'
        ).encode()
        + data
        + f"</{p}sheetData></{p}worksheet>".encode()
    )


def workbook(sheet: bytes, *, shared: bytes = _EMPTY_SST, level: int = 6) -> bytes:
    """An .xlsx archive holding one worksheet part (and a shared-strings part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


def normal(rows: int = 3) -> bytes:
    """A valid roster: header and a few data rows."""
    data = [HEADER] + [[f"会员{i}", f"33010619900101{i:04d}"] for i in range(rows)]
    return workbook(sheet_xml(rows_xml(data)))


# --- the hostile files ---------------------------------------------------------------------


def corner() -> bytes:
    """A1 and XFD1048576 only: 1.9 KB that a reader sizes as 16,384 × 1,048,576 cells."""
    data = rows_xml([HEADER]) + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return workbook(sheet_xml(data))


def corner_lowercase() -> bytes:
    """The corner cell written in lower case (xfd1048576): readers accept it as XFD1048576."""
    data = rows_xml([HEADER]) + b'<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>'
    return workbook(sheet_xml(data))


def empty_cells(rows: int = 20_000, columns: int = 250) -> bytes:
    """Five million empty cells (<c/>) in 45 KB: 20 MB of XML, a ratio no real sheet has."""
    body = (b"<row>" + b"<c/>" * columns + b"</row>") * rows
    return workbook(sheet_xml(rows_xml([HEADER]) + body), level=9)


def repeated_refs(times: int = 5_000) -> bytes:
    """Millions of empty cells <c r="…"/> all naming the same 250 cells of row 2: a tiny
    extent, but a reader keeping every cell it meets holds 1.25 million."""
    cells = "".join(f'<c r="{column_letters(c)}2"/>' for c in range(1, 251)).encode()
    body = (b'<row r="2">' + cells + b"</row>") * times
    return workbook(sheet_xml(rows_xml([HEADER]) + body), level=9)


def many_cells(rows: int = 100, columns: int = 150) -> bytes:
    """15,000 empty cells stored uncompressed (a ratio of 1): refused by the cell limit
    once it is lowered below that (KESU_MAX_SHEET_CELLS)."""
    letters = [column_letters(c) for c in range(1, columns + 1)]
    body = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{col}{r}"/>' for col in letters) + "</row>"
        for r in range(2, rows + 2)
    ).encode()
    return workbook(sheet_xml(rows_xml([HEADER]) + body), level=0)


@cache
def giant_string(megabytes: int = 32) -> bytes:
    """One shared string of `megabytes` MB, compressing to about 32 KB."""
    sst = (
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>'.encode()
        + b"A" * (megabytes * 1024 * 1024)
        + b"</t></si></sst>"
    )
    sheet = sheet_xml(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return workbook(sheet, shared=sst, level=9)


def lying_sizes(part: str = "xl/sharedStrings.xml", declared: int = 1000) -> bytes:
    """A part of 8 or 32 MB whose local header and central directory both declare `declared`
    bytes: the declared sizes pass every check, only reading it shows the truth."""
    data = giant_string() if part == "xl/sharedStrings.xml" else _big_sheet()
    return _patch_size(data, part, declared)


@cache
def _big_sheet() -> bytes:
    return workbook(sheet_xml(rows_xml([HEADER]) + b"<!--" + b"x" * (8 << 20) + b"-->"), level=9)


def _patch_size(data: bytes, part: str, declared: int) -> bytes:
    """Rewrite the uncompressed size of `part` in its local header and central entry."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    struct.pack_into("<I", out, info.header_offset + 22, declared)  # local header
    name = part.encode()
    central = out.rindex(b"PK\x01\x02", 0, out.rindex(name))  # the entry naming `part`
    struct.pack_into("<I", out, central + 24, declared)
    return bytes(out)


def far_cell_without_refs() -> bytes:
    """Namespaced tags (<x:row>, <x:c>) and cells without r: one row far below, reached
    by counting rows, each with 300 cells counted one by one."""
    cells = b"<x:c><x:v>1</x:v></x:c>" * 300
    data = (
        b"<x:row><x:c><x:v>1</x:v></x:c></x:row>"
        + b"<x:row/>" * 2
        + b"<x:row>"
        + cells
        + b"</x:row>"
    )
    return workbook(sheet_xml(data, prefix="x"))


def far_row_without_cell_refs() -> bytes:
    """A row numbered 1,048,576 whose cells carry no reference: the column of each cell
    is counted, the row is taken from the row's r."""
    data = rows_xml([HEADER]) + b'<row r="1048576">' + b"<c><v>1</v></c>" * 30 + b"</row>"
    return workbook(sheet_xml(data))


def wide(columns: int = 300) -> bytes:
    """A header row 300 columns wide."""
    return workbook(sheet_xml(rows_xml([HEADER + [f"列{i}" for i in range(columns - 2)]])))


def tall(rows: int) -> bytes:
    """`rows` data rows under the header (used with a lowered row limit)."""
    data = [HEADER] + [[f"会员{i}", f"33010619900101{i % 10000:04d}"] for i in range(rows)]
    return workbook(sheet_xml(rows_xml(data)))


def lying_dimension() -> bytes:
    """A small sheet whose <dimension> claims the whole grid (A1:XFD1048576)."""
    return workbook(
        sheet_xml(rows_xml([HEADER, ["张三", "330106199001010000"]]), dimension="A1:XFD1048576")
    )


def _under_header(data: bytes) -> bytes:
    return workbook(sheet_xml(rows_xml([HEADER]) + data))


def ref_not_first() -> bytes:
    """The far cell's r after another attribute (<c s="0" r="XFD99999">)."""
    return _under_header(b'<row r="99999"><c s="0" r="XFD99999"><v>1</v></c></row>')


def ref_spaced() -> bytes:
    """A far row whose r has spaces around "=" (r = "1048576"), 30 cells counted."""
    return _under_header(b'<row r = "1048576">' + b"<c><v>1</v></c>" * 30 + b"</row>")


def ref_single_quoted() -> bytes:
    return _under_header(b"<row r='1048576'>" + b"<c><v>1</v></c>" * 30 + b"</row>")


def ref_single_quoted_in_range() -> bytes:
    """A row number within six digits (r='999999'), single-quoted, with 60 cells counted."""
    return _under_header(b"<row r='999999'>" + b"<c><v>1</v></c>" * 60 + b"</row>")


def namespaced_far_row() -> bytes:
    """Namespaced tags: a far row (<x:row r="1048576">) of 30 cells without references."""
    cells = b"<x:c><x:v>1</x:v></x:c>" * 30
    head = b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
    return workbook(sheet_xml(head + b'<x:row r="1048576">' + cells + b"</x:row>", prefix="x"))


def quoted_bracket() -> bytes:
    """A ">" inside a quoted attribute ahead of the far cell's r (kesu=">" r="XFD1048576")."""
    return _under_header(b'<row r="2"><c kesu=">" r="XFD1048576"><v>1</v></c></row>')


def ref_in_quoted_value() -> bytes:
    """An r="A1" inside another attribute's value, ahead of the real r="XFD1048576"."""
    return _under_header(b"""<row r="2"><c kesu=' r="A1"' r="XFD1048576"><v>1</v></c></row>""")


def duplicate_ref() -> bytes:
    """A cell naming two places (r="A2" r="XFD1048576"); XML forbids it, readers differ."""
    return _under_header(b'<row r="2"><c r="A2" r="XFD1048576"><v>1</v></c></row>')


def sheet_elsewhere(target: str = "hidden.xml") -> bytes:
    """The corner sheet stored outside xl/worksheets/ (the relationships point at it), a
    harmless decoy left at xl/worksheets/sheet1.xml."""
    corner_sheet = sheet_xml(
        rows_xml([HEADER]) + b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    )
    source = zipfile.ZipFile(io.BytesIO(normal()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"worksheets/sheet1.xml", target.encode())
            archive.writestr(info.filename, data)
        archive.writestr(f"xl/{target}", corner_sheet)
    return out.getvalue()


def duplicate_part(corner_first: bool = True) -> bytes:
    """Two parts named xl/worksheets/sheet1.xml: the corner sheet and a harmless one."""
    corner_sheet = zipfile.ZipFile(io.BytesIO(corner())).read("xl/worksheets/sheet1.xml")
    decoy = sheet_xml(rows_xml([HEADER]))
    first, second = (corner_sheet, decoy) if corner_first else (decoy, corner_sheet)
    source = zipfile.ZipFile(io.BytesIO(workbook(first)))
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": the point
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        archive.writestr("xl/worksheets/sheet1.xml", second)
    return out.getvalue()


def utf16_sheet() -> bytes:
    """A worksheet encoded in UTF-16: byte searches would see none of its references."""
    body = sheet_xml(rows_xml([HEADER])).decode().split("?>", 1)[1]
    return workbook(('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16"))


def bad_xml() -> bytes:
    """A sheet whose XML is malformed (a NUL character reference): calamine's own error."""
    return _under_header(b'<row r="2"><c r="A2" t="inlineStr"><is><t>&#0;</t></is></c></row>')


def not_a_spreadsheet() -> bytes:
    return b"%PDF-1.4\n" + b"\x00\x01 control \x1b[31m characters \x7f\r\n" * 50


def truncated() -> bytes:
    data = normal()
    return data[: len(data) // 2]


def ods() -> bytes:
    """An OpenDocument spreadsheet: a zip, but not an Office Open XML one."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def control_characters() -> bytes:
    """A valid sheet whose cells hold control characters the way Excel writes them
    (_x001B_), a bidi override and a zero-width space: it reads, the text comes through."""
    data = [HEADER, ["_x001B_[31m张_x0007_三\u202e\u200b", "_x0000_330106199001010000"]]
    return workbook(sheet_xml(rows_xml(data)))


@dataclass(frozen=True)
class Hostile:
    build: Callable[[], bytes]
    refusal: str  # a word of the Chinese message refusing it
    settings: dict[str, int] = field(default_factory=dict)  # limits lowered for the case


# Every one of them must be refused by every importer, with its Chinese message, before
# anything is written; none may take more than a moment or a few megabytes to refuse.
HOSTILE: dict[str, Hostile] = {
    "corner": Hostile(corner, "行的上限"),
    "corner_lowercase": Hostile(corner_lowercase, "行的上限"),
    "lying_dimension": Hostile(lying_dimension, "行的上限"),
    "far_row_without_cell_refs": Hostile(far_row_without_cell_refs, "行的上限"),
    "ref_not_first": Hostile(ref_not_first, "列的上限"),
    "ref_spaced": Hostile(ref_spaced, "行的上限"),
    "ref_single_quoted": Hostile(ref_single_quoted, "行的上限"),
    "ref_single_quoted_in_range": Hostile(ref_single_quoted_in_range, "行的上限"),
    "namespaced_far_row": Hostile(namespaced_far_row, "行的上限"),
    "quoted_bracket": Hostile(quoted_bracket, "行的上限"),
    "ref_in_quoted_value": Hostile(ref_in_quoted_value, "行的上限"),
    "sheet_outside_worksheets": Hostile(sheet_elsewhere, "行的上限"),
    "sheet_in_subfolder": Hostile(lambda: sheet_elsewhere("worksheets/sub/sheet1.xml"), "行的上限"),
    "utf16_sheet": Hostile(utf16_sheet, "不支持的文字编码"),
    "duplicate_part_corner_first": Hostile(duplicate_part, "重名的部件"),
    "duplicate_part_corner_last": Hostile(lambda: duplicate_part(False), "重名的部件"),
    "duplicate_ref": Hostile(duplicate_ref, "无法识别"),
    "far_cell_without_refs": Hostile(far_cell_without_refs, "列的上限"),
    "wide": Hostile(wide, "列的上限"),
    "tall": Hostile(lambda: tall(100), "最多50行", {"KESU_MAX_IMPORT_ROWS": 50}),
    "many_cells": Hostile(many_cells, "单元格", {"KESU_MAX_SHEET_CELLS": 10_000}),
    "empty_cells": Hostile(empty_cells, "压缩比"),
    "repeated_refs": Hostile(repeated_refs, "压缩比"),
    "giant_string": Hostile(giant_string, "压缩比"),
    "lying_sizes": Hostile(lying_sizes, "已损坏"),
    "lying_sheet_size": Hostile(lambda: lying_sizes("xl/worksheets/sheet1.xml"), "已损坏"),
    "unzipped_total": Hostile(giant_string, "解压后超过", {"KESU_MAX_UNZIPPED_BYTES": 16 << 20}),
    "not_a_spreadsheet": Hostile(not_a_spreadsheet, "无法读取"),
    "truncated": Hostile(truncated, "已损坏"),
    "ods": Hostile(ods, "无法读取"),
    "bad_xml": Hostile(bad_xml, "已损坏"),
}


# --- legacy .xls (BIFF8 in an OLE2 compound file) ---------------------------------------------

_END, _FREE, _FAT_SECTOR, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def _record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _biff8(cells: dict[tuple[int, int], object]) -> bytes:
    """A workbook stream: one sheet with number and text cells at (row, column), 0-based."""
    bof = lambda kind: _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))  # noqa: E731
    name = b"Sheet1"
    books = bof(0x0005) + _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
    offset = len(books) + 4 + 8 + len(name) + 4  # the sheet's BOF, after BOUNDSHEET and EOF
    books += _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)
    books += _record(0x000A)
    rows, cols = max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1
    sheet = bof(0x0010) + _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))
    for (r, c), value in cells.items():
        if isinstance(value, str):
            text = value.encode("utf-16-le")
            sheet += _record(0x0204, struct.pack("<HHHHB", r, c, 0, len(value), 1) + text)
        else:
            sheet += _record(0x0203, struct.pack("<HHHd", r, c, 0, float(value)))
    return books + sheet + _record(0x000A)


def _compound(stream: bytes, name: str = "Workbook") -> bytes:
    """An OLE2 compound file of one stream (padded to 4,096 bytes: no mini stream)."""
    stream = stream.ljust(4096, b"\0")
    n = -(-len(stream) // 512)
    fat = [_FAT_SECTOR, _END] + [3 + i for i in range(n - 1)] + [_END]
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack(
            "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0, 4096, _END, 0, _END, 0
        )
        + struct.pack("<109I", 0, *[_FREE] * 108)
    )

    def entry(label: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = label.encode("utf-16-le") + b"\0\0" if label else b""
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(raw), kind, 1, _NONE, _NONE, child)
            + b"\0" * 16
            + struct.pack("<IQQIQ", 0, 0, 0, start, size)
        )

    directory = entry("Root Entry", 5, 1, _END, 0) + entry(name, 2, _NONE, 2, len(stream))
    directory += entry("", 0, _NONE, 0, 0) * 2
    fat_sector = struct.pack("<128I", *fat, *[_FREE] * (128 - len(fat)))
    return header + fat_sector + directory + stream.ljust(n * 512, b"\0")


def xls(cells: dict[tuple[int, int], object]) -> bytes:
    return _compound(_biff8(cells))


def xls_normal() -> bytes:
    return xls({(0, 0): "姓名", (0, 1): "身份证号", (1, 0): "张三", (1, 1): "330106199001010000"})


def xls_corner() -> bytes:
    """A header and the format's last cell (IV65536): 65,536 × 256 cells to a reader."""
    return xls({(0, 0): "姓名", (0, 1): "身份证号", (65_535, 255): 1})


# A legacy workbook cannot be measured before it is read: its bounded child process refuses it.
HOSTILE["xls_corner"] = Hostile(xls_corner, "表格过大")
