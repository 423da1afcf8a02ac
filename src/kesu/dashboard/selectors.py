"""The dashboard (数据看板): every panel is read from the indicator registry for one
organisation subtree and period, through the same selectors as the indicator pages, so a
chart and the evidence list behind each of its points can never disagree. Each headline
carries its change on the same range last year (同比) where that range has records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kesu.core import oneview
from kesu.core.actors import Actor
from kesu.indicators import compare, registry, selectors
from kesu.indicators.links import breakdown_url, evidence_url
from kesu.indicators.registry import Indicator, Number
from kesu.orgs.models import Organization
from kesu.plans.selectors import TargetProgress, plan_progress

# Headline figures, in display order; codes not registered (a module not installed) are
# skipped, never shown empty.
HEADLINES = (
    "activities.count",
    "activities.person_times",
    "activities.materials",
    "training.person_times",
    "training.hours",
    "contest.participants",
    "assessment.participants",
    "members.count",
    "venues.count",
    "assistance.amount",
    "medical_mutual.shares",
)
TREND_CODES = ("activities.count", "activities.person_times")
COMPOSITION = (("activities.count", "kind"), ("activities.count", "outreach"))
RANKING_CODES = ("activities.person_times", "activities.count", "training.person_times")
LITERACY_CODE = "assessment.literate_share"


@dataclass(frozen=True)
class Point:
    key: str
    label: str
    value: Number
    url: str = ""  # the evidence of this point ("" when it has no own list)
    unit: str = ""
    change: str = ""  # on the same range last year ("同比增长12.5%"; "" without records then)


@dataclass(frozen=True)
class Series:
    code: str
    name: str
    unit: str
    points: list[Point]


@dataclass(frozen=True)
class Panel:
    title: str
    kind: str  # line | bar | pie
    series: list[Series]

    @property
    def labels(self) -> list[str]:
        return [p.label for p in self.series[0].points] if self.series else []

    @property
    def rows(self) -> list[tuple[str, list[Point]]]:
        """Table view: one row per label, one cell per series."""
        return [(label, [s.points[i] for s in self.series]) for i, label in enumerate(self.labels)]

    def chart(self) -> dict[str, Any]:
        """What dashboard.js needs to draw the panel (numbers as floats for ECharts)."""
        # A ranking is drawn for its lead indicator only (units differ); the table has all.
        shown = self.series[:1] if self.kind == "bar" else self.series
        return {
            "kind": self.kind,
            "labels": self.labels,
            "series": [
                {
                    "name": f"{s.name}（{s.unit}）",
                    "unit": s.unit,
                    "data": [float(p.value or 0) for p in s.points],
                    "urls": [p.url for p in s.points],
                }
                for s in shown
            ],
        }


@dataclass(frozen=True)
class Literacy:
    value: Number
    assessed: Number  # members assessed in the period; 0 means no share to show
    url: str
    national: list[tuple[str, Decimal]]  # (label, percent)
    targets: list[tuple[str, Decimal]]


@dataclass
class Dashboard:
    org: Organization
    start: dt.date
    end: dt.date
    headlines: list[Point] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    literacy: Literacy | None = None
    plan: list[TargetProgress] = field(default_factory=list)


def _months(start: dt.date, end: dt.date) -> list[str]:
    keys, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _month_range(key: str, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    year, month = (int(p) for p in key.split("-"))
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return max(first, start), min(nxt - dt.timedelta(days=1), end)


def _breakdowns(
    user: Actor, codes: tuple[str, ...], org: Organization, start: dt.date, end: dt.date, by: str
) -> Iterator[tuple[Indicator, list]]:
    """(indicator, its breakdown rows by `by`) for each of `codes` that is registered."""
    for code in (c for c in codes if registry.is_registered(c)):
        rows = selectors.indicator_breakdown(
            user=user, code=code, org=org, start=start, end=end, by=by
        )
        yield registry.get(code), rows


def _trend(user: Actor, org: Organization, start: dt.date, end: dt.date) -> Panel | None:
    series = []
    for ind, rows in _breakdowns(user, TREND_CODES, org, start, end, "month"):
        code = ind.code
        by_key = {r.key: r.value for r in rows}
        points = []
        for key in _months(start, end):
            first, last = _month_range(key, start, end)
            points.append(
                Point(
                    key,
                    f"{int(key[5:])}月",
                    by_key.get(key, 0),
                    evidence_url(code, org.code, first, last),
                )
            )
        series.append(Series(code, ind.name, ind.unit, points))
    return Panel("逐月趋势", "line", series) if series else None


def _composition(user: Actor, org: Organization, start: dt.date, end: dt.date) -> list[Panel]:
    panels = []
    for code, by in COMPOSITION:
        if not registry.is_registered(code):
            continue
        ind = registry.get(code)
        dim = ind.dimension(by)
        if dim is None:
            continue
        rows = selectors.indicator_breakdown(
            user=user, code=code, org=org, start=start, end=end, by=by
        )
        url = breakdown_url(code, org.code, start, end, by)
        points = [Point(r.key, r.label, r.value, url) for r in rows if r.value]
        panels.append(
            Panel(
                f"{ind.name}构成（按{dim.name}）", "pie", [Series(code, ind.name, ind.unit, points)]
            )
        )
    return panels


def _topics(user: Actor, org: Organization, start: dt.date, end: dt.date) -> Panel | None:
    """Activities by topic (multi-valued, so not a registry dimension): each slice links to
    the activity list filtered by that topic."""
    from kesu.activities.selectors import topic_counts

    rows = topic_counts(user=user, org=org, start=start, end=end)
    points = [
        Point(
            code,
            name,
            n,
            f"/activities/?org={org.code}&topic={code}"
            f"&date_from={start.isoformat()}&date_to={end.isoformat()}",
        )
        for code, name, n in rows
        if n
    ]
    if not points:
        return None
    return Panel(
        "科普活动构成（按主题，一场活动可有多个主题）",
        "pie",
        [Series("activities.count", "科普活动", "场", points)],
    )


def _ranking(user: Actor, org: Organization, start: dt.date, end: dt.date) -> Panel | None:
    series = []
    for ind, breakdown in _breakdowns(user, RANKING_CODES, org, start, end, "org"):
        rows = breakdown[1:]  # children only: the first row is the organisation itself (本级)
        if not rows:
            return None
        series.append((ind, rows))
    if not series:
        return None
    # Children ranked by the first indicator; the others follow the same order.
    lead = sorted(series[0][1], key=lambda r: (-(r.value or 0), r.key))
    order = [r.key for r in lead]
    out = []
    for ind, rows in series:
        by_key = {r.key: r for r in rows}
        points = []
        for key in order:
            row = by_key[key]
            points.append(Point(key, row.label, row.value, evidence_url(ind.code, key, start, end)))
        out.append(Series(ind.code, ind.name, ind.unit, points))
    return Panel("下级组织排名", "bar", out)


def _literacy(user: Actor, org: Organization, start: dt.date, end: dt.date) -> Literacy | None:
    if not registry.is_registered(LITERACY_CODE):
        return None
    codes = [LITERACY_CODE, *(c for c in ["assessment.participants"] if registry.is_registered(c))]
    values = selectors.indicator_values(user=user, org=org, start=start, end=end, codes=codes)
    assessed = values[1].value if len(values) > 1 else 1
    national, targets = national_line()
    url = evidence_url(LITERACY_CODE, org.code, start, end)
    return Literacy(values[0].value, assessed, url, national, targets)


def national_line() -> tuple[list[tuple[str, Decimal]], list[tuple[str, Decimal]]]:
    """Published national 具备科学素质 shares and the 纲要 targets (kesu.assessment.national)."""
    from kesu.assessment.national import NATIONAL_SHARES, TARGETS

    shares = [(f"全国{year}年", value) for year, value, _source in NATIONAL_SHARES]
    targets = [(f"纲要目标：{year}年{text}", value) for year, text, value in TARGETS]
    return shares, targets


def dashboard_data(*, user: Actor, org: Organization, start: dt.date, end: dt.date) -> Dashboard:
    """All panels for `org`'s subtree from `start` to `end` (access checked by selectors)."""
    with oneview.one_view():
        return _dashboard(user=user, org=org, start=start, end=end)


def _dashboard(*, user: Actor, org: Organization, start: dt.date, end: dt.date) -> Dashboard:
    board = Dashboard(org=org, start=start, end=end)
    codes = [c for c in HEADLINES if registry.is_registered(c)]
    first, last = compare.previous_range(start, end)
    prior = {
        v.code: v.value
        for v in selectors.indicator_values(user=user, org=org, start=first, end=last, codes=codes)
    }
    for v in selectors.indicator_values(user=user, org=org, start=start, end=end, codes=codes):
        url = evidence_url(v.code, org.code, start, end)
        change = compare.change_text(compare.change_percent(v.value, prior[v.code]))
        board.headlines.append(Point(v.code, v.name, v.value, url, v.unit, change))
    board.panels = [
        p
        for p in (
            _trend(user, org, start, end),
            *_composition(user, org, start, end),
            _topics(user, org, start, end),
            _ranking(user, org, start, end),
        )
        if p is not None
    ]
    board.literacy = _literacy(user, org, start, end)
    board.plan = plan_progress(user=user, org=org, year=end.year)
    return board
