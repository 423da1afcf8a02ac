"""Check-in fixtures: an activity of HZ-A happening now, and a clean cache."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.utils import timezone

from kesu.activities.models import Activity
from kesu.checkin import tokens
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def make_activity(org, *, days: int = 0, **extra) -> Activity:
    # Under way now, about an hour each side, within today's local date (near midnight in
    # Beijing an hour either side would make it a two-day activity of two sessions).
    now = timezone.localtime()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = now.replace(hour=23, minute=59, second=59, microsecond=999999)
    start = max(now - dt.timedelta(hours=1), day_start)
    end = min(now + dt.timedelta(hours=1), day_end) + dt.timedelta(days=days)
    return Activity.objects.create(
        title=extra.pop("title", "职工安全生产科普讲座"),
        kind="lecture",
        start=start,
        end=end,
        org=org,
        place="西湖区职工服务中心",
        **extra,
    )


@pytest.fixture
def activity(tree):
    return make_activity(tree.a)


@pytest.fixture
def link(activity):
    token, _ = tokens.make_token(activity, 0)
    return f"/checkin/t/{token}/"


def xlsx(rows: list[list]) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "签到表.xlsx"
    return data
