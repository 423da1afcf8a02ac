"""The theme-day calendar: dates per year from each ThemeDay's rule, and its audited edits.

全国科普日 is "the third weekend of September": the third Saturday and the Sunday after it.
The third Saturday is always the Saturday of the third *full* weekend, since it falls on the
15th–21st and its Sunday stays in September (2023 → 9月16–17日, 2024 → 9月21–22日,
2025 → 9月20–21日). National organisers sometimes announce a longer week; edit the row.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from kesu.activities.models import ThemeDay
from kesu.audit.services import diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs import access

WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
YEAR_MIN, YEAR_MAX = 2000, 2100
EDITABLE = (
    "name",
    "rule",
    "month",
    "day",
    "nth",
    "weekday",
    "duration_days",
    "active",
    "sort_order",
    "description",
)


class ThemeDayError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


@dataclass(frozen=True)
class CalendarEntry:
    theme_day: ThemeDay
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _nth_weekday(year: int, month: int, nth: int, weekday: int) -> dt.date:
    days_in_month = calendar.monthrange(year, month)[1]
    if nth < 0:  # counted from the end of the month: -1 is the last
        last = dt.date(year, month, days_in_month)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def theme_day_dates(theme_day: ThemeDay, year: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of the theme day in `year`, both inclusive."""
    if theme_day.rule == ThemeDay.Rule.MONTH:
        last = calendar.monthrange(year, theme_day.month)[1]
        return dt.date(year, theme_day.month, 1), dt.date(year, theme_day.month, last)
    if theme_day.rule == ThemeDay.Rule.NTH_WEEKDAY:
        start = _nth_weekday(year, theme_day.month, theme_day.nth or 1, theme_day.weekday or 0)
    else:
        day = min(theme_day.day or 1, calendar.monthrange(year, theme_day.month)[1])
        start = dt.date(year, theme_day.month, day)  # 2月29日 falls back to 2月28日
    return start, start + dt.timedelta(days=max(theme_day.duration_days, 1) - 1)


def describe_rule(theme_day: ThemeDay) -> str:
    """The rule in words: "每年9月第3个星期六起，共2天"."""
    if theme_day.rule == ThemeDay.Rule.MONTH:
        return f"每年{theme_day.month}月整月"
    if theme_day.rule == ThemeDay.Rule.NTH_WEEKDAY:
        nth = "最后一" if (theme_day.nth or 1) < 0 else f"第{theme_day.nth}"
        text = f"每年{theme_day.month}月{nth}个{WEEKDAYS[theme_day.weekday or 0]}"
    else:
        text = f"每年{theme_day.month}月{theme_day.day}日"
    return text + (f"起，共{theme_day.duration_days}天" if theme_day.duration_days > 1 else "")


def calendar_for(year: int, *, include_inactive: bool = False) -> list[CalendarEntry]:
    """Every (active) theme day with its dates in `year`, in date order."""
    qs = ThemeDay.objects.all()
    if not include_inactive:
        qs = qs.filter(active=True)
    entries = [CalendarEntry(td, *theme_day_dates(td, year)) for td in qs]
    return sorted(entries, key=lambda e: (e.start, -e.days, e.theme_day.sort_order))


def calendar_by_month(entries: list[CalendarEntry]) -> list[tuple[int, list[CalendarEntry]]]:
    return [(m, [e for e in entries if e.start.month == m]) for m in range(1, 13)]


def can_edit_theme_days(user: Actor) -> bool:
    """The calendar is shared by every organisation: superusers and admins may edit it."""
    return bool(user.is_authenticated and (user.is_superuser or access.can(user, access.MANAGE)))


def validate_theme_day(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("name") or "").strip():
        errors["name"] = "请填写名称"
    month = data.get("month")
    if not isinstance(month, int) or not 1 <= month <= 12:
        errors["month"] = "月份应为1至12"
        return errors
    rule = data.get("rule")
    if rule == ThemeDay.Rule.FIXED:
        day = data.get("day")
        if day is None:
            errors["day"] = "固定日期需填写日"
        elif not isinstance(day, int) or not 1 <= day <= calendar.monthrange(2024, month)[1]:
            errors["day"] = f"{month}月没有这一天"
    elif rule == ThemeDay.Rule.NTH_WEEKDAY:
        if data.get("nth") not in (1, 2, 3, 4, -1):
            errors["nth"] = "第几个应为1至4，或-1表示最后一个"
        if data.get("weekday") not in range(7):
            errors["weekday"] = "请选择星期几"
    elif rule != ThemeDay.Rule.MONTH:
        errors["rule"] = "请选择日期规则"
    duration = data.get("duration_days")
    if not isinstance(duration, int) or not 1 <= duration <= 31:
        errors["duration_days"] = "持续天数应为1至31"
    return errors


def _snapshot(theme_day: ThemeDay) -> dict[str, Any]:
    return {field: getattr(theme_day, field) for field in EDITABLE}


def theme_day_update(
    *, actor: Actor, theme_day: ThemeDay, data: dict[str, Any], request: HttpRequest | None = None
) -> ThemeDay:
    """Change a theme day's name, rule or flags (keys absent from `data` stay as they are)."""
    if not can_edit_theme_days(actor):
        raise access.Forbidden()
    before = _snapshot(theme_day)
    merged = {**before, **{k: v for k, v in data.items() if k in EDITABLE}}
    if isinstance(merged.get("name"), str):
        merged["name"] = merged["name"].strip()
    errors = validate_theme_day(merged)
    if errors:
        raise ThemeDayError(errors)
    for field, value in merged.items():
        setattr(theme_day, field, value)
    with transaction.atomic():
        theme_day.save()
        changes = diff(before, _snapshot(theme_day))
        if changes:
            audit_object(
                actor, "themeday.update", theme_day, changes, request, target_type="theme_day"
            )
    return theme_day
