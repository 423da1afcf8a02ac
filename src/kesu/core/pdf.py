"""PDF output shared by certificates, archive cards and summaries (reportlab).

Chinese text uses reportlab's built-in Adobe-GB1 CID font (STSong-Light): it needs no
font file, so PDFs work on a machine that has only Python and pip; readers (Chrome,
Acrobat, WPS, pdf.js) supply the glyphs. Set KESU_PDF_FONT to a TrueType (.ttf) file to
embed a font instead.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from functools import cache

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

CID_FONT = "STSong-Light"


@cache
def cjk_font() -> str:
    """Register (once) and return the name of the font used for Chinese text."""
    path = os.environ.get("KESU_PDF_FONT", "").strip()
    if path:
        pdfmetrics.registerFont(TTFont("KesuCJK", path))
        return "KesuCJK"
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def certificate_pdf(
    *,
    title: str,
    recipient: str,
    lines: Sequence[str],
    issuer: str,
    issued_on: str,
    code: str = "",
    verify_hint: str = "",
) -> bytes:
    """A one-page landscape A4 certificate: title, recipient, body lines, issuer and date,
    and (when given) a verification code with where to check it."""
    buf = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buf, pagesize=(width, height))
    pdf.setTitle(title)
    font = cjk_font()
    pdf.setStrokeColorRGB(0.71, 0.14, 0.16)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setFillColorRGB(0.71, 0.14, 0.16)
    pdf.setFont(font, 36)
    pdf.drawCentredString(width / 2, height - 50 * mm, title)
    pdf.setFillColorRGB(0.1, 0.1, 0.1)
    pdf.setFont(font, 22)
    pdf.drawString(40 * mm, height - 75 * mm, f"{recipient}：")
    pdf.setFont(font, 16)
    y = height - 92 * mm
    for line in lines:
        pdf.drawString(50 * mm, y, line)
        y -= 11 * mm
    pdf.drawRightString(width - 40 * mm, 48 * mm, issuer)
    pdf.drawRightString(width - 40 * mm, 38 * mm, issued_on)
    if code:
        pdf.setFont(font, 10)
        pdf.drawString(20 * mm, 20 * mm, f"证书编号：{code}  {verify_hint}")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()
