"""The figures of a work summary: each read from the indicator registry for the scope, kept
with its indicator code and evidence link, followed where the plan or last year's records
allow by its share of the year's target and its change on last year (同比).

No hole, ever: a figure that is not registered or whose computation fails raises
MissingFigure naming the indicator and the sentence it was meant for.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.indicators import compare, registry, selectors
from kesu.indicators.links import evidence_url, scope_query
from kesu.indicators.registry import Number
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.reports.numbers import fmt
from kesu.reports.work_areas import YEAR_ON_YEAR

FIGURE = re.compile(r"\{([a-z0-9_]+\.[a-z0-9_]+)\}")


class MissingFigure(ServiceError):
    """A sentence needs a figure the registry cannot give for the scope (`indicator`)."""

    code = "missing_figure"
    status = 422

    def __init__(self, indicator: str, sentence: str, reason: str = "") -> None:
        detail = f"（{reason}）" if reason else ""
        super().__init__(f"指标 {indicator} 缺失{detail}，无法生成语句：{sentence}")
        self.indicator, self.sentence, self.reason = indicator, sentence, reason


@dataclass(frozen=True)
class SummaryFigure:
    code: str  # the indicator code: the preview links it to its evidence
    value: Number
    unit: str
    text: str  # as written in the document ("6532份" or "6500多份")
    url: str = ""  # the evidence of this figure


Segment = tuple[str, SummaryFigure | None]


def readable(template: str) -> str:
    return FIGURE.sub(lambda m: f"【{m.group(1)}】", template)


@dataclass
class Figures:
    """Indicator values for one scope, fetched on first use and cached."""

    user: Actor
    org: Organization
    start: dt.date
    end: dt.date
    style: str
    cache: dict[str, SummaryFigure] = field(default_factory=dict)
    targets: dict[str, Any] | None = None

    def target(self, code: str) -> Any:
        """The organisation's plan target for `code` in the range's year (None if none)."""
        if self.start.year != self.end.year:
            return None
        if self.targets is None:
            from kesu.plans.models import Target

            rows = Target.objects.filter(plan__org=self.org, plan__year=self.end.year)
            self.targets = {t.indicator: t.value for t in rows if t.value}
        return self.targets.get(code)

    def _value(self, code: str, sentence: str, start: dt.date, end: dt.date) -> Number:
        try:
            registry.get(code)
        except KeyError:
            raise MissingFigure(code, sentence, "指标未登记") from None
        try:
            (value,) = selectors.indicator_values(
                user=self.user, org=self.org, start=start, end=end, codes=[code]
            )
        except (access.NotFound, access.Forbidden):
            raise
        except Exception as exc:  # a failed computation must never become a hole
            raise MissingFigure(code, sentence, "计算失败") from exc
        if value.value is None:
            raise MissingFigure(code, sentence, "无数值")
        return value.value

    def get(self, code: str, sentence: str) -> SummaryFigure:
        if code not in self.cache:
            value = self._value(code, sentence, self.start, self.end)
            unit = registry.get(code).unit
            url = evidence_url(code, self.org.code, self.start, self.end)
            self.cache[code] = SummaryFigure(code, value, unit, fmt(value, unit, self.style), url)
        return self.cache[code]

    def change(self, figure: SummaryFigure, sentence: str) -> list[Segment]:
        """ "，同比增长12.5%" when the same range last year has records for the figure."""
        if figure.code not in YEAR_ON_YEAR:
            return []
        start, end = compare.previous_range(self.start, self.end)
        percent = compare.change_percent(
            figure.value, self._value(figure.code, sentence, start, end)
        )
        text = compare.change_text(percent)
        if not text:
            return []
        url = evidence_url(figure.code, self.org.code, start, end)
        return [("，", None), (text, SummaryFigure(figure.code, percent or 0, "%", text, url))]

    def share(self, figure: SummaryFigure) -> list[Segment]:
        """ "，占年任务4317份的122.3%" when the plan has a target for the figure's indicator."""
        target = self.target(figure.code)
        if target is None:
            return []
        pct = (Decimal(figure.value) * 100 / Decimal(target)).quantize(Decimal("0.1"), ROUND_DOWN)
        url = f"/plans/?{scope_query(self.org.code, self.start, self.end)}"
        share = SummaryFigure(figure.code, pct, "%", f"{pct}%", url)
        if self.style == "approx":
            return [("，占年任务的", None), (share.text, share)]
        goal = SummaryFigure(figure.code, target, figure.unit, fmt(target, figure.unit), url)
        return [("，占年任务", None), (goal.text, goal), ("的", None), (share.text, share)]


def clause(figures: Figures, template: str) -> list[Segment] | None:
    """The clause as segments with its figures written (each followed by its share of the
    target and its change on last year), or None when all its figures are 0. A template
    without figures is a lead ("开展春节送温暖活动") kept only beside figures."""
    codes = FIGURE.findall(template)
    sentence = readable(template)
    found = [figures.get(code, sentence) for code in codes]
    if found and all(f.value == 0 for f in found):
        return None
    segments: list[Segment] = []
    pieces = FIGURE.split(template)  # text, code, text, code, …, text
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            if piece:
                segments.append((piece, None))
            continue
        figure = found[i // 2]
        segments.append((figure.text, figure))
        segments.extend(figures.share(figure))
        segments.extend(figures.change(figure, sentence))
    return segments


def point(figures: Figures, templates: tuple[str, ...]) -> list[Segment] | None:
    """A point's clauses joined by "，"; None when no clause with a figure is left."""
    parts = [(t, c) for t in templates if (c := clause(figures, t)) is not None]
    if not any(FIGURE.search(t) for t, _ in parts):
        return None
    segments: list[Segment] = []
    for n, (_template, part) in enumerate(parts):
        segments.extend([("，", None)] if n else [])
        segments.extend(part)
    return segments
