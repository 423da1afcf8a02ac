"""Resident ID numbers (GB 11643-1999): normalisation, checksum, derived birth date and gender."""

from __future__ import annotations

import datetime as dt
import operator
import re
from typing import NamedTuple

from django.utils import timezone

from kesu.core.errors import ServiceError
from kesu.core.text import clean_code

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]")
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+")
# sum(w * int(c)) == sum(w * ord(c)) - ord("0") * sum(w): the check digit straight from bytes.
_ASCII_ZERO_TOTAL = ord("0") * sum(_WEIGHTS)
_ODD = frozenset("13579")
_BIRTHS: dict[str, dt.date] = {}  # "YYYYMMDD" -> date: birth dates repeat across a roster


class IdNumberError(ServiceError):
    """Carries a Chinese message that names the problem."""


class IdNumber(NamedTuple):
    """A valid, normalised number and what it says (immutable; built once per imported row)."""

    value: str
    birth_date: dt.date
    gender: str  # "M" or "F"

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)

    @property
    def tail(self) -> str:
        return self.value[-4:]


def normalise(raw: str) -> str:
    """Full-width forms folded, invisible characters and spaces removed (core.text
    clean_code, as for phones), dashes dropped, upper case."""
    return _SEPARATORS.sub("", clean_code(str(raw))).upper()


def check_digit(first17: str) -> str:
    if first17.isascii() and first17.isdigit():
        return _check_ascii(first17)
    total = sum(map(operator.mul, map(int, first17), _WEIGHTS))
    return _CHECK[total % 11]


def _check_ascii(first17: str) -> str:
    """check_digit for 17 ASCII digits (already validated by the caller)."""
    return _CHECK[(sum(map(operator.mul, first17.encode(), _WEIGHTS)) - _ASCII_ZERO_TOTAL) % 11]


def _birth_date(digits: str) -> dt.date:
    birth = _BIRTHS.get(digits)
    if birth is None:
        birth = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))  # may raise
        if len(_BIRTHS) >= 65536:
            _BIRTHS.clear()
        _BIRTHS[digits] = birth
    return birth


def parse_id_number(raw: object, *, today: dt.date | None = None) -> IdNumber:
    """Validate and normalise; raises IdNumberError with a message for the user.
    `today` may be passed by callers validating many numbers (saves a timezone lookup)."""
    if isinstance(raw, float):
        raise IdNumberError(
            "身份证号被Excel存成了数字，后几位已丢失精度，请把该列设为文本格式后重新填写"
        )
    if isinstance(raw, int):
        raw = str(raw)
    if isinstance(raw, str) and _SHAPE.fullmatch(raw):
        text = raw  # most cells already hold a clean number: skip normalisation for them
    else:
        text = normalise(str(raw or ""))
        if not text:
            raise IdNumberError("身份证号不能为空")
        if _SCIENTIFIC.fullmatch(text):
            raise IdNumberError(
                "身份证号被Excel存成了科学计数法数字，精度已丢失，请设为文本格式后重新填写"
            )
        if len(text) != 18:
            raise IdNumberError(f"身份证号应为18位，当前为{len(text)}位")
        if not _SHAPE.fullmatch(text):
            raise IdNumberError("身份证号只能由17位数字加1位数字或X组成")
    try:
        birth = _birth_date(text[6:14])
    except ValueError:
        raise IdNumberError("身份证号中的出生日期无效") from None
    if birth.year < 1900 or birth > (today or timezone.localdate()):
        raise IdNumberError("身份证号中的出生日期不合理")
    if _check_ascii(text[:17]) != text[17]:
        raise IdNumberError("身份证号校验位错误，请核对号码")
    return IdNumber(text, birth, "M" if text[16] in _ODD else "F")


def mask_id_number(value: str) -> str:
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def make_id_number(region: str, birth: dt.date, sequence: int) -> str:
    """Build a checksum-valid number (demo data and tests). sequence: 0–999, odd = male."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
