"""Hostile uploads, built in code: small files that would make a naive reader allocate or
expand far more than the server has (kesu.core.uploads bounds them all).

Each builder returns the bytes of one file. The workbooks are written part by part with
zipfile, the way Excel lays them out, so that each one differs from a valid workbook only
in the one thing it attacks; `workbook()` with ordinary rows is a file every reader opens.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
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
    return workbook(sheet_xml(rows_xml([HEADER, ["张三", "330106199001010000"]]),
                              dimension="A1:XFD1048576"))  # fmt: skip


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


# --- Word templates (.docx) ----------------------------------------------------------------


@cache
def _plain_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ title }}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_with(part: str, data: bytes, *, level: int = 9) -> bytes:
    """The plain template with one part replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(_plain_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info))
        archive.writestr(part, data)
    return out.getvalue()


def _document(body: bytes, doctype: bytes = b"") -> bytes:
    w = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + doctype
            + b'<w:document xmlns:w="' + w + b'"><w:body>' + body + b"</w:body></w:document>")  # fmt: skip


def docx_ratio_bomb() -> bytes:
    """32 MB of comment in word/document.xml, compressed to about 32 KB."""
    return docx_with("word/document.xml", _document(b"<!--" + b"x" * (32 << 20) + b"-->"))


def docx_lying_size() -> bytes:
    """word/document.xml declaring 100 bytes in both headers."""
    return _patch_size(_plain_docx(), "word/document.xml", 100)


def docx_entity_bomb() -> bytes:
    """Billion laughs: ten levels of entities, each ten of the one below (10^9 "lol")."""
    levels = [b'<!ENTITY l0 "lol">'] + [
        b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10) for n in range(1, 10)
    ]
    doctype = b"<!DOCTYPE w:document [" + b"".join(levels) + b"]>"
    return docx_with(
        "word/document.xml", _document(b"<w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", doctype)
    )


def docx_external_entity(path: str = "/etc/passwd") -> bytes:
    """An external entity naming a file of the server (XXE)."""
    doctype = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://%s">]>' % path.encode()
    return docx_with(
        "word/document.xml", _document(b"<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", doctype)
    )


def docx_truncated() -> bytes:
    data = _plain_docx()
    return data[: len(data) // 2]


# name → (builder, a word of the refusal). A Word template is refused with its message.
HOSTILE_DOCX: dict[str, Hostile] = {
    "docx_ratio_bomb": Hostile(docx_ratio_bomb, "压缩比"),
    "docx_lying_size": Hostile(docx_lying_size, "已损坏"),
    "docx_unzipped_total": Hostile(
        docx_ratio_bomb, "解压后超过", {"KESU_MAX_UNZIPPED_BYTES": 1 << 20}
    ),
    "docx_entity_bomb": Hostile(docx_entity_bomb, "用 Word 保存"),
    "docx_truncated": Hostile(docx_truncated, "已损坏或不是 Office 文档"),
    "docx_not_a_zip": Hostile(not_a_spreadsheet, "已损坏或不是 Office 文档"),
    "docx_spreadsheet": Hostile(normal, "用 Word 保存"),
}


# --- images --------------------------------------------------------------------------------


def _image(fmt: str, size: tuple[int, int] = (16, 16), noise: bool = False) -> bytes:
    from PIL import Image

    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)) if noise else (
        Image.new("RGB", size, (200, 30, 30)))  # fmt: skip
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def jpeg_huge() -> bytes:
    """A real 16×16 JPEG whose frame header claims 65,000 × 65,000 pixels."""
    data = bytearray(_image("JPEG"))
    at = data.index(b"\xff\xc0")  # start of frame: length, precision, height, width
    struct.pack_into(">HH", data, at + 5, 65_000, 65_000)
    return bytes(data)


def gif_huge() -> bytes:
    """A real 16×16 GIF whose logical screen claims 65,535 × 65,535 pixels."""
    data = bytearray(_image("GIF"))
    struct.pack_into("<HH", data, 6, 65_535, 65_535)
    return bytes(data)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_text_bomb(megabytes: int = 64) -> bytes:
    """A real 16×16 PNG carrying a compressed text chunk (zTXt) of `megabytes` MB."""
    data = _image("PNG")
    text = b"comment\x00\x00" + zlib.compress(b"a" * (megabytes << 20), 9)
    at = data.index(b"IDAT") - 4
    return data[:at] + _png_chunk(b"zTXt", text) + data[at:]


def png_exact(width: int, height: int) -> bytes:
    """A PNG of real pixels (all black), its rows compressed as they are made."""
    compressor = zlib.compressobj(1)
    row = b"\x00" * (1 + width * 3)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))  # fmt: skip


def png_truncated() -> bytes:
    data = _image("PNG", (64, 64), noise=True)
    return data[: len(data) // 2]


def svg_as_png() -> bytes:
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    )


# name → (file name, builder, a word of the refusal)
HOSTILE_IMAGES: dict[str, tuple[str, Hostile]] = {
    "jpeg_huge": ("照片.jpg", Hostile(jpeg_huge, "图片像素过多")),
    "gif_huge": ("动图.gif", Hostile(gif_huge, "图片像素过多")),
    "png_over_limit": (
        "大图.png",
        Hostile(
            lambda: png_exact(1001, 1000), "本图1001×1000", {"KESU_MAX_IMAGE_PIXELS": 1_000_000}
        ),
    ),  # fmt: skip
    "png_truncated": ("半张.png", Hostile(png_truncated, "不是有效的图片")),
    "svg_as_png": ("脚本.png", Hostile(svg_as_png, "不是有效的图片")),
    "svg": ("脚本.svg", Hostile(svg_as_png, "不支持的文件类型")),
    "xlsx_bomb": ("炸弹.xlsx", Hostile(giant_string, "压缩比")),
    "docx_lying_size": ("说明.docx", Hostile(docx_lying_size, "已损坏")),
    "docx_truncated": ("说明.docx", Hostile(docx_truncated, "已损坏或不是 Office 文档")),
    "html_as_pdf": ("通知.pdf", Hostile(svg_as_png, "与扩展名（.pdf）不符")),
}
