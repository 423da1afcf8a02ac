"""Local calendar days as instants."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From local midnight of `first` to local midnight after `last`. Filtering a timestamp
    with `>= lo` and `< hi` selects exactly what `__date__range=(first, last)` selects in the
    current time zone, without converting every row's time (so an index can serve it)."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return lo, hi


def during(field: str, first: dt.date, last: dt.date) -> dict[str, dt.datetime]:
    """Filter keywords for `field` (a timestamp path) within the local days first…last."""
    lo, hi = day_bounds(first, last)
    return {f"{field}__gte": lo, f"{field}__lt": hi}
