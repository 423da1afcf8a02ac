"""Year-on-year comparison (同比): the same range one year earlier, and how the change is
written ("同比增长12.5%", "同比下降3.0%", "与上年持平"). A comparison is made only where the
earlier range has records (a value above 0); otherwise there is nothing to compare with."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from kesu.indicators.registry import Number


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def previous_range(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The same dates one year earlier (29 February becomes the 28th)."""
    return _year_before(start), _year_before(end)


def change_percent(current: Number, prior: Number | None) -> Decimal | None:
    """(current − prior) ÷ prior × 100 to one decimal, or None when there is no prior value."""
    if prior is None or prior <= 0 or current is None:
        return None
    change = (Decimal(str(current)) - Decimal(str(prior))) * 100 / Decimal(str(prior))
    return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def change_text(percent: Decimal | None) -> str:
    """How a summary or the dashboard writes the change ("" when there is none)."""
    if percent is None:
        return ""
    if percent > 0:
        return f"同比增长{percent}%"
    if percent < 0:
        return f"同比下降{-percent}%"
    return "与上年持平"
