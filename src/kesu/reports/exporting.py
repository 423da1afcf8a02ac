"""The work summary as a file (Word or PDF), for the web page and `kesu report summary`.

A file is never written with a placeholder: a narrative part the user has not written (or
accepted from the suggestion) refuses the export with NarrativeMissing naming each part.
A draft copy (征求意见稿) is the one exception: it takes the suggested text where a part
is empty (or leaves the part out when there is none), and says 征求意见稿 in its title and
in the page header of every page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs.models import Organization
from kesu.reports import drafts
from kesu.reports.suggestions import Suggestions, suggest
from kesu.reports.summary import MissingFigure, Paragraph, Section, Summary, ordinal
from kesu.reports.summary import build_summary as _build_summary

PARTS = {"problems": "存在的问题", "next_plan": "下一步工作计划"}
DRAFT_MARK = "征求意见稿"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME = {"docx": DOCX, "pdf": "application/pdf"}


class ExportError(ServiceError):
    """The summary cannot be built (a figure the registry cannot give)."""

    code = "summary_unavailable"


class NarrativeMissing(ServiceError):
    """Narrative parts still empty; `parts` are their field names (problems, next_plan)."""

    code = "narrative_missing"

    def __init__(self, parts: list[str]) -> None:
        names = "、".join(f"“{PARTS[p]}”" for p in parts)
        super().__init__(f"工作总结的{names}尚未填写，请填写或采用建议后再导出")
        self.parts = parts

    @property
    def names(self) -> list[str]:
        return [PARTS[p] for p in self.parts]


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    mime: str


def missing_parts(summary: Summary) -> list[str]:
    """The narrative parts whose section has no text of the user's own."""
    titles = {title: part for part, title in PARTS.items()}
    return [
        titles[s.title]
        for s in summary.sections
        if s.title in titles and any(p.placeholder for p in s.paragraphs)
    ]


def with_suggestions(summary: Summary, suggestions: Suggestions, *, marked: bool) -> Summary:
    """Unwritten parts filled with the suggested text: `marked` (the page) keeps them flagged
    as placeholders and keeps an empty part; unmarked (a draft file) drops an empty part."""
    titles = {title: part for part, title in PARTS.items()}
    sections: list[tuple[str, tuple[Paragraph, ...]]] = []
    for section in summary.sections:
        paragraphs = section.paragraphs
        if section.title in titles and any(p.placeholder for p in paragraphs):
            text = suggestions.get(titles[section.title])
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            paragraphs = tuple(Paragraph(line, placeholder=marked) for line in lines)
            if not paragraphs and marked:
                paragraphs = section.paragraphs
        if paragraphs:
            sections.append((section.title, paragraphs))
    numbered = tuple(Section(ordinal(i), t, ps) for i, (t, ps) in enumerate(sections, start=1))
    return replace(summary, sections=numbered)


def build(
    *,
    user: Actor,
    org: Organization,
    start: dt.date,
    end: dt.date,
    style: str,
    version: int | None = None,
) -> tuple[Summary, Any, Any]:
    """(summary with the narrative of the period's draft, the saved summary, the draft)."""
    saved = drafts.summary_for(user=user, org=org, start=start, end=end)
    draft = drafts.draft_get(saved, version)
    try:
        summary = _build_summary(
            user=user,
            org=org,
            start=start,
            end=end,
            style=style,
            narrative=drafts.narrative_of(draft),
        )
    except MissingFigure as exc:
        raise ExportError(f"无法生成工作总结：{exc}") from None
    return summary, saved, draft


def summary_export(
    *,
    user: Actor,
    org: Organization,
    start: dt.date,
    end: dt.date,
    style: str,
    fmt: str,
    version: int | None = None,
    draft: bool = False,
) -> Export:
    """The summary file (fmt "docx" or "pdf"); see the module docstring for `draft`."""
    from kesu.reports.summary_pdf import render_pdf

    summary, _saved, _draft = build(
        user=user, org=org, start=start, end=end, style=style, version=version
    )
    missing = missing_parts(summary)
    if missing and not draft:
        raise NarrativeMissing(missing)
    mark = ""
    if draft:
        if missing:
            found = suggest(user=user, org=org, start=start, end=end)
            summary = with_suggestions(summary, found, marked=False)
        summary, mark = replace(summary, title=f"{summary.title}（{DRAFT_MARK}）"), DRAFT_MARK
    if fmt == "pdf":
        content = render_pdf(summary, mark=mark)
    else:
        content = drafts.summary_docx(summary, org, mark=mark)
    return Export(content, f"{summary.title}.{fmt}", MIME[fmt])
