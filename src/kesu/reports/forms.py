"""The report range form: the same org / from / to as the indicator pages."""

from __future__ import annotations

from kesu.indicators.forms import RangeForm, default_range

__all__ = ["ReportForm", "default_range"]


class ReportForm(RangeForm):
    """Organisation (whole subtree, within the user's scope) and an inclusive date range."""
