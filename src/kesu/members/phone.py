"""Mainland mobile numbers: tolerant parsing (+86, spaces, dashes, full-width forms) and
masking."""

from __future__ import annotations

import re

from kesu.core.errors import ServiceError
from kesu.core.text import clean_code

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# Separators people type or paste between digit groups (after NFKC: ASCII or these dashes).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015()]")


class PhoneError(ServiceError):
    pass


def parse_phone(raw: object) -> str:
    """Return the 11-digit number or raise PhoneError; empty input gives ''."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and _MOBILE.fullmatch(raw):
        return raw  # the common case: already 11 plain digits
    # clean_code: full-width digits, plus signs, dashes and brackets folded (NFKC), invisible
    # characters (a zero-width space pasted from a chat) removed.
    text = _SEPARATORS.sub("", clean_code(str(raw)))
    if not text:
        return ""
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif len(text) == 13 and text.startswith("86"):
        text = text[2:]
    if not _MOBILE.fullmatch(text):
        raise PhoneError("手机号应为11位大陆手机号码（可带+86、空格或短横线）")
    return text


def mask_phone(value: str) -> str:
    if len(value) != 11:
        return "*" * len(value)
    return value[:3] + "****" + value[-4:]
