"""Parsing and checking of achievement and honour input (forms and API alike), with
Chinese messages per field. Nothing here touches the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kesu.achievements.choices import AchievementKind, HonourKind, Level
from kesu.core.errors import ServiceError
from kesu.core.parsing import parse_choice, parse_date, parse_field

ACHIEVEMENT_LABELS = {
    "org": "所属组织",
    "kind": "成果类型",
    "title": "成果名称",
    "achieved_on": "取得日期",
    "level": "级别",
    "members": "完成人",
    "description": "简介",
    "decision": "审核结论",
    "note": "审核意见",
    "file": "证明材料",
}
HONOUR_LABELS = {
    "org": "所属组织",
    "kind": "荣誉类型",
    "title": "荣誉名称",
    "level": "级别",
    "year": "年度",
    "members": "获奖会员",
    "team_name": "获奖集体",
    "awarding_body": "授予单位",
    "notes": "备注",
}


class AchievementError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def _text(data: dict, key: str, errors: dict, *, required: bool, max_length: int) -> str | None:
    if key not in data:
        return None
    value = str(data.get(key) or "").strip()
    if required and not value:
        errors[key] = "此项为必填项"
    elif len(value) > max_length:
        errors[key] = f"最多{max_length}个字符"
    return value


def _choice(data: dict, key: str, errors: dict, choices: Any) -> str | None:
    if key not in data:
        return None
    return parse_field(errors, key, parse_choice, data.get(key), required=True, choices=choices)


def _date(data: dict, key: str, errors: dict) -> dt.date | None:
    if key not in data:
        return None
    parsed = parse_field(errors, key, parse_date, data.get(key), required=True)
    if parsed and parsed > timezone.localdate():
        errors[key] = "不能晚于今天"
    return parsed


def _check_required(clean: dict, errors: dict, required: tuple[str, ...], partial: bool) -> None:
    if partial:
        return
    for key in required:
        if key not in clean and key not in errors:
            errors[key] = "此项为必填项"


def clean_achievement(data: dict[str, Any], *, partial: bool = False) -> tuple[dict, dict]:
    """(clean values, errors) for the fields present in `data` (all required ones unless
    `partial`). `members` is left to the service: it needs the actor's scope."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    values = {
        "kind": _choice(data, "kind", errors, AchievementKind),
        "level": _choice(data, "level", errors, Level),
        "title": _text(data, "title", errors, required=True, max_length=200),
        "achieved_on": _date(data, "achieved_on", errors),
        "description": _text(data, "description", errors, required=False, max_length=5000),
    }
    clean = {k: v for k, v in values.items() if v is not None and k not in errors}
    _check_required(clean, errors, ("kind", "level", "title", "achieved_on"), partial)
    return clean, errors


def clean_honour(data: dict[str, Any], *, partial: bool = False) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {
        "kind": _choice(data, "kind", errors, HonourKind),
        "level": _choice(data, "level", errors, Level),
        "title": _text(data, "title", errors, required=False, max_length=200),
        "team_name": _text(data, "team_name", errors, required=False, max_length=200),
        "awarding_body": _text(data, "awarding_body", errors, required=True, max_length=200),
        "notes": _text(data, "notes", errors, required=False, max_length=5000),
    }
    if "year" in data:
        try:
            year = int(str(data.get("year") or "").strip())
        except ValueError:
            errors["year"] = (
                "应为四位年份" if data.get("year") not in (None, "") else "此项为必填项"
            )
        else:
            if not 1950 <= year <= timezone.localdate().year:
                errors["year"] = f"年份应在1950至{timezone.localdate().year}之间"
            values["year"] = year
    clean = {k: v for k, v in values.items() if v is not None and k not in errors}
    _check_required(clean, errors, ("kind", "level", "year", "awarding_body"), partial)
    return clean, errors
