"""Month calendar of activities: the list's filters and scope, laid out Monday-first by day."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kesu.activities import selectors
from kesu.activities.forms import ActivityFilterForm
from kesu.activities.models import Activity
from kesu.orgs import access
from kesu.web.views import querystring, web_view

MAX_SPAN_DAYS = 31  # a multi-day activity shows on at most this many days
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MIN_YEAR, MAX_YEAR = 1900, 2999


@dataclass
class Entry:
    activity: Activity
    first: bool  # the activity starts on this day (later days show as continued)


@dataclass
class Day:
    date: dt.date
    in_month: bool
    today: bool
    entries: list[Entry] = field(default_factory=list)


def parse_month(text: str) -> dt.date | None:
    """'YYYY-MM' → the first of that month, None when malformed or out of range."""
    match = MONTH_RE.match(text or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def shift_month(first: dt.date, delta: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + delta
    return dt.date(index // 12, index % 12 + 1, 1)


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _span(activity: Activity) -> list[dt.date]:
    """The local dates an activity covers, capped at MAX_SPAN_DAYS."""
    first = timezone.localtime(activity.start).date()
    last = max(first, timezone.localtime(activity.end).date())
    days = min((last - first).days + 1, MAX_SPAN_DAYS)
    return [first + dt.timedelta(days=i) for i in range(days)]


def month_weeks(first: dt.date, activities: Any, today: dt.date) -> list[list[Day]]:
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    days = {d: Day(d, d.month == first.month, d == today) for week in weeks for d in week}
    for activity in activities:
        for i, date in enumerate(_span(activity)):
            day = days.get(date)
            if day is not None and day.in_month:
                day.entries.append(Entry(activity, first=i == 0))
    return [[days[d] for d in week] for week in weeks]


@web_view(access.VIEW, methods=["GET"])
def activity_calendar(request):
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    first = parse_month(raw)
    notice = ""
    if first is None:
        if raw:
            notice = _("月份“%(month)s”无法识别，已显示本月。") % {"month": raw[:20]}
        first = today.replace(day=1)
    following = shift_month(first, 1)
    filters = selectors.ActivityFilters.from_mapping(request.GET)
    activities = (
        selectors.activity_list(user=request.user, filters=filters)
        .filter(start__lt=_midnight(following), end__gte=_midnight(first))
        .order_by("start", "id")
    )
    weeks = month_weeks(first, activities, today)
    query = querystring({name: getattr(filters, name) for name in filters.__dataclass_fields__})
    form_data = request.GET.copy()
    form_data.pop("month", None)
    context = {
        "month": first,
        "month_value": first.strftime("%Y-%m"),
        "previous": shift_month(first, -1).strftime("%Y-%m"),
        "next": following.strftime("%Y-%m"),
        "this_month": today.strftime("%Y-%m"),
        "query": query,
        "weeks": weeks,
        "shown": len({e.activity.pk for week in weeks for day in week for e in day.entries}),
        "notice": notice,
        "form": ActivityFilterForm(form_data, user=request.user),
        "can_change": access.can(request.user, access.CHANGE),
    }
    return render(request, "activities/activity_calendar.html", context)
