"""Resident ID numbers (GB 11643-1999): normalisation, checksum, derived birth date and gender."""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass

from django.utils import timezone

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＸ", "0123456789XXX")
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


class IdNumberError(ValueError):
    """Carries a Chinese message that names the problem."""


@dataclass(frozen=True)
class IdNumber:
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
    text = str(raw).translate(_FULLWIDTH)
    text = re.sub(r"[\s\u3000\-]", "", text)
    return text.upper()


def check_digit(first17: str) -> str:
    total = sum(map(operator.mul, map(int, first17), _WEIGHTS))
    return _CHECK[total % 11]


def parse_id_number(raw: object, *, today: dt.date | None = None) -> IdNumber:
    """Validate and normalise; raises IdNumberError with a message for the user.
    `today` may be passed by callers validating many numbers (saves a timezone lookup)."""
    if isinstance(raw, float):
        raise IdNumberError(
            "身份证号被Excel存成了数字，后几位已丢失精度，请把该列设为文本格式后重新填写"
        )
    if isinstance(raw, int):
        raw = str(raw)
    # Most cells already hold a clean number: skip normalisation for them.
    text = raw if isinstance(raw, str) and _SHAPE.fullmatch(raw) else normalise(str(raw or ""))
    if not text:
        raise IdNumberError("身份证号不能为空")
    if re.fullmatch(r"\d(\.\d+)?E\+?\d+", text):
        raise IdNumberError(
            "身份证号被Excel存成了科学计数法数字，精度已丢失，请设为文本格式后重新填写"
        )
    if len(text) != 18:
        raise IdNumberError(f"身份证号应为18位，当前为{len(text)}位")
    if not _SHAPE.fullmatch(text):
        raise IdNumberError("身份证号只能由17位数字加1位数字或X组成")
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise IdNumberError("身份证号中的出生日期无效") from None
    if birth.year < 1900 or birth > (today or timezone.localdate()):
        raise IdNumberError("身份证号中的出生日期不合理")
    if check_digit(text[:17]) != text[17]:
        raise IdNumberError("身份证号校验位错误，请核对号码")
    gender = "M" if int(text[16]) % 2 == 1 else "F"
    return IdNumber(value=text, birth_date=birth, gender=gender)


def mask_id_number(value: str) -> str:
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def make_id_number(region: str, birth: dt.date, sequence: int) -> str:
    """Build a checksum-valid number (demo data and tests). sequence: 0–999, odd = male."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
