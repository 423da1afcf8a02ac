"""The work summary as PDF, laid out like the Word file (GB/T 9704, see docx_layout): A4,
the same margins, title 22 pt, body 16 pt on a 28 pt line with a two-character indent,
first-level headings in a 黑体-style face, page numbers "— 1 —" at the foot, organisation
and date right-aligned at the end, and 征求意见稿 at the top of every page of a draft copy.

The Chinese faces are embedded (a subset of the installed Noto CJK fonts, kesu.core.pdf_fonts)
so every reader shows the same glyphs; "6·26" stays "6·26" in poppler as in a browser.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from kesu.core import pdf_fonts
from kesu.core.pdf import cjk_font
from kesu.reports.docx_layout import LINE_PT, MARGINS_MM, SIZES
from kesu.reports.summary import Summary
from kesu.reports.summary_docx import context


def _styles(fonts: dict[str, str]) -> dict[str, ParagraphStyle]:
    # wordWrap="CJK" breaks lines between any two characters, as Chinese typesetting does.
    body = ParagraphStyle(
        "body",
        fontName=fonts["serif"],
        fontSize=SIZES["body"],
        leading=LINE_PT,
        firstLineIndent=2 * SIZES["body"],
        wordWrap="CJK",
    )
    return {
        "body": body,
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=fonts["serif-bold"],
            fontSize=SIZES["title"],
            leading=36,
            alignment=TA_CENTER,
            firstLineIndent=0,
            spaceAfter=LINE_PT,
        ),
        "heading": ParagraphStyle("heading", parent=body, fontName=fonts["sans"]),
        "sign": ParagraphStyle("sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
    }


def _page_decorations(fonts: dict[str, str], mark: str):
    def draw(canvas, doc) -> None:
        width, _height = A4
        canvas.saveState()
        canvas.setFont(fonts["serif"], SIZES["page"])
        canvas.drawCentredString(width / 2, 23 * mm, f"— {doc.page} —")
        if mark:
            canvas.setFont(fonts["sans"], SIZES["mark"])
            canvas.drawRightString(width - MARGINS_MM["right"] * mm, A4[1] - 22 * mm, mark)
        canvas.restoreState()

    return draw


@contextmanager
def _fonts(faces: dict[str, str]) -> Iterator[dict[str, str]]:
    """The embedded faces; on a machine without Noto CJK, kesu.core.pdf's font for all
    (KESU_PDF_FONT, else a reader-supplied CID font) rather than no PDF at all."""
    if not pdf_fonts.available():
        name = cjk_font()
        yield dict.fromkeys(faces, name)
        return
    with pdf_fonts.embedded_fonts(faces) as fonts:
        yield fonts


def render_pdf(summary: Summary, *, mark: str = "") -> bytes:
    data = context(summary)
    headings = [s["heading"] for s in data["sections"]]
    body = [
        data["opening"],
        data["org_name"],
        data["signed_on"],
        "— —",
        *(t for s in data["sections"] for t in s["paragraphs"]),
    ]
    faces = {
        "serif": "".join(body),
        "serif-bold": data["title"],
        "sans": "".join([*headings, mark]),
    }
    out = io.BytesIO()
    with _fonts(faces) as fonts:
        styles = _styles(fonts)
        flow = [
            Paragraph(escape(data["title"]), styles["title"]),
            Paragraph(escape(data["opening"]), styles["body"]),
        ]
        for section in data["sections"]:
            flow.append(Paragraph(escape(section["heading"]), styles["heading"]))
            flow.extend(Paragraph(escape(text), styles["body"]) for text in section["paragraphs"])
        flow += [
            Spacer(1, 2 * LINE_PT),
            Paragraph(escape(data["org_name"]), styles["sign"]),
            Paragraph(escape(data["signed_on"]), styles["sign"]),
        ]
        doc = SimpleDocTemplate(
            out,
            pagesize=A4,
            initialFontName=fonts["serif"],
            title=data["title"],
            author=data["org_name"],
            leftMargin=MARGINS_MM["left"] * mm,
            rightMargin=MARGINS_MM["right"] * mm,
            topMargin=MARGINS_MM["top"] * mm,
            bottomMargin=MARGINS_MM["bottom"] * mm,
        )
        decorate = _page_decorations(fonts, mark)
        doc.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()
