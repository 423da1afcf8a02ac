"""Validation of employers, union founding, wage agreements and medical-mutual enrolments:
loosely typed input in, clean values and Chinese messages naming the field out.

The unified social credit code (统一社会信用代码, GB 32100-2015) is 18 characters from a
31-character alphabet (digits and capitals without I, O, Z, S, V); the last one is a check
character: 31 − (Σ value × weight mod 31), where 31 means 0.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from kesu.core.errors import ServiceError
from kesu.employers.models import AgreementKind, HomeRating, Ownership
from kesu.resources.validation import (
    Cleaner,
    boolean,
    choice,
    clean_fields,
    count,
    date,
    required_count,
    text,
)
from kesu.resources.validation import _str as as_text

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUES = {ch: i for i, ch in enumerate(CREDIT_ALPHABET)}

LABELS: dict[str, str] = {
    "org": "服务工会",
    "name": "单位名称",
    "credit_code": "统一社会信用代码",
    "ownership": "所有制",
    "industry": "行业",
    "staff_count": "职工人数",
    "township": "所在乡镇/街道",
    "industrial_park": "所在园区",
    "is_active": "在册",
    "founded_on": "建会日期",
    "union": "所属工会",
    "sign_hung": "牌子挂起来",
    "identity_shown": "身份亮出来",
    "duties_shown": "职责显出来",
    "home_rating": "职工之家",
    "notes": "备注",
    "kind": "协商类型",
    "title": "协议名称",
    "employers": "覆盖企业",
    "signed_on": "签订日期",
    "term_start": "期限起",
    "term_end": "期限止",
    "workers_covered": "覆盖职工人数",
    "wage_increase_pct": "工资增长幅度",
    "employer": "企业/单位",
    "year": "年度",
    "shares": "参保份数",
    "amount": "金额",
}


class EmployerError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def normalise_credit_code(value: Any) -> str:
    """Full-width to half-width, spaces and dashes removed, upper case."""
    raw = unicodedata.normalize("NFKC", as_text(value))
    return "".join(ch for ch in raw if not ch.isspace() and ch not in "-—").upper()


def credit_check_char(first17: str) -> str:
    """The check character for the first 17 characters (assumed in the alphabet)."""
    total = sum(_VALUES[ch] * w for ch, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """None for a valid normalised code, else what is wrong with it (Chinese)."""
    if len(code) != 18:
        return f"应为18位，当前为{len(code)}位"
    for pos, ch in enumerate(code, start=1):
        if ch not in _VALUES:
            return f"第{pos}位“{ch}”不是有效字符（只用数字和除 I、O、S、V、Z 以外的大写字母）"
    expected = credit_check_char(code[:17])
    if code[17] != expected:
        return f"校验位错误：第18位应为“{expected}”，实为“{code[17]}”，请核对号码"
    return None


def credit_code(value: Any, label: str = "统一社会信用代码") -> str:
    """A valid normalised code or "" (blank allowed); ValueError names the problem."""
    code = normalise_credit_code(value)
    if not code:
        return ""
    problem = credit_code_problem(code)
    if problem:
        raise ValueError(f"{label}{problem}")
    return code


def optional_choice(choices: type) -> Cleaner:
    strict = choice(choices)

    def clean(value: Any, label: str) -> str:
        word = as_text(value)
        if word in ("", "无", "none"):
            return ""
        return strict(word, label)

    return clean


def decimal(places: int, required: bool = False, maximum: Decimal | None = None) -> Cleaner:
    quantum = Decimal(1).scaleb(-places)

    def clean(value: Any, label: str) -> Decimal | None:
        word = as_text(value).removesuffix("%").replace(",", "").replace("，", "")
        if not word:
            if required:
                raise ValueError(f"{label}不能为空")
            return None
        if isinstance(value, float):
            word = repr(value)
        try:
            number = Decimal(word).quantize(quantum)
        except (InvalidOperation, ValueError):
            raise ValueError(f"{label}应为数字") from None
        if not number.is_finite():
            raise ValueError(f"{label}应为数字")
        if number < 0:
            raise ValueError(f"{label}不能为负数")
        if maximum is not None and number > maximum:
            raise ValueError(f"{label}不能大于{maximum}")
        return number

    return clean


def default_int(value: Any, label: str) -> int:
    return count(value, label) or 0


def year(value: Any, label: str) -> int:
    number = required_count(value, label)
    if not 2000 <= number <= 2100:
        raise ValueError(f"{label}应在2000至2100之间")
    return number


def flag(default: bool) -> Cleaner:
    return lambda v, label: default if v is None else boolean(v, label)


EMPLOYER_SPEC: dict[str, Cleaner] = {
    "name": text(200, required=True, name=True),
    "credit_code": credit_code,
    "ownership": choice(Ownership),
    "industry": text(60),
    "staff_count": default_int,
    "township": text(60),
    "industrial_park": text(100),
    "is_active": flag(True),
}
FOUNDING_SPEC: dict[str, Cleaner] = {
    "founded_on": date(required=True),
    "sign_hung": flag(False),
    "identity_shown": flag(False),
    "duties_shown": flag(False),
    "home_rating": optional_choice(HomeRating),
    "notes": text(200),
}
AGREEMENT_SPEC: dict[str, Cleaner] = {
    "kind": choice(AgreementKind),
    "title": text(200, required=True),
    "signed_on": date(required=True),
    "term_start": date(required=True),
    "term_end": date(required=True),
    "workers_covered": default_int,
    "wage_increase_pct": decimal(2, maximum=Decimal("999")),
    "notes": text(2000),
}
ENROLMENT_SPEC: dict[str, Cleaner] = {
    "year": year,
    "shares": required_count,
    "amount": decimal(2, maximum=Decimal("1e10")),
    "notes": text(200),
}


def clean_employer(raw: dict[str, Any], *, partial: bool = False):
    return clean_fields(EMPLOYER_SPEC, raw, partial, LABELS)


def clean_founding(raw: dict[str, Any], *, partial: bool = False):
    clean, errors = clean_fields(FOUNDING_SPEC, raw, partial, LABELS)
    founded = clean.get("founded_on")
    if isinstance(founded, dt.date) and founded > timezone.localdate() + dt.timedelta(days=1):
        errors["founded_on"] = "建会日期不能晚于今天"
    return clean, errors


def clean_agreement(raw: dict[str, Any], *, partial: bool = False):
    clean, errors = clean_fields(AGREEMENT_SPEC, raw, partial, LABELS)
    start, end = clean.get("term_start"), clean.get("term_end")
    if start and end and end < start:
        errors["term_end"] = "期限止不能早于期限起"
    return clean, errors


def clean_enrolment(raw: dict[str, Any], *, partial: bool = False):
    return clean_fields(ENROLMENT_SPEC, raw, partial, LABELS)
