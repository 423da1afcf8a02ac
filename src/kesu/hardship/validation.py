"""Parsing of loosely typed input (forms, JSON) into clean values with Chinese messages,
and the privacy rule of hardship data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db.models import TextChoices

from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.parsing import parse_date
from kesu.core.text import mask_name as text_mask_name

DEFAULT_ROLES = ("admin", "staff")

CASE_LABELS: dict[str, str] = {
    "org": "建档组织",
    "applicant": "申请人",
    "applicant_id_number": "申请人身份证号",
    "household_size": "家庭人口",
    "income_per_head": "家庭月人均收入",
    "cause": "致困原因",
    "tier": "困难类别",
    "is_temporary": "临时档案",
    "filed_on": "建档日期",
    "phone": "联系电话",
    "address": "家庭住址",
    "notes": "困难情况说明",
    "status": "状态",
    "reason": "原因",
    "on": "日期",
    "household": "家庭成员",
}
ASSISTANCE_LABELS: dict[str, str] = {
    "org": "实施组织",
    "kind": "帮扶类型",
    "date": "日期",
    "amount": "金额",
    "goods": "物资",
    "goods_value": "物资折价",
    "recipient_kind": "对象类型",
    "recipients": "对象数",
    "group_name": "群体名称",
    "case": "困难档案",
    "member": "职工",
    "employer": "企业",
    "campaign": "所属活动",
    "funding_source": "资金来源",
    "description": "说明",
    "student_name": "学生姓名",
    "school": "录取学校",
    "admission_level": "录取层次",
    "reason": "撤销原因",
}


class HardshipError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def hardship_roles() -> tuple[str, ...]:
    return tuple(getattr(settings, "KESU_HARDSHIP_ROLES", DEFAULT_ROLES))


def can_see_details(user: Actor) -> bool:
    """Whether `user` may open files and see incomes, ID numbers and phones of households
    (the roles in KESU_HARDSHIP_ROLES). Others with view rights see masked lists only."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (user.org_id is not None and user.role in hardship_roles())


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳小明 -> 欧***: enough to recognise a row, not to identify a person."""
    return text_mask_name(name, keep_last=False)


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def required_text(value: Any, label: str, limit: int) -> str:
    raw = text(value)
    if not raw:
        raise ValueError(f"请填写{label}")
    if len(raw) > limit:
        raise ValueError(f"{label}过长（最多{limit}个字）")
    return raw


def money(value: Any, label: str, *, required: bool = True) -> Decimal | None:
    """A non-negative amount in 元 with at most two decimals."""
    raw = text(value).replace(",", "").replace("，", "").removesuffix("元")
    if not raw:
        if required:
            raise ValueError(f"请填写{label}")
        return None
    if isinstance(value, float):
        raw = repr(value)
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"{label}“{text(value)}”不是有效的金额") from None
    if not amount.is_finite():
        raise ValueError(f"{label}“{text(value)}”不是有效的金额")
    if amount < 0:
        raise ValueError(f"{label}不能为负数（填写的是 {amount}）")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{label}最多保留两位小数")
    if amount >= Decimal("1e10"):
        raise ValueError(f"{label}过大")
    return amount.quantize(Decimal("0.01"))


def integer(value: Any, label: str, *, minimum: int = 0, maximum: int = 10**7) -> int:
    raw = text(value)
    if not raw:
        raise ValueError(f"请填写{label}")
    try:
        number = int(raw)
    except ValueError:
        raise ValueError(f"{label}应为整数（填写的是“{raw}”）") from None
    if number < minimum or number > maximum:
        raise ValueError(f"{label}应在 {minimum} 到 {maximum} 之间（填写的是 {number}）")
    return number


def date(value: Any, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValueError(f"请填写{label}")
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValueError(f"{label}：{exc}") from None


def choice(value: Any, codes: type[TextChoices], label: str, *, required: bool = True) -> str:
    raw = text(value)
    if not raw:
        if required:
            raise ValueError(f"请选择{label}")
        return ""
    for code, name in codes.choices:
        if raw in (code, str(name)):
            return code
    allowed = "、".join(f"{code}（{name}）" for code, name in codes.choices)
    raise ValueError(f"{label}“{raw}”无效，可选：{allowed}")


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return text(value).lower() in ("1", "true", "yes", "on", "是", "y")


def collect_valid(data: dict[str, Any], parsers: dict[str, Any]) -> dict[str, Any]:
    """`collect` of every field, refused with all the fields' messages at once."""
    clean, errors = collect(data, parsers, partial=False)
    if errors:
        raise HardshipError(errors)
    return clean


def collect(data: dict[str, Any], parsers: dict[str, Any], *, partial: bool) -> tuple[dict, dict]:
    """Run `parsers[field](value)` for each field (only those present when `partial`)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, parse in parsers.items():
        if partial and field not in data:
            continue
        try:
            clean[field] = parse(data.get(field))
        except ValueError as exc:
            errors[field] = str(exc)
    return clean, errors
