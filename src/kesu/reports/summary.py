"""The work summary (工作总结) generator: structure, figures and the .docx export.

build_summary() assembles the customary shape (docs/domain.md): title, opening paragraph,
numbered work areas 一、二、三… whose "一是…二是…" points carry figures, then 存在的问题
and 下一步工作计划 from the user's narrative (an unwritten part is an empty paragraph marked
`placeholder`: exports refuse it, the page offers a suggestion; see reports.exporting).

Every figure comes from the indicator registry for the scope and keeps its indicator code
(SummaryFigure.code), so a preview can link it to its evidence. No hole, ever: a sentence
is built only once every figure in it has a value; a figure that is not registered or whose
computation fails raises MissingFigure naming the indicator and the sentence. A clause
whose figures are all zero is left out, a point without clauses too, and a work area
without points is omitted; a work area with a single point writes it without "一是". The
activity area closes with its campaigns (theme days with their activities and figures) and
its notable records: the activities with the most declared person-times, each quoted once.

A figure with a target in the organisation's plan for that year is followed by its share
of the target ("，占年任务4317份的122.3%"), and some by their change on the same range last
year ("，同比增长12.5%", see reports.summary_figures). The parts records cannot give (opening,
problems, next year's plan, extra paragraphs) come from the user's draft (`Narrative`).
Paragraphs keep their segments, so the web preview can link each figure to its evidence.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from kesu.core import oneview
from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.reports import summary_records
from kesu.reports.summary_figures import (
    Figures,
    MissingFigure,
    Segment,
    SummaryFigure,
    point,
)
from kesu.reports.work_areas import LITERACY_POINT, NOTABLE_AREA, WORK_AREAS

__all__ = ["MissingFigure", "Summary", "SummaryFigure", "build_summary", "period_label"]

STYLES = ("exact", "approx")
ORDINALS = "一二三四五六七八九十"
CJK_FONT = "宋体"
LATIN_FONT = "Times New Roman"


@dataclass(frozen=True)
class Paragraph:
    text: str
    figures: tuple[SummaryFigure, ...] = ()
    placeholder: bool = False  # a part the user has not written yet (no text of its own)
    segments: tuple[Segment, ...] = ()  # text pieces, figures marked (for linked previews)

    def pieces(self) -> tuple[Segment, ...]:
        return self.segments or ((self.text, None),)


@dataclass(frozen=True)
class Narrative:
    """What the user writes (a saved draft): an empty opening keeps the generated one."""

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
    last = (
        f"{end.month}月{end.day}日"
        if start.year == end.year
        else (f"{end.year}年{end.month}月{end.day}日")
    )
    return f"{first}至{last}"


def summary_title(org: Organization, start: dt.date, end: dt.date) -> str:
    return f"{org.name}{period_label(start, end)}全民科学素质工作总结"


def _paragraph(segments: list[Segment]) -> Paragraph:
    return Paragraph(
        "".join(text for text, _ in segments),
        tuple(f for _, f in segments if f is not None),
        segments=tuple(segments),
    )


def ordinal(n: int) -> str:
    """1 → "一", 10 → "十", 12 → "十二" (points and sections beyond ten)."""
    if n <= 10:
        return ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return f"{ORDINALS[tens - 1] if tens > 1 else ''}十{ORDINALS[ones - 1] if ones else ''}"


def _point(figures: Figures, spec: tuple[str, ...] | str) -> list[Segment] | None:
    if spec == LITERACY_POINT:
        return summary_records.literacy(figures)
    assert isinstance(spec, tuple), spec
    return point(figures, spec)


def _points(figures: Figures, specs: tuple[tuple[str, ...] | str, ...]) -> list[Paragraph]:
    """The area's points, "一是…二是…" when there are several, the point alone when one."""
    built = [p for p in (_point(figures, spec) for spec in specs) if p is not None]
    numbered = len(built) > 1
    return [
        _paragraph([*([(f"{ordinal(i)}是", None)] if numbered else []), *segments, ("。", None)])
        for i, segments in enumerate(built, start=1)
    ]


def _closing(figures: Figures) -> list[Paragraph]:
    """The activity area's campaigns and largest activities."""
    campaigns, named = summary_records.campaigns(figures)
    found = (campaigns, summary_records.notable(figures, named))
    return [_paragraph(segments) for segments in found if segments]


def _opening(org: Organization, label: str) -> Paragraph:
    return Paragraph(
        f"{label}，{org.name}在上级工会和当地党委的坚强领导下，深入贯彻落实"
        "《全民科学素质行动规划纲要（2021—2035年）》，围绕提升职工科学素质，"
        "广泛开展科普活动与宣传，加强科普阵地和专家队伍建设，各项工作取得积极成效。"
        "现将有关工作总结如下。"
    )


def _narrative_sections(narrative: Narrative) -> list[tuple[str, tuple[Paragraph, ...]]]:
    unwritten = (Paragraph("", placeholder=True),)
    sections = []
    if _written(narrative.extra):
        sections.append(("其他工作", _written(narrative.extra)))
    sections.append(("存在的问题", _written(narrative.problems) or unwritten))
    sections.append(("下一步工作计划", _written(narrative.next_plan) or unwritten))
    return sections


def build_summary(
    *,
    user: Actor,
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
    user: Actor,
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
    figures = Figures(user, org, start, end, style)
    sections: list[tuple[str, tuple[Paragraph, ...]]] = []
    from kesu.reports.organisation import organisation_section  # it builds on this module

    sections.extend(s for s in (organisation_section(figures),) if s is not None)
    for title, points in WORK_AREAS:
        paragraphs = _points(figures, points)
        if title == NOTABLE_AREA and paragraphs:
            paragraphs.extend(_closing(figures))
        if paragraphs:
            sections.append((title, tuple(paragraphs)))
    sections.extend(_narrative_sections(narrative))
    opening = _written(narrative.opening)
    return Summary(
        org=org,
        start=start,
        end=end,
        style=style,
        title=summary_title(org, start, end),
        opening=Paragraph("".join(p.text for p in opening))
        if opening
        else _opening(org, period_label(start, end)),
        sections=tuple(Section(ordinal(i), t, ps) for i, (t, ps) in enumerate(sections, 1)),
    )
