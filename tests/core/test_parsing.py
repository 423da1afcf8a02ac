"""One parser per kind of value, the same spellings everywhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import models

from kesu.core.parsing import (
    codes,
    lenient,
    parse_choice,
    parse_date,
    parse_datetime,
    parse_field,
    parse_money,
    parse_year,
)


class Colour(models.TextChoices):
    RED = "red", "红色"
    BLUE = "blue", "蓝色"


@pytest.mark.parametrize(
    "raw",
    [
        "2019-03-01",
        "2019/3/1",
        "2019.03.01",
        "2019年3月1日",
        "2019年3月1号",
        "20190301",
        "2019-03-01T08:00:00",
        43525,
        43525.0,
        dt.date(2019, 3, 1),
        dt.datetime(2019, 3, 1, 8),  # noqa: DTZ001
    ],
)
def test_every_spelling_of_a_day(raw):
    assert parse_date(raw) == dt.date(2019, 3, 1)


@pytest.mark.parametrize("raw", ["2019年3月", "2019-03", "2019.3", "201903"])
def test_a_month_alone_is_its_first_day(raw):
    assert parse_date(raw) == dt.date(2019, 3, 1)


@pytest.mark.parametrize("raw", ["明天", "2019-13-01", "2019-02-30", "19-3-1"])
def test_bad_days_are_refused_in_chinese(raw):
    with pytest.raises(ValueError, match="日期"):
        parse_date(raw)


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_blank_is_none(raw):
    assert parse_date(raw) is None and parse_datetime(raw) is None
    assert parse_year(raw) is None and parse_money(raw) is None
    assert parse_choice(raw, Colour) is None


@pytest.mark.parametrize(
    "raw",
    [
        "2026-05-01 09:30",
        "2026-05-01T09:30",
        "2026-05-01T09:30:00",
        "2026/5/1 9:30",
        "2026年5月1日 9时30分",
        "2026年5月1日9:30",
    ],
)
def test_every_spelling_of_a_moment_is_local_and_aware(raw):
    moment = parse_datetime(raw)
    assert moment.tzinfo is not None
    assert (moment.date(), moment.hour, moment.minute) == (dt.date(2026, 5, 1), 9, 30)
    assert moment.utcoffset() == dt.timedelta(hours=8)


def test_a_day_alone_takes_the_default_time():
    assert parse_datetime("2026-05-01", default_time=dt.time(9)).hour == 9
    assert parse_datetime("2026年5月1日").hour == 0


def test_bad_time_refused():
    with pytest.raises(ValueError, match="时间"):
        parse_datetime("2026-05-01 25:00")


def test_years_and_money():
    assert parse_year("2026年") == 2026 and parse_year(2026.0) == 2026
    with pytest.raises(ValueError, match="2000至2100"):
        parse_year("1999", low=2000, high=2100)
    assert parse_money("1,234.5元") == Decimal("1234.50")
    assert parse_money("12.5万") == Decimal("125000.00")
    assert parse_money("¥3") == Decimal("3.00")
    for bad in ("-1", "abc", "1.234", "NaN"):
        with pytest.raises(ValueError, match="金额"):
            parse_money(bad)


def test_choices_by_code_label_or_word():
    assert parse_choice("red", Colour) == "red"
    assert parse_choice("蓝色", Colour) == "blue"
    assert parse_choice("Red", Colour, words={"red": "red"}) == "red"
    with pytest.raises(ValueError, match="可选：红色、蓝色"):
        parse_choice("绿色", Colour)
    assert codes("红色、blue，红色", Colour) == ["red", "blue"]


def test_adapters():
    errors: dict[str, str] = {}
    assert parse_field(errors, "day", parse_date, "2026-01-02") == dt.date(2026, 1, 2)
    assert parse_field(errors, "when", parse_date, "明天") is None
    assert parse_field(errors, "need", parse_date, "", required=True) is None
    assert set(errors) == {"when", "need"} and errors["need"] == "此项为必填项"
    assert lenient(parse_year, "abc") is None and lenient(parse_year, "2026") == 2026
