"""The shape every workbench section shares: a title, a few items, a link to the full page."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse

LIMIT = 5


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    detail: str = ""
    tone: str = ""  # "" | "warn" (behind, overdue, returned) | "ok"


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    more_url: str = ""
    more_label: str = "查看全部"
    empty: str = "暂无"
    count: int | None = None  # shown beside the title when the list is cut


def url(name: str, *args: object, **query: object) -> str:
    """A page's address (made by reverse) with an optional query string."""
    base = reverse(name, args=args or None)
    shown = {k: v for k, v in query.items() if v not in ("", None)}
    return f"{base}?{urlencode(shown)}" if shown else base


def day(value) -> str:
    return f"{value.month}月{value.day}日"
