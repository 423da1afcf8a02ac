"""QR codes for links people open on a phone (check-in, contests): a PNG answer, and the
printable A4 poster template core/qr_poster.html that shows one."""

from __future__ import annotations

import io

import qrcode
from django.http import HttpResponse


def qr_png_response(url: str) -> HttpResponse:
    """A PNG QR code of `url`, never cached by shared caches (links carry tokens)."""
    image = qrcode.make(url, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
