"""What apps built on quiz add to the member's answering pages, without quiz importing them:
a paper's shown title (a contest's paper is shown under the contest's title) and panels on
the result page (a contest adds the member's rank).

An app contributes with a module `quiz_pages` (kesu.core.discovery) defining either or both
of `paper_titles(papers) -> {paper id: title}` and `result_panel(attempt) -> ResultPanel |
None`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kesu.core.discovery import app_modules
from kesu.quiz.models import Attempt, Paper

MODULE = "quiz_pages"


@dataclass
class ResultPanel:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    note: str = ""
    url: str = ""
    link_text: str = ""


def _hooks(name: str) -> list[Callable[..., Any]]:
    return [getattr(m, name) for _label, m in app_modules(MODULE) if hasattr(m, name)]


def label_papers(papers: Iterable[Paper]) -> None:
    """Set `shown_title` on each paper: the title members see (the paper's own by default)."""
    papers = list(papers)
    names: dict[int, str] = {}
    for hook in _hooks("paper_titles"):
        names.update(hook(papers))
    for paper in papers:
        paper.shown_title = names.get(paper.pk, paper.title)


def result_panels(attempt: Attempt) -> list[ResultPanel]:
    return [panel for hook in _hooks("result_panel") if (panel := hook(attempt)) is not None]
