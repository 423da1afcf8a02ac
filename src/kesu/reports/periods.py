"""Reporting periods of a work summary: 年度, 上半年/下半年, 季度, 月度, or a custom range.

A narrative belongs to a period, not to the exact dates a page was opened with: the range
1 January–7 December is read as the 2026 year, so its draft is the one found again when the
page is opened for the whole year. `natural_period` names the smallest customary period
that contains a range; a range across two years stays a custom one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

YEAR, HALF, QUARTER, MONTH, CUSTOM = "year", "half", "quarter", "month", "custom"
KINDS = (
    (YEAR, "年度"),
    (HALF, "半年"),
    (QUARTER, "季度"),
    (MONTH, "月度"),
    (CUSTOM, "自定义期间"),
)
_QUARTERS = "一二三四"


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @property
    def name(self) -> str:
        """ "2026年度", "2026年上半年", "2026年第三季度", "2026年3月", or the exact range."""
        year = self.start.year
        if self.kind == YEAR:
            return f"{year}年度"
        if self.kind == HALF:
            return f"{year}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == QUARTER:
            return f"{year}年第{_QUARTERS[(self.start.month - 1) // 3]}季度"
        if self.kind == MONTH:
            return f"{year}年{self.start.month}月"
        return f"{chinese_date(self.start)}至{chinese_date(self.end)}"

    def contains(self, start: dt.date, end: dt.date) -> bool:
        return self.start <= start and end <= self.end


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def natural_period(start: dt.date, end: dt.date) -> Period:
    """The smallest customary period holding start…end (custom across years)."""
    if start.year != end.year:
        return Period(CUSTOM, start, end)
    year = start.year
    if start.month == end.month:
        return Period(MONTH, *_months(year, start.month, start.month))
    quarter = (start.month - 1) // 3
    if quarter == (end.month - 1) // 3:
        return Period(QUARTER, *_months(year, quarter * 3 + 1, quarter * 3 + 3))
    if (start.month <= 6) == (end.month <= 6):
        first = 1 if start.month <= 6 else 7
        return Period(HALF, *_months(year, first, first + 5))
    return Period(YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))
