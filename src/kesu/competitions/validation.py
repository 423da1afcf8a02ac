"""Validation of competitions, entries, library records and culture events: loosely typed
input in, clean values and Chinese messages naming the field out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kesu.competitions.models import CompetitionKind, CultureKind, Level, LibraryRecognition
from kesu.core.errors import ServiceError
from kesu.employers.validation import (
    decimal,
    default_int,
    flag,
    optional_choice,
    year,
)
from kesu.resources.validation import Cleaner, choice, clean_fields, count, date, text

LABELS: dict[str, str] = {
    "org": "主办工会",
    "kind": "类型",
    "title": "名称",
    "level": "级别",
    "start_on": "开始日期",
    "end_on": "结束日期",
    "place": "地点",
    "employers": "参赛企业",
    "extra_participants": "其他参赛人数",
    "notes": "备注",
    "member": "会员",
    "name": "姓名",
    "employer": "单位",
    "score": "成绩",
    "rank": "名次",
    "result": "获奖情况",
    "sent_on": "推荐参加上级比赛",
    "venue": "职工书屋",
    "year": "年度",
    "books": "藏书",
    "new_books": "新增图书",
    "borrowings": "借阅人次",
    "is_new": "本年新建",
    "recognition": "示范点级别",
    "teams": "参赛队伍",
    "participants": "参加人数",
    "results": "比赛结果",
}


class CompetitionError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def _level(value: Any, label: str) -> str:
    return choice(Level)(value or Level.DISTRICT, label)


COMPETITION_SPEC: dict[str, Cleaner] = {
    "kind": choice(CompetitionKind),
    "title": text(200, required=True),
    "level": _level,
    "start_on": date(required=True),
    "end_on": date(required=True),
    "place": text(200),
    "extra_participants": default_int,
    "notes": text(2000),
}
ENTRY_SPEC: dict[str, Cleaner] = {
    "name": text(60, name=True),
    "score": decimal(2, maximum=Decimal("999999")),
    "rank": count,
    "result": text(100),
    "sent_on": flag(False),
}
LIBRARY_SPEC: dict[str, Cleaner] = {
    "year": year,
    "books": default_int,
    "new_books": default_int,
    "borrowings": count,
    "is_new": flag(False),
    "recognition": optional_choice(LibraryRecognition),
    "notes": text(200),
}
CULTURE_SPEC: dict[str, Cleaner] = {
    "kind": choice(CultureKind),
    "title": text(200, required=True),
    "start_on": date(required=True),
    "end_on": date(required=True),
    "teams": default_int,
    "participants": default_int,
    "results": text(2000),
}


def _dates(clean: dict[str, Any], errors: dict[str, str]) -> None:
    start, end = clean.get("start_on"), clean.get("end_on")
    if start and end and end < start:
        errors["end_on"] = "结束日期不能早于开始日期"


def clean_competition(raw: dict[str, Any], *, partial: bool = False):
    clean, errors = clean_fields(COMPETITION_SPEC, raw, partial, LABELS)
    _dates(clean, errors)
    return clean, errors


def clean_entry(raw: dict[str, Any]):
    return clean_fields(ENTRY_SPEC, raw, False, LABELS)


def clean_library(raw: dict[str, Any]):
    clean, errors = clean_fields(LIBRARY_SPEC, raw, False, LABELS)
    if not errors and clean["new_books"] > clean["books"] > 0:
        errors["new_books"] = "新增图书不能多于藏书总数"
    return clean, errors


def clean_culture(raw: dict[str, Any], *, partial: bool = False):
    clean, errors = clean_fields(CULTURE_SPEC, raw, partial, LABELS)
    _dates(clean, errors)
    return clean, errors
