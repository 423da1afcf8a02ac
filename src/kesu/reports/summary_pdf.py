"""The work summary as PDF (reportlab, CJK font from kesu.core.pdf): the same structure as
the Word document, for units that file or print PDFs."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from kesu.core.pdf import cjk_font
from kesu.reports.summary import Summary
from kesu.reports.summary_docx import context


def render_pdf(summary: Summary) -> bytes:
    font = cjk_font()
    # wordWrap="CJK" breaks lines between any two characters, as Chinese typesetting does.
    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=24, firstLineIndent=28,
                          wordWrap="CJK")  # fmt: skip
    title = ParagraphStyle("title", parent=body, fontSize=20, leading=30, alignment=TA_CENTER,
                           firstLineIndent=0, spaceAfter=12)  # fmt: skip
    heading = ParagraphStyle("heading", parent=body, fontSize=16, firstLineIndent=0,
                             spaceBefore=8)  # fmt: skip
    sign = ParagraphStyle("sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0)
    data = context(summary)
    flow = [Paragraph(escape(data["title"]), title), Paragraph(escape(data["opening"]), body)]
    for section in data["sections"]:
        flow.append(Paragraph(escape(section["heading"]), heading))
        flow.extend(Paragraph(escape(text), body) for text in section["paragraphs"])
    flow += [Spacer(1, 10 * mm), Paragraph(escape(data["org_name"]), sign),
             Paragraph(escape(data["signed_on"]), sign)]  # fmt: skip
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=data["title"], leftMargin=28 * mm,
                            rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm)  # fmt: skip
    doc.build(flow)
    return out.getvalue()
