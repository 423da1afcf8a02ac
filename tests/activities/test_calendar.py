"""Activity month calendar: scope and roles, local-time placement, spans, filters, month parsing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kesu.activities.views_calendar import parse_month, shift_month
from tests.activities.conftest import at, make_activity
from tests.conftest import login

pytestmark = pytest.mark.django_db

URL = reverse("activities:calendar")


def day_cell(page: str, day: str) -> str:
    """The HTML of one day's cell (up to the next cell or the end of the grid)."""
    match = re.search(rf'data-date="{day}">(.*?)</section>', page, re.S)
    assert match, day
    return match[1]


def test_calendar_is_scoped_and_needs_view_role(client, users, tree):
    make_activity(tree.a1g, title="西湖讲座", day="2026-03-10")
    make_activity(tree.bg, title="滨江讲座", day="2026-03-10")
    login(client, users.admin_b)
    page = client.get(URL, {"month": "2026-03"}).content.decode()
    assert "滨江讲座" in page and "西湖讲座" not in page
    login(client, users.admin_a)
    page = client.get(URL, {"month": "2026-03"}).content.decode()
    assert "西湖讲座" in page and "滨江讲座" not in page
    login(client, users.member_a)
    assert client.get(URL).status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_placement_uses_local_time(client, users, tree, settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    start = dt.datetime(2026, 3, 22, 16, 30, tzinfo=dt.UTC)  # 2026-03-23 00:30 in Shanghai
    make_activity(tree.a1g, title="午夜观星", start=start, end=start + dt.timedelta(hours=1))
    login(client, users.admin_a)
    page = client.get(URL, {"month": "2026-03"}).content.decode()
    assert "午夜观星" in day_cell(page, "2026-03-23") and "00:30" in day_cell(page, "2026-03-23")
    assert "午夜观星" not in day_cell(page, "2026-03-22")


def test_multi_day_activity_shows_on_each_day_with_a_cap(client, users, tree):
    make_activity(tree.a1g, title="科普周", start=at("2026-03-30", 9), end=at("2026-04-02", 17))
    make_activity(tree.a1g, title="长期展览", start=at("2026-01-01"), end=at("2026-12-31"))
    login(client, users.admin_a)
    march = client.get(URL, {"month": "2026-03"}).content.decode()
    assert "科普周" in day_cell(march, "2026-03-30") and "科普周" in day_cell(march, "2026-03-31")
    assert "09:00" in day_cell(march, "2026-03-30") and "续" in day_cell(march, "2026-03-31")
    assert "科普周" not in day_cell(march, "2026-03-29")
    april = client.get(URL, {"month": "2026-04"}).content.decode()
    assert "科普周" in day_cell(april, "2026-04-01") and "科普周" in day_cell(april, "2026-04-02")
    assert "科普周" not in day_cell(april, "2026-04-03")
    # Days outside the month stay empty (and muted), even when an activity spans them.
    assert "科普周" not in day_cell(april, "2026-03-31")
    assert "cal-day cal-out" in april
    # Capped at 31 days: January 1–31 only, nothing in March.
    january = client.get(URL, {"month": "2026-01"}).content.decode()
    assert "长期展览" in day_cell(january, "2026-01-31")
    assert "长期展览" not in march


def test_default_and_bad_month_fall_back_to_the_current_month(client, users, tree):
    today = timezone.localdate()
    make_activity(tree.a1g, title="今日讲座", day=today.isoformat())
    login(client, users.admin_a)
    page = client.get(URL).content.decode()
    assert "今日讲座" in page and "无法识别" not in page
    assert f'aria-current="date" data-date="{today.isoformat()}"' in page
    for bad in ("2026-13", "abc", "0000-01", "2026-3", "9999-12"):
        response = client.get(URL, {"month": bad})
        assert response.status_code == 200, bad
        page = response.content.decode()
        assert "无法识别，已显示本月" in page and "今日讲座" in page, bad


def test_filters_are_respected_and_kept_in_links(client, users, tree):
    make_activity(tree.a1g, title="健康讲座", day="2026-03-10", kind="lecture")
    make_activity(tree.a1g, title="科技展览", day="2026-03-11", kind="exhibition")
    make_activity(tree.a, title="区里讲座", day="2026-03-12", kind="lecture")
    login(client, users.admin_a)
    page = client.get(URL, {"month": "2026-03", "kind": "lecture", "org": "HZ-A-1"})
    page = page.content.decode()
    assert "健康讲座" in page and "科技展览" not in page and "区里讲座" not in page
    assert "?month=2026-02&amp;org=HZ-A-1&amp;kind=lecture" in page
    assert "?month=2026-04&amp;org=HZ-A-1&amp;kind=lecture" in page
    listing = client.get(reverse("activities:list"), {"kind": "lecture"}).content.decode()
    assert f'href="{URL}?kind=lecture"' in listing and "日历" in listing


def test_page_has_no_inline_style_or_script_and_constant_queries(client, users, tree):
    login(client, users.admin_a)
    make_activity(tree.a1g, title="讲座1", day="2026-03-10")
    with CaptureQueriesContext(connection) as few:
        page = client.get(URL, {"month": "2026-03"}).content.decode()
    for i in range(2, 12):
        make_activity(tree.a1g, title=f"讲座{i}", day=f"2026-03-{i + 10}")
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"month": "2026-03"})
    assert len(many) == len(few)
    assert "style=" not in page and "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "activities/calendar.css" in page


def test_month_helpers():
    assert parse_month("2026-03") == dt.date(2026, 3, 1)
    assert parse_month("2026-00") is None and parse_month("") is None
    assert shift_month(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert shift_month(dt.date(2026, 12, 1), 1) == dt.date(2027, 1, 1)
