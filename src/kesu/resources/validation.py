"""One validator per record for every door (forms, API, demo): loosely typed input in,
clean values and Chinese messages naming the field out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.utils import translation

from kesu.core.codes import encode_codes
from kesu.core.errors import ServiceError
from kesu.core.parsing import parse_date
from kesu.core.text import clean_name
from kesu.members.phone import PhoneError, parse_phone
from kesu.members.validation import phone_fields
from kesu.resources.models import Channel, ExpertField, VenueKind

LABELS: dict[str, str] = {
    "org": "所属组织",
    "name": "名称",
    "kind": "类型",
    "address": "地址",
    "opened_on": "建成/启用日期",
    "books_held": "藏书",
    "area_m2": "面积",
    "is_active": "在用",
    "notes": "备注",
    "period_start": "开始日期",
    "period_end": "结束日期",
    "visitors": "参观人次",
    "fields": "专业领域",
    "title": "标题",
    "employer": "工作单位",
    "phone": "联系电话",
    "lectures": "讲座活动",
    "channel": "渠道",
    "published_on": "发布日期",
    "link": "链接",
}
EXPERT_LABELS = {**LABELS, "name": "姓名", "title": "职称", "is_active": "在库"}

Cleaner = Callable[[Any, str], Any]


class ResourceError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def text(limit: int, required: bool = False, name: bool = False) -> Cleaner:
    """`name`: a person's or organisation's name (core.text.clean_name)."""

    def clean(value: Any, label: str) -> str:
        out = clean_name(_str(value)) if name else _str(value)
        if required and not out:
            raise ValueError(f"{label}不能为空")
        if len(out) > limit:
            raise ValueError(f"{label}过长（最多{limit}个字）")
        return out

    return clean


def count(value: Any, label: str) -> int | None:
    if value is None or _str(value) == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{label}应为整数")
    try:
        number = int(_str(value))
    except ValueError:
        raise ValueError(f"{label}应为整数") from None
    if number < 0:
        raise ValueError(f"{label}不能为负数")
    return number


def required_count(value: Any, label: str) -> int:
    number = count(value, label)
    if number is None:
        raise ValueError(f"{label}不能为空")
    return number


def area(value: Any, label: str) -> Decimal | None:
    if value is None or _str(value) == "":
        return None
    try:
        number = Decimal(_str(value)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{label}应为数字") from None
    if number < 0:
        raise ValueError(f"{label}不能为负数")
    if number >= Decimal("1e9"):
        raise ValueError(f"{label}过大")
    return number


def date(required: bool = False) -> Cleaner:
    def clean(value: Any, label: str) -> dt.date | None:
        try:
            out = parse_date(value)
        except ValueError as exc:
            raise ValueError(f"{label}：{exc}") from None
        if out is None and required:
            raise ValueError(f"{label}不能为空")
        return out

    return clean


def boolean(value: Any, label: str) -> bool:
    if isinstance(value, bool):
        return value
    word = _str(value).lower()
    if word in ("1", "true", "yes", "y", "是", "on"):
        return True
    if word in ("0", "false", "no", "n", "否", "off", ""):
        return False
    raise ValueError(f"{label}“{_str(value)}”无法识别，请填写是或否")


def _lookup(choices: type) -> dict[str, str]:
    with translation.override(None):
        return {code: code for code in choices.values} | {
            str(label): code for code, label in choices.choices
        }


def choice(choices: type) -> Cleaner:
    def clean(value: Any, label: str) -> str:
        word = _str(value)
        if not word:
            raise ValueError(f"{label}不能为空")
        code = _lookup(choices).get(word) or _lookup(choices).get(word.lower())
        if code is None:
            allowed = "、".join(f"{c}（{t}）" for c, t in choices.choices)
            raise ValueError(f"{label}“{word}”无效，可选：{allowed}")
        return code

    return clean


def expert_fields(value: Any, label: str) -> str:
    """A list or a comma/顿号-separated text of codes or Chinese names -> ",a,b,"."""
    items = value if isinstance(value, list | tuple) else re.split(r"[,，、;；\s]+", _str(value))
    lookup = _lookup(ExpertField)
    codes: list[str] = []
    for item in (_str(i) for i in items):
        if not item:
            continue
        code = lookup.get(item) or lookup.get(item.lower())
        if code is None:
            allowed = "、".join(str(t) for _c, t in ExpertField.choices)
            raise ValueError(f"{label}“{item}”无效，可选：{allowed}")
        if code not in codes:
            codes.append(code)
    return encode_codes(codes)


def link(value: Any, label: str) -> str:
    out = _str(value)
    if not out:
        return ""
    if len(out) > 500:
        raise ValueError(f"{label}过长（最多500个字符）")
    parts = urlsplit(out)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in out:
        raise ValueError(f"{label}应为以 http:// 或 https:// 开头的网址")
    return out


def phone(value: Any, label: str) -> str:
    try:
        return parse_phone(value)
    except PhoneError as exc:
        raise ValueError(f"{label}：{exc}") from None


def clean_fields(
    spec: dict[str, Cleaner], raw: dict[str, Any], partial: bool, labels: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Run each field's cleaner on `raw` (with `partial`, only on the keys it has): the clean
    values and the errors, by field, each message naming the field by its label."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, cleaner in spec.items():
        if partial and field not in raw:
            continue
        try:
            clean[field] = cleaner(raw.get(field), labels.get(field, field))
        except ValueError as exc:
            errors[field] = str(exc)
    return clean, errors


VENUE_SPEC: dict[str, Cleaner] = {
    "name": text(120, required=True),
    "kind": choice(VenueKind),
    "address": text(200),
    "opened_on": date(),
    "books_held": count,
    "area_m2": area,
    "is_active": lambda v, label: True if v is None else boolean(v, label),
    "notes": text(2000),
}
VISIT_SPEC: dict[str, Cleaner] = {
    "period_start": date(required=True),
    "period_end": date(required=True),
    "visitors": required_count,
    "notes": text(200),
}
EXPERT_SPEC: dict[str, Cleaner] = {
    "name": text(60, required=True, name=True),
    "fields": expert_fields,
    "title": text(60),
    "employer": text(120, name=True),
    "phone": phone,
    "notes": text(2000),
    "is_active": lambda v, label: True if v is None else boolean(v, label),
}
PUBLICATION_SPEC: dict[str, Cleaner] = {
    "channel": choice(Channel),
    "title": text(200, required=True),
    "published_on": date(required=True),
    "link": link,
    "notes": text(2000),
}


def clean_venue(raw: dict[str, Any], *, partial: bool = False):
    return clean_fields(VENUE_SPEC, raw, partial, LABELS)


def clean_visit(raw: dict[str, Any]):
    clean, errors = clean_fields(VISIT_SPEC, raw, False, LABELS)
    start, end = clean.get("period_start"), clean.get("period_end")
    if start and end and end < start:
        errors["period_end"] = "结束日期不能早于开始日期"
    return clean, errors


def clean_expert(raw: dict[str, Any], *, partial: bool = False):
    clean, errors = clean_fields(EXPERT_SPEC, raw, partial, EXPERT_LABELS)
    if "phone" in clean:
        clean.update(phone_fields(clean.pop("phone")))
    return clean, errors


def clean_publication(raw: dict[str, Any], *, partial: bool = False):
    return clean_fields(PUBLICATION_SPEC, raw, partial, LABELS)
