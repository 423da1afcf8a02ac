"""The archive read model: a member's timeline, collected on every read from the
`archive_entries` of each installed app (kesu/<app>/archive.py), so it can never
disagree with the source records. Nothing is copied."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from kesu.core.actors import Actor
from kesu.core.discovery import app_modules
from kesu.members.archive import ArchiveEntry
from kesu.members.models import Member
from kesu.orgs import access

logger = logging.getLogger(__name__)
Source = Callable[..., Any]

KIND_LABELS = {
    "activity": "科普活动",
    "training": "培训",
    "certificate": "结业证书",
    "attempt": "答题",
    "contest": "知识竞赛",
    "assessment": "科学素质测评",
    "achievement": "创新成果",
    "honour": "先进表彰",
    "transfer": "转会",
    "competition": "劳动/技能竞赛",
}


@cache
def sources() -> tuple[tuple[str, Source], ...]:
    """(app label, archive_entries) of every installed kesu app with an archive module."""
    return tuple(
        (label, module.archive_entries)
        for label, module in app_modules("archive")
        if callable(getattr(module, "archive_entries", None))
    )


@dataclass(frozen=True)
class Year:
    year: int
    entries: list[ArchiveEntry]

    def count(self, kind: str) -> int:
        return sum(1 for e in self.entries if e.kind == kind)


def member_entries(
    member: Member,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    links: bool = True,
) -> list[ArchiveEntry]:
    """Every source's entries about `member`, newest first. `links=False` drops the staff
    links (the member's own view)."""
    entries: list[ArchiveEntry] = []
    for _label, source in sources():
        entries.extend(source(member, date_from=date_from, date_to=date_to) or [])
    if not links:
        entries = [replace(e, url="") if e.url else e for e in entries]
    entries.sort(key=lambda e: (e.date, KIND_LABELS.get(e.kind, e.kind), e.title), reverse=True)
    return entries


def member_timeline(
    member: Member,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    links: bool = True,
) -> list[Year]:
    """The member's entries grouped by year, newest year first."""
    years: dict[int, list[ArchiveEntry]] = {}
    for entry in member_entries(member, date_from=date_from, date_to=date_to, links=links):
        years.setdefault(entry.date.year, []).append(entry)
    return [Year(y, years[y]) for y in sorted(years, reverse=True)]


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def archive_member_get(*, user: Actor, pk: Any) -> Member:
    """A member whose archive `user` may read: staff roles their subtree, a member-role user
    only their own roster entry. Anything else is NotFound (like a missing member)."""
    if access.can(user, access.VIEW):
        return access.get_for_user(Member.objects.select_related("org"), user, pk=pk)
    own = getattr(user, "member_id", None) if user.is_authenticated else None
    if own is not None and str(own) == str(pk):
        return Member.objects.select_related("org").get(pk=own)
    raise access.NotFound()
