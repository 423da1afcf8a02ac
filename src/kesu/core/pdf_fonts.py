"""Embedded CJK fonts for PDFs: a subset of an installed open font, per document.

reportlab embeds TrueType outlines only, and the open CJK faces a server has (Debian's
fonts-noto-cjk: Noto Serif/Sans CJK) are OpenType collections with PostScript (CFF)
outlines. `embedded_font` therefore cuts the glyphs a document uses out of the collection's
Simplified Chinese face (fontTools' subsetter), redraws them as TrueType quadratic outlines
(cu2qu) and registers the result with reportlab, which embeds that subset in the PDF. A
summary needs a few hundred glyphs: about a second, where converting the whole face would
take minutes.

`with embedded_fonts({"serif": text, …}) as fonts:` registers for one document and forgets
the fonts after it, so a long-running server does not keep every document's subset; the
converted glyphs themselves are kept per process, so the next document is quicker.
"""

from __future__ import annotations

import io
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
# face: file names tried in order (a collection, or a single-face .otf)
FACES = {
    "serif": ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"),
    "serif-bold": ("NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf"),
    "sans": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"),
}


GLYPH_CACHE = 20_000  # converted glyphs kept per face (a few KB each)
_LOCK = threading.Lock()


class FontMissing(RuntimeError):
    """No open CJK font is installed (install fonts-noto-cjk)."""


@cache
def font_file(face: str) -> tuple[Path, int]:
    """(the file of `face`, the number of its Simplified Chinese font in the collection)."""
    from fontTools.ttLib import TTCollection

    for name in FACES[face]:
        for root in FONT_DIRS:
            for path in sorted(root.rglob(name)) if root.is_dir() else ():
                if path.suffix.lower() != ".ttc":
                    return path, 0
                with TTCollection(str(path), lazy=True) as collection:
                    for number, font in enumerate(collection.fonts):
                        if " SC" in font["name"].getDebugName(1):
                            return path, number
                return path, 0
    raise FontMissing(f"未找到可嵌入的中文字体（{FACES[face][0]}），请安装 fonts-noto-cjk")


def available() -> bool:
    try:
        font_file("serif")
    except FontMissing:
        return False
    return True


class _Face:
    """One installed face, read once per process: its character map, advance widths and
    vertical metrics, and the TrueType outlines drawn so far (a glyph is converted once)."""

    def __init__(self, face: str) -> None:
        from fontTools.ttLib import TTFont as OpenTypeFont

        path, number = font_file(face)
        self.font = OpenTypeFont(str(path), fontNumber=number, lazy=True)
        self.cmap = self.font.getBestCmap()
        self.widths = self.font["hmtx"].metrics
        self.units = self.font["head"].unitsPerEm
        hhea, os2 = self.font["hhea"], self.font["OS/2"]
        self.ascent, self.descent = hhea.ascent, hhea.descent
        self.win = (os2.usWinAscent, os2.usWinDescent)
        self.names = {
            "familyName": self.font["name"].getDebugName(1),
            "styleName": self.font["name"].getDebugName(2),
            "psName": self.font["name"].getDebugName(6),
        }
        self.glyphs: dict[str, Any] = {}
        self.drawn = self.font.getGlyphSet()

    def glyph(self, name: str) -> Any:
        from fontTools.pens.cu2quPen import Cu2QuPen
        from fontTools.pens.ttGlyphPen import TTGlyphPen

        if name not in self.glyphs:
            if len(self.glyphs) > GLYPH_CACHE:
                self.glyphs.clear()
            pen = TTGlyphPen(None)
            self.drawn[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            self.glyphs[name] = pen.glyph()
        return self.glyphs[name]


@cache
def _face(face: str) -> _Face:
    return _Face(face)


def _truetype(face: str, text: str, tag: str = "") -> bytes:
    """The glyphs of `text` from `face`, as a small TrueType font file (fontTools'
    FontBuilder; PostScript outlines redrawn as quadratic ones through cu2qu)."""
    from fontTools.fontBuilder import FontBuilder

    with _LOCK:  # the face's file and caches are shared by the threads of a server
        source = _face(face)
        mapping = {ord(c): source.cmap[ord(c)] for c in set(text) if ord(c) in source.cmap}
        order = [".notdef", *sorted(set(mapping.values()) - {".notdef"})]
        glyphs = {name: source.glyph(name) for name in order}
    builder = FontBuilder(source.units, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(mapping)
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: source.widths[name] for name in order})
    builder.setupHorizontalHeader(ascent=source.ascent, descent=source.descent)
    # reportlab shares a registered font between fonts of the same PostScript name: each
    # document's subset gets a name of its own.
    ps_name = f"{source.names['psName']}-{tag}" if tag else source.names["psName"]
    builder.setupNameTable({**source.names, "psName": ps_name})
    builder.setupOS2(
        sTypoAscender=source.ascent,
        sTypoDescender=source.descent,
        usWinAscent=source.win[0],
        usWinDescent=source.win[1],
        fsType=0,
    )
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


@contextmanager
def embedded_fonts(texts: dict[str, str]) -> Iterator[dict[str, str]]:
    """{face: registered reportlab font name} for each face of `texts` (face: the text set in
    it; ASCII digits and letters are always included), for one document only."""
    tag = uuid.uuid4().hex[:12]  # one document's fonts, never another's
    names = {}
    try:
        for face, text in texts.items():
            chars = "".join(sorted(set(text) | set(map(chr, range(32, 127)))))
            name = f"KesuCJK-{face}-{tag}"
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(_truetype(face, chars, tag))))
            names[face] = name
        yield names
    finally:
        for name in names.values():  # reportlab has no public unregister
            font = pdfmetrics._fonts.pop(name, None)
            if font is not None:
                pdfmetrics._dynFaceNames.pop(font.face.name, None)
