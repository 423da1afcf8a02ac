"""One validator for member data from every door: forms, API, Excel import.

`clean_member_data` takes loosely typed values (strings typed by people, cells read from
Excel) and returns normalised values plus Chinese messages keyed by field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kesu.core import crypto
from kesu.core.parsing import parse_choice, parse_date
from kesu.core.text import clean_name
from kesu.members.choices import ETHNICITIES, Education, Gender, MemberStatus, PoliticalStatus
from kesu.members.idnumber import IdNumberError, parse_id_number
from kesu.members.phone import PhoneError, mask_phone, parse_phone

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "id_number": "身份证号",
    "birth_date": "出生日期",
    "phone": "手机号",
    "ethnicity": "民族",
    "education": "文化程度",
    "political_status": "政治面貌",
    "employer_name": "工作单位",
    "occupation": "职业/行业",
    "is_migrant_worker": "农民工",
    "joined_on": "入会时间",
    "status": "会籍状态",
    "notes": "备注",
}

_GENDER_WORDS = {"男": "M", "m": "M", "男性": "M", "女": "F", "f": "F", "女性": "F"}
_EDUCATION_WORDS = {
    "小学": "primary",
    "小学及以下": "primary",
    "文盲": "primary",
    "无": "primary",
    "初中": "junior",
    "初中及以下": "junior",
    "高中": "senior",
    "中专": "senior",
    "技校": "senior",
    "职高": "senior",
    "高中/中专/技校": "senior",
    "中技": "senior",
    "高中及中专": "senior",
    "大专": "college",
    "专科": "college",
    "高职": "college",
    "本科": "bachelor",
    "大学本科": "bachelor",
    "大学": "bachelor",
    "硕士": "master",
    "研究生": "master",
    "硕士研究生": "master",
    "博士": "doctor",
    "博士研究生": "doctor",
}
_POLITICAL_WORDS = {
    "党员": "cpc",
    "中共党员": "cpc",
    "中国共产党党员": "cpc",
    "预备党员": "cpc_probationary",
    "中共预备党员": "cpc_probationary",
    "团员": "cyl",
    "共青团员": "cyl",
    "民主党派": "democratic",
    "群众": "masses",
}
_GENDER_CODES = frozenset(Gender.values)
_ETHNICITY_SET = frozenset(ETHNICITIES)
_STATUS_WORDS = {"在册": "active", "正常": "active", "转出": "transferred_out", "退会": "withdrawn"}
_TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "农民工"}
_FALSE_WORDS = {"否", "n", "no", "false", "0", "", "×"}
_MAX_LEN = {"name": 60, "employer_name": 120, "occupation": 60, "notes": 2000}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def person_name(value: Any) -> str:
    """A person's name as stored, searched and compared: core.text.clean_name (invisible
    characters removed, NFKC) and no space at all ("张 三" is 张三)."""
    name = clean_name(value if value.__class__ is str else _text(value))
    return name.replace(" ", "") if " " in name else name


def _choice(value: str, words: dict[str, str], codes: type, label: str) -> str:
    try:
        return parse_choice(value, codes, words=words) or ""
    except ValueError as exc:
        raise ValueError(f"{label}{exc}") from None


# Columns whose values repeat across a roster: each distinct raw value is cleaned once per
# process (memoised per column below), which is most of the validation cost of a large import.
def _clean_gender(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    gender = text if text in _GENDER_CODES else _GENDER_WORDS.get(text.lower())
    if gender is None:
        raise ValueError(f"性别“{text}”无法识别，请填写男或女")
    return gender


def _clean_ethnicity(value: Any) -> str:
    text = _text(value) or "汉族"
    if text not in _ETHNICITY_SET and text + "族" in _ETHNICITY_SET:
        text += "族"
    if text not in _ETHNICITY_SET:
        raise ValueError(f"民族“{text}”不在56个民族名称中")
    return text


def _clean_education(value: Any) -> str:
    text = _text(value)
    return _choice(text, _EDUCATION_WORDS, Education, FIELD_LABELS["education"]) if text else ""


def _clean_political_status(value: Any) -> str:
    text = _text(value)
    return (
        _choice(text, _POLITICAL_WORDS, PoliticalStatus, FIELD_LABELS["political_status"])
        if text
        else ""
    )


def _clean_status(value: Any) -> str:
    return _choice(_text(value) or MemberStatus.ACTIVE, _STATUS_WORDS, MemberStatus, "会籍状态")


def _clean_migrant(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in _TRUE_WORDS:
        return True
    if text in _FALSE_WORDS:
        return False
    raise ValueError(f"农民工“{_text(value)}”无法识别，请填写是或否")


def _text_field(field: str, *, name: bool = False) -> Any:
    """`name`: an organisation's name (core.text.clean_name)."""
    limit = _MAX_LEN[field]

    def clean(value: Any) -> str:
        text = clean_name(_text(value)) if name else _text(value)
        if len(text) > limit:
            raise ValueError(f"{FIELD_LABELS[field]}过长（最多{limit}个字）")
        return text

    return clean


