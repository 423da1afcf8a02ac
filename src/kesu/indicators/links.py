"""Where a figure's evidence lives: the links dashboards, summaries and reports put on it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote_plus, urlencode


def scope_query(org_code: str, start: dt.date, end: dt.date, **extra: str) -> str:
    # Built by hand: a province dashboard puts one on each of hundreds of points.
    query = f"org={quote_plus(org_code)}&from={start.isoformat()}&to={end.isoformat()}"
    return f"{query}&{urlencode(extra)}" if extra else query


def evidence_url(code: str, org_code: str, start: dt.date, end: dt.date) -> str:
    """The page listing the records indicator `code` counts for a subtree and period."""
    return f"/indicators/{code}/evidence/?{scope_query(org_code, start, end)}"


def breakdown_url(code: str, org_code: str, start: dt.date, end: dt.date, by: str) -> str:
    return f"/indicators/{code}/breakdown/?{scope_query(org_code, start, end, by=by)}"
