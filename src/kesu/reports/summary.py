"""The work summary (工作总结) generator: structure, figures and the .docx export.

build_summary() assembles the customary shape (DOMAIN.md): title, opening paragraph,
numbered work areas 一、二、三… whose "一是…二是…" points carry figures, then 存在的问题
and 下一步工作计划 left as 待填写 placeholders for the user.

Every figure comes from the indicator registry for the scope and keeps its indicator code
(SummaryFigure.code), so a preview can link it to its evidence. No hole, ever: a sentence
is built only once every figure in it has a value; a figure that is not registered or whose
computation fails raises MissingFigure naming the indicator and the sentence. A clause
whose figures are all zero is left out, a point without clauses too, and a work area
without points is omitted. The activity area closes with its notable records: the
activities with the most declared person-times (NOTABLE of them).

A figure with a target in the organisation's plan for that year is followed by its share
of the target ("，占年任务4317份的122.3%"). The parts records cannot give (opening,
problems, next year's plan, extra paragraphs) come from the user's draft (`Narrative`).
Paragraphs keep their segments, so the web preview can link each figure to its evidence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from kesu.core import oneview
from kesu.indicators import registry, selectors
from kesu.indicators.links import evidence_url, scope_query
from kesu.indicators.registry import Number
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.reports.numbers import fmt
from kesu.reports.work_areas import NOTABLE_AREA, WORK_AREAS

STYLES = ("exact", "approx")
NOTABLE = 3
ORDINALS = "一二三四五六七八九十"
PLACEHOLDER = "待填写"
CJK_FONT = "宋体"
LATIN_FONT = "Times New Roman"

_FIGURE = re.compile(r"\{([a-z0-9_]+\.[a-z0-9_]+)\}")


class MissingFigure(Exception):
    """A sentence needs a figure the registry cannot give for the scope."""

    def __init__(self, code: str, sentence: str, reason: str = "") -> None:
        self.code, self.sentence, self.reason = code, sentence, reason
        detail = f"（{reason}）" if reason else ""
        super().__init__(f"指标 {code} 缺失{detail}，无法生成语句：{sentence}")


@dataclass(frozen=True)
class SummaryFigure:
    code: str  # the indicator code: the preview links it to its evidence
    value: Number
    unit: str
    text: str  # as written in the document ("6532份" or "6500多份")
    url: str = ""  # the evidence of this figure


Segment = tuple[str, SummaryFigure | None]


@dataclass(frozen=True)
class Paragraph:
    text: str
    figures: tuple[SummaryFigure, ...] = ()
    placeholder: bool = False  # to be written by the user (待填写)
    segments: tuple[Segment, ...] = ()  # text pieces, figures marked (for linked previews)

    def pieces(self) -> tuple[Segment, ...]:
        return self.segments or ((self.text, None),)


@dataclass(frozen=True)
class Narrative:
    """What the user writes (a saved draft): empty parts keep the generated/placeholder text."""

    opening: str = ""
    problems: str = ""
    next_plan: str = ""
    extra: str = ""


def _written(text: str) -> tuple[Paragraph, ...]:
    """User text as paragraphs: one per non-empty line."""
    return tuple(Paragraph(line.strip()) for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class Section:
    number: str  # 一、二、三…
    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Summary:
    org: Organization
    start: dt.date
    end: dt.date
    style: str
    title: str
    opening: Paragraph
    sections: tuple[Section, ...]

    @property
    def figures(self) -> list[SummaryFigure]:
        return [f for s in self.sections for p in s.paragraphs for f in p.figures]

    def text(self) -> str:
        """The whole summary as plain text (title, opening, headings, paragraphs)."""
        lines = [self.title, self.opening.text]
        for section in self.sections:
            lines.append(section.heading)
            lines.extend(p.text for p in section.paragraphs)
        return "\n".join(lines)


def period_label(start: dt.date, end: dt.date) -> str:
    """ "2024年" for a calendar year, "2024年1至11月" for whole months of one year (and
    "2024年3月" for one month), else the exact range "2024年1月5日至3月10日"."""
    whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    if start.year == end.year and whole_months:
        if start.month == 1 and end.month == 12:
            return f"{start.year}年"
        if start.month == end.month:
            return f"{start.year}年{start.month}月"
        return f"{start.year}年{start.month}至{end.month}月"
    first = f"{start.year}年{start.month}月{start.day}日"
    last = f"{end.month}月{end.day}日" if start.year == end.year else (
        f"{end.year}年{end.month}月{end.day}日"
    )  # fmt: skip
    return f"{first}至{last}"


def summary_title(org: Organization, start: dt.date, end: dt.date) -> str:
    return f"{org.name}{period_label(start, end)}全民科学素质工作总结"


@dataclass
class _Figures:
    """Indicator values for one scope, fetched on first use and cached."""

    user: Any
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

    def get(self, code: str, sentence: str) -> SummaryFigure:
        if code in self.cache:
            return self.cache[code]
        try:
            registry.get(code)
        except KeyError:
            raise MissingFigure(code, sentence, "指标未登记") from None
        try:
            (value,) = selectors.indicator_values(
                user=self.user, org=self.org, start=self.start, end=self.end, codes=[code]
            )
        except (access.NotFound, access.Forbidden):
            raise
        except Exception as exc:  # a failed computation must never become a hole
            raise MissingFigure(code, sentence, "计算失败") from exc
        if value.value is None:
            raise MissingFigure(code, sentence, "无数值")
        url = evidence_url(code, self.org.code, self.start, self.end)
        text = fmt(value.value, value.unit, self.style)
        figure = SummaryFigure(code, value.value, value.unit, text, url)
        self.cache[code] = figure
        return figure


def _readable(template: str) -> str:
    return _FIGURE.sub(lambda m: f"【{m.group(1)}】", template)


def _share(figures: _Figures, figure: SummaryFigure) -> list[Segment]:
    """ "，占年任务4317份的122.3%" when the plan has a target for the figure's indicator."""
    target = figures.target(figure.code)
    if target is None:
        return []
    pct = (Decimal(figure.value) * 100 / Decimal(target)).quantize(Decimal("0.1"), ROUND_DOWN)
    url = f"/plans/?{scope_query(figures.org.code, figures.start, figures.end)}"
    share = SummaryFigure(figure.code, pct, "%", f"{pct}%", url)
    if figures.style == "approx":
        return [("，占年任务的", None), (share.text, share)]
    goal = SummaryFigure(figure.code, target, figure.unit, fmt(target, figure.unit, "exact"), url)
    return [("，占年任务", None), (goal.text, goal), ("的", None), (share.text, share)]


