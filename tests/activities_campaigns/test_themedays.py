"""Theme-day date rules and the seeded default calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.activities.campaigns import themedays
from kesu.activities.models import ThemeDay
from kesu.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("year", "start", "end"),
    [
        # The third Saturday of September and the Sunday after it; 2023 and 2024 match the
        # published opening days of 全国科普日 (9月16日, 9月21日).
        (2023, D(2023, 9, 16), D(2023, 9, 17)),
        (2024, D(2024, 9, 21), D(2024, 9, 22)),
        (2025, D(2025, 9, 20), D(2025, 9, 21)),
        (2026, D(2026, 9, 19), D(2026, 9, 20)),
        # 2029: September 1st is a Saturday, so the third weekend starts on the 15th.
        (2029, D(2029, 9, 15), D(2029, 9, 16)),
    ],
)
def test_kepu_day_is_the_third_weekend_of_september(year, start, end):
    assert themedays.theme_day_dates(ThemeDay.objects.get(code="kepu-day"), year) == (start, end)


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_fixed_dates(year):
    td = ThemeDay.objects.get(code="meteorological-day")
    assert themedays.theme_day_dates(td, year) == (D(year, 3, 23), D(year, 3, 23))


def test_whole_month():
    td = ThemeDay.objects.get(code="safety-month")
    assert themedays.theme_day_dates(td, 2024) == (D(2024, 6, 1), D(2024, 6, 30))
    march = ThemeDay.objects.get(code="kepu-month")
    assert themedays.theme_day_dates(march, 2025) == (D(2025, 3, 1), D(2025, 3, 31))


def test_week_rule():
    week = ThemeDay.objects.get(code="sci-tech-week")  # third Saturday of May, 7 days
    assert themedays.theme_day_dates(week, 2023) == (D(2023, 5, 20), D(2023, 5, 26))
    assert themedays.theme_day_dates(week, 2026) == (D(2026, 5, 16), D(2026, 5, 22))


def test_last_weekday_and_february_29():
    last_sat = ThemeDay(rule="nth_weekday", month=5, nth=-1, weekday=5, duration_days=1)
    assert themedays.theme_day_dates(last_sat, 2024) == (D(2024, 5, 25), D(2024, 5, 25))
    leap = ThemeDay(rule="fixed", month=2, day=29, duration_days=1)
    assert themedays.theme_day_dates(leap, 2025)[0] == D(2025, 2, 28)
    assert themedays.theme_day_dates(leap, 2024)[0] == D(2024, 2, 29)


def test_data_migration_seeded_the_defaults():
    names = set(ThemeDay.objects.values_list("name", flat=True))
    for expected in [
        "世界气象日",
        "世界地球日",
        "全国防灾减灾日",
        "全国科技活动周",
        "安全生产月",
        "全国科技工作者日",
        "世界环境日",
        "国际禁毒日",
        "全国节能宣传周",
        "全国科普日",
        "世界艾滋病日",
        "国家宪法日",
        "三八国际妇女节",
    ]:
        assert expected in names
    assert ThemeDay.objects.filter(active=True).count() >= 14


def test_calendar_for_is_in_date_order_and_skips_inactive():
    ThemeDay.objects.filter(code="aids-day").update(active=False)
    entries = themedays.calendar_for(2024)
    starts = [e.start for e in entries]
    assert starts == sorted(starts)
    assert "世界艾滋病日" not in {e.theme_day.name for e in entries}
    assert any(e.theme_day.name == "全国科普日" and e.start == D(2024, 9, 21) for e in entries)
    everything = themedays.calendar_for(2024, include_inactive=True)
    assert len(everything) == len(entries) + 1


def test_update_validates_and_audits(users):
    td = ThemeDay.objects.get(code="earth-day")
    with pytest.raises(themedays.ThemeDayError) as exc:
        themedays.theme_day_update(actor=users.root, theme_day=td, data={"month": 2, "day": 30})
    assert exc.value.errors == {"day": "2月没有这一天"}
    themedays.theme_day_update(actor=users.root, theme_day=td, data={"name": "地球日", "day": 23})
    td.refresh_from_db()
    assert (td.name, td.day) == ("地球日", 23)
    entry = AuditEntry.objects.get(action="themeday.update")
    assert entry.changes["name"] == ["世界地球日", "地球日"]


def test_only_admins_edit_the_calendar(users):
    td = ThemeDay.objects.get(code="earth-day")
    from kesu.orgs.access import Forbidden

    with pytest.raises(Forbidden):
        themedays.theme_day_update(actor=users.staff_a, theme_day=td, data={"name": "x"})
