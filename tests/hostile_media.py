"""Hostile Word templates, images and Office attachments, built in code (the spreadsheets
are in tests/hostile.py, whose `Hostile` cases these follow)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from functools import cache

from tests.hostile import Hostile, _patch_size, giant_string, normal, not_a_spreadsheet

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
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        + doctype
        + b'<w:document xmlns:w="'
        + w
        + b'"><w:body>'
        + body
        + b"</w:body></w:document>"
    )


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

    image = (
        Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
        if noise
        else (Image.new("RGB", size, (200, 30, 30)))
    )
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
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


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
    ),
    "png_truncated": ("半张.png", Hostile(png_truncated, "不是有效的图片")),
    "svg_as_png": ("脚本.png", Hostile(svg_as_png, "不是有效的图片")),
    "svg": ("脚本.svg", Hostile(svg_as_png, "不支持的文件类型")),
    "xlsx_bomb": ("炸弹.xlsx", Hostile(giant_string, "压缩比")),
    "docx_lying_size": ("说明.docx", Hostile(docx_lying_size, "已损坏")),
    "docx_truncated": ("说明.docx", Hostile(docx_truncated, "已损坏或不是 Office 文档")),
    "html_as_pdf": ("通知.pdf", Hostile(svg_as_png, "与扩展名（.pdf）不符")),
}