_REPEATING: dict[str, Any] = {
    "gender": _clean_gender,
    "ethnicity": _clean_ethnicity,
    "education": _clean_education,
    "political_status": _clean_political_status,
    "status": _clean_status,
    "is_migrant_worker": _clean_migrant,
    "employer_name": _text_field("employer_name", name=True),
    "occupation": _text_field("occupation"),
    "birth_date": parse_date,
    "joined_on": parse_date,
}


# Per column: raw value -> clean value (failures are not kept: they raise again). Emptied
# when full rather than evicting one by one; a cleaner is a pure function of its value.
_MEMO_MAX = 8192
_MEMOS: dict[str, dict[Any, Any]] = {name: {} for name in _REPEATING}
_DATE = dt.date
_FIELDS = tuple((name, cleaner is parse_date) for name, cleaner in _REPEATING.items())


def _clean_repeating(field: str, value: Any) -> Any:
    memo = _MEMOS[field]
    try:
        return memo[value]
    except KeyError:
        pass
    except TypeError:  # an unhashable value (never from Excel; possible from JSON)
        return _REPEATING[field](value)
    cleaned = _REPEATING[field](value)
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[value] = cleaned
    return cleaned


def clean_member_data(
    raw: dict[str, Any], *, partial: bool = False, today: dt.date | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (clean values, {field: message}). With partial=True only given keys are checked.
    Bulk callers may pass `today` once instead of a timezone lookup per record."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    today = today or timezone.localdate()

    if not partial or "name" in raw:
        name = person_name(raw.get("name"))
        if not name:
            errors["name"] = "姓名不能为空"
        elif len(name) > _MAX_LEN["name"]:
            errors["name"] = "姓名过长（最多60个字）"
        else:
            clean["name"] = name

    parsed_id = None
    if not partial or "id_number" in raw:
        try:
            parsed_id = parse_id_number(raw.get("id_number"), today=today)
        except IdNumberError as exc:
            errors["id_number"] = str(exc)
        else:
            clean["id_number"] = parsed_id.value
            clean["gender"] = parsed_id.gender
            clean["birth_date"] = parsed_id.birth_date

    if not partial or "phone" in raw:
        try:
            clean["phone"] = parse_phone(raw.get("phone"))
        except PhoneError as exc:
            errors["phone"] = str(exc)

    if "notes" in raw or not partial:
        notes = _text(raw.get("notes"))
        if len(notes) > _MAX_LEN["notes"]:
            errors["notes"] = f"备注过长（最多{_MAX_LEN['notes']}个字）"
        else:
            clean["notes"] = notes

    for field, takes_dates in _FIELDS:
        if partial and field not in raw:
            continue
        value = raw.get(field)
        if takes_dates and value.__class__ is _DATE:
            cleaned = value  # a date cell: nothing to clean (parse_date returns it as is)
        elif field == "birth_date" and value in (None, ""):
            continue
        else:
            try:
                cleaned = _clean_repeating(field, value)
            except ValueError as exc:
                errors[field] = str(exc)
                continue
        if field == "gender":
            if cleaned is None:
                continue
            if parsed_id and cleaned != parsed_id.gender:
                errors["gender"] = "性别与身份证号不符"
                continue
        elif field == "birth_date":
            # Derived from the ID number; a given value is only checked against it.
            if parsed_id and cleaned != parsed_id.birth_date:
                errors["birth_date"] = "出生日期与身份证号不符"
            continue
        elif field == "joined_on" and cleaned is not None:
            if cleaned > today:
                errors["joined_on"] = "入会时间不能晚于今天"
                continue
            if parsed_id and cleaned < parsed_id.birth_date:
                errors["joined_on"] = "入会时间早于出生日期"
                continue
        clean[field] = cleaned

    return clean, errors


def protected_fields(clean: dict[str, Any]) -> dict[str, Any]:
    """Turn clean values into model fields: plain ID/phone become ciphertext, hash, mask."""
    fields = {k: v for k, v in clean.items() if k not in ("id_number", "phone")}
    if "id_number" in clean:
        number = clean["id_number"]
        fields["id_number_enc"] = crypto.encrypt(number)
        fields["id_number_hash"] = id_number_hash(number)
        fields["id_number_masked"] = number[:6] + "********" + number[-4:]
        fields["id_tail"] = number[-4:]
    if "phone" in clean:
        phone = clean["phone"]
        fields.update(phone_fields(phone))
        fields["phone_tail"] = phone[-4:]
    return fields


# The columns of a stored phone number: ciphertext, lookup hash, mask and last four digits.
PHONE_COLUMNS = ("phone_enc", "phone_hash", "phone_masked", "phone_tail")
# The fields a record keeps as they were typed (no ciphertext, hash or mask).
PLAIN_FIELDS = (
    "ethnicity",
    "education",
    "political_status",
    "employer_name",
    "occupation",
    "is_migrant_worker",
)
# The model fields of a complete, valid record (clean_member_data without `partial`, no
# errors), in the order protected_values gives them.
PROTECTED_COLUMNS = (
    "name",
    "gender",
    "birth_date",
    "id_number_enc",
    "id_number_hash",
    "id_number_masked",
    "id_tail",
    *PHONE_COLUMNS,
    *PLAIN_FIELDS,
    "joined_on",
    "status",
    "notes",
)
ID_HASH_POSITION = PROTECTED_COLUMNS.index("id_number_hash")


def protected_values(clean: dict[str, Any]) -> tuple[Any, ...]:
    """protected_fields(clean) as a tuple in PROTECTED_COLUMNS order, for a complete record:
    what a bulk import inserts (no dict per row). Same encryption, hashes and masks."""
    number = clean["id_number"]
    phone = clean["phone"]
    encrypt = crypto.encrypt
    return (
        clean["name"],
        clean["gender"],
        clean["birth_date"],
        encrypt(number),
        id_number_hash(number),
        number[:6] + "********" + number[-4:],
        number[-4:],
        encrypt(phone),
        phone_hash(phone),
        mask_phone(phone),
        phone[-4:],
        clean["ethnicity"],
        clean["education"],
        clean["political_status"],
        clean["employer_name"],
        clean["occupation"],
        clean["is_migrant_worker"],
        clean["joined_on"],
        clean["status"],
        clean["notes"],
    )


def phone_fields(phone: str, *, prefix: str = "phone") -> dict[str, str]:
    """The stored form of a phone number: ciphertext, keyed hash and mask ("" when empty).
    Members, guests at check-in and experts all keep phones this way."""
    return {
        f"{prefix}_enc": crypto.encrypt(phone),
        f"{prefix}_hash": phone_hash(phone),
        f"{prefix}_masked": mask_phone(phone),
    }


def id_number_hash(number: str) -> str:
    return crypto.keyed_hash(number, purpose="id")


def phone_hash(phone: str) -> str:
    return crypto.keyed_hash(phone, purpose="phone")