def _clause(figures: _Figures, template: str) -> list[Segment] | None:
    """The clause as segments with its figures written, or None when all its figures are 0."""
    codes = _FIGURE.findall(template)
    found = [figures.get(code, _readable(template)) for code in codes]
    if found and all(f.value == 0 for f in found):
        return None
    segments: list[Segment] = []
    pieces = _FIGURE.split(template)  # text, code, text, code, …, text
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            if piece:
                segments.append((piece, None))
            continue
        figure = found[i // 2]
        segments.append((figure.text, figure))
        segments.extend(_share(figures, figure))
    return segments


def _paragraph(segments: list[Segment]) -> Paragraph:
    return Paragraph(
        "".join(text for text, _ in segments),
        tuple(f for _, f in segments if f is not None),
        segments=tuple(segments),
    )


def _points(figures: _Figures, points: tuple[tuple[str, ...], ...]) -> list[Paragraph]:
    built = []
    for clauses in points:
        parts = [c for c in (_clause(figures, t) for t in clauses) if c is not None]
        if parts:
            built.append(parts)
    paragraphs = []
    for i, parts in enumerate(built):
        segments: list[Segment] = [(f"{ORDINALS[i]}是", None)]
        for n, part in enumerate(parts):
            segments.extend([("，", None)] if n else [])
            segments.extend(part)
        segments.append(("。", None))
        paragraphs.append(_paragraph(segments))
    return paragraphs


def _notable(figures: _Figures) -> Paragraph | None:
    """The largest activities by declared person-times, each figure tied to its activity's
    person-times (code "activities.person_times")."""
    from kesu.activities.models import Activity

    qs = Activity.objects.filter(
        org__path__startswith=figures.org.path,
        start__date__range=(figures.start, figures.end),
        person_times__gt=0,
    )
    top = list(access.restrict(qs, figures.user).order_by("-person_times", "start", "pk")[:NOTABLE])
    if not top:
        return None
    segments: list[Segment] = [("其中，参与人数较多的活动有", None)]
    for n, a in enumerate(top):
        text = fmt(a.person_times, "人次", figures.style)
        figure = SummaryFigure("activities.person_times", a.person_times, "人次", text,
                               f"/activities/{a.pk}/")  # fmt: skip
        segments.extend([("、", None)] if n else [])
        segments.extend([(f"“{a.title}”（参与", None), (text, figure), ("）", None)])
    segments.append(("。", None))
    return _paragraph(segments)


def _opening(org: Organization, label: str) -> Paragraph:
    return Paragraph(
        f"{label}，{org.name}在上级工会和当地党委的坚强领导下，深入贯彻落实"
        "《全民科学素质行动规划纲要（2021—2035年）》，围绕提升职工科学素质，"
        "广泛开展科普活动与宣传，加强科普阵地和专家队伍建设，各项工作取得积极成效。"
        "现将有关工作总结如下。"
    )


def _narrative_sections(narrative: Narrative) -> list[tuple[str, tuple[Paragraph, ...]]]:
    placeholder = {
        "problems": Paragraph(f"（{PLACEHOLDER}：本期工作存在的问题和不足）", placeholder=True),
        "next_plan": Paragraph(f"（{PLACEHOLDER}：下一步工作思路和计划）", placeholder=True),
    }
    sections = []
    if _written(narrative.extra):
        sections.append(("其他工作", _written(narrative.extra)))
    sections.append(("存在的问题", _written(narrative.problems) or (placeholder["problems"],)))
    sections.append(
        ("下一步工作计划", _written(narrative.next_plan) or (placeholder["next_plan"],))
    )
    return sections


def build_summary(
    *,
    user: Any,
    org: Organization,
    start: dt.date,
    end: dt.date,
    style: str = "exact",
    narrative: Narrative | None = None,
) -> Summary:
    """The work summary of `org`'s subtree from `start` to `end` (see the module docstring)."""
    with oneview.one_view():
        return _build(user=user, org=org, start=start, end=end, style=style, narrative=narrative)


def _build(
    *,
    user: Any,
    org: Organization,
    start: dt.date,
    end: dt.date,
    style: str,
    narrative: Narrative | None,
) -> Summary:
    if style not in STYLES:
        raise ValueError(f"数字写法无效：{style}（可选：{'、'.join(STYLES)}）")
    access.require(user, access.VIEW)
    if not access.orgs_for(user).filter(pk=org.pk).exists():
        raise access.NotFound()
    narrative = narrative or Narrative()
    figures = _Figures(user, org, start, end, style)
    sections: list[tuple[str, tuple[Paragraph, ...]]] = []
    from kesu.reports.organisation import organisation_section  # it builds on this module

    sections.extend(s for s in (organisation_section(figures),) if s is not None)
    for title, points in WORK_AREAS:
        paragraphs = _points(figures, points)
        notable = _notable(figures) if title == NOTABLE_AREA and paragraphs else None
        if notable is not None:
            paragraphs.append(notable)
        if paragraphs:
            sections.append((title, tuple(paragraphs)))
    sections.extend(_narrative_sections(narrative))
    opening = _written(narrative.opening)
    return Summary(
        org=org, start=start, end=end, style=style, title=summary_title(org, start, end),
        opening=Paragraph("".join(p.text for p in opening)) if opening
        else _opening(org, period_label(start, end)),
        sections=tuple(Section(ORDINALS[i], t, ps) for i, (t, ps) in enumerate(sections)),
    )  # fmt: skip
