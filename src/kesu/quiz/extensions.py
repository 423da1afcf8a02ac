"""What apps built on quiz add to the member's answering pages, without quiz importing them:
a paper's shown title (a contest's paper is shown under the contest's title) and panels on
the result page (a contest adds the member's rank). Apps register in their AppConfig.ready."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from kesu.quiz.models import Attempt, Paper


@dataclass
class ResultPanel:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    note: str = ""
    url: str = ""
    link_text: str = ""


TitleHook = Callable[[list[Paper]], dict[int, str]]  # paper id -> title shown to members
PanelHook = Callable[[Attempt], ResultPanel | None]
_titles: list[TitleHook] = []
_panels: list[PanelHook] = []


def register_titles(hook: TitleHook) -> None:
    if hook not in _titles:
        _titles.append(hook)


def register_result_panel(hook: PanelHook) -> None:
    if hook not in _panels:
        _panels.append(hook)


def label_papers(papers: Iterable[Paper]) -> None:
    """Set `shown_title` on each paper: the title members see (the paper's own by default)."""
    papers = list(papers)
    names: dict[int, str] = {}
    for hook in _titles:
        names.update(hook(papers))
    for paper in papers:
        paper.shown_title = names.get(paper.pk, paper.title)


def result_panels(attempt: Attempt) -> list[ResultPanel]:
    return [panel for hook in _panels if (panel := hook(attempt)) is not None]
