"""Parsing and checking what people and clients send about courses and sessions; every
problem is answered in Chinese, keyed by field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from kesu.activities.validation import clean_topic_codes
from kesu.core.errors import ServiceError
from kesu.core.parsing import parse_date, parse_datetime, parse_field

LABELS = {
    "org": "主办组织",
    "title": "课程名称",
    "topics": "主题",
    "provider": "承办/合作单位",
    "experts": "授课专家",
    "teachers": "授课教师",
    "planned_hours": "计划学时",
    "target_groups": "面向人群",
    "is_teacher_training": "科普教师/宣讲员培训",
    "capacity": "名额",
    "enrol_deadline": "报名截止日期",
    "self_enrol": "允许会员自行报名",
    "description": "课程介绍",
    "pass_percent": "结业要求（出勤学时比例）",
    "quiz_paper": "结业测试试卷",
    "course": "培训课程",
    "number": "讲次",
    "start": "开始时间",
    "end": "结束时间",
    "place": "地点",
    "online_url": "线上链接",
    "hours": "记学时",
    "member": "会员",
    "file": "文件",
}

MAX_HOURS = Decimal("999.9")
MAX_SESSION_HOURS = Decimal("24.0")


class TrainingError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_hours(raw: Any, *, maximum: Decimal = MAX_HOURS) -> tuple[Decimal | None, str]:
    """Study hours (学时): a positive number with at most one decimal, e.g. 1.5."""
    if _blank(raw):
        return None, "请填写学时"
    if isinstance(raw, bool) or isinstance(raw, float):
        raw = str(raw)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        return None, "应为数字，如 1.5"
    if not value.is_finite():
        return None, "应为数字，如 1.5"
    if value <= 0:
        return None, "必须大于0"
    if value != value.quantize(Decimal("0.1")):
        return None, "最多保留一位小数"
    if value > maximum:
        return None, f"不能超过{maximum}"
    return value.quantize(Decimal("0.1")), ""


def parse_int(raw: Any, *, low: int, high: int) -> tuple[int | None, str]:
    if _blank(raw):
        return None, ""
    text = str(raw).strip()
    if isinstance(raw, bool) or not re.fullmatch(r"[+-]?\d+", text):
        return None, "应为整数"
    value = int(text)
    if not low <= value <= high:
        return None, f"应在{low}到{high}之间"
    return value, ""


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return str(raw or "").strip().lower() in ("1", "true", "yes", "on", "是")


_TEXT = {"title": 200, "provider": 200, "teachers": 200, "description": None}


def clean_course_data(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Model values of a course (without org, experts, quiz_paper: resolved by services)."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def has(key: str) -> bool:
        return not partial or key in data

    for key, limit in _TEXT.items():
        if has(key):
            text = str(data.get(key) or "").strip()
            if limit and len(text) > limit:
                errors[key] = f"最多{limit}个字"
            clean[key] = text
    if has("title") and not clean.get("title") and "title" not in errors:
        errors["title"] = "请填写课程名称"
    if has("planned_hours"):
        value, msg = parse_hours(data.get("planned_hours"))
        if msg:
            errors["planned_hours"] = msg
        clean["planned_hours"] = value
    clean_topic_codes(data, has, clean, errors)
    if has("capacity"):
        value, msg = parse_int(data.get("capacity"), low=1, high=100_000)
        if msg:
            errors["capacity"] = msg
        clean["capacity"] = value
    if has("pass_percent"):
        value, msg = parse_int(data.get("pass_percent"), low=1, high=100)
        if msg:
            errors["pass_percent"] = msg
        clean["pass_percent"] = 80 if value is None else value
    if has("enrol_deadline"):
        clean["enrol_deadline"] = parse_field(
            errors, "enrol_deadline", parse_date, data.get("enrol_deadline")
        )
    for key in ("is_teacher_training", "self_enrol"):
        if key in data:  # absent: the model's default
            clean[key] = parse_bool(data.get(key))
    if errors:
        raise TrainingError(errors)
    return clean


def _hours_text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def clean_session_data(data: dict[str, Any], *, number: int) -> dict[str, Any]:
    """Model values of a session; the credited hours must fit in its time span."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in ("start", "end"):
        clean[key] = parse_field(errors, key, parse_datetime, data.get(key), required=True)
    hours, msg = parse_hours(data.get("hours"), maximum=MAX_SESSION_HOURS)
    if msg:
        errors["hours"] = msg
    clean["hours"] = hours
    place = str(data.get("place") or "").strip()
    url = str(data.get("online_url") or "").strip()
    if len(place) > 200:
        errors["place"] = "最多200个字"
    if url and not re.fullmatch(r"https?://\S{3,290}", url):
        errors["online_url"] = "应为 http:// 或 https:// 开头的网址"
    if not place and not url and "place" not in errors:
        errors["place"] = "请填写地点或线上链接"
    clean["place"], clean["online_url"] = place, url
    start, end = clean["start"], clean["end"]
    if start and end:
        if end <= start:
            errors["end"] = "结束时间必须晚于开始时间"
        elif timezone.localtime(start).date() != timezone.localtime(end).date():
            errors["end"] = "每讲须在同一天内开始和结束；跨天的课程请分为多讲"
        elif hours is not None:
            span = Decimal((end - start).total_seconds()) / Decimal(3600)
            if hours > span:
                errors["hours"] = (
                    f"第{number}讲时长{_hours_text(span.quantize(Decimal('0.01')))}小时，"
                    f"不能记{_hours_text(hours)}学时"
                )
    if errors:
        raise TrainingError(errors)
    return clean
