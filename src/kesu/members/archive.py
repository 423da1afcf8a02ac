"""A member's science-literacy archive (科学素质档案): the shape of one entry, and the
roster's own entries (transfers).

The archive copies nothing: each app that holds records about a member provides
`<app>/archive.py` with

    def archive_entries(member, *, date_from=None, date_to=None) -> Iterable[ArchiveEntry]

and the archive (kesu.archive.selectors) collects them, newest first. Entries are built
from the source records on every read, so the archive can never disagree with them. The
entry type lives here, with the roster, because every app that contributes sits above it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from kesu.members.models import Transfer


@dataclass(frozen=True)
class ArchiveEntry:
    date: dt.date
    # activity | training | certificate | attempt | assessment | achievement | honour | transfer
    kind: str
    title: str
    detail: str = ""
    org_name: str = ""
    # Figures shown beside the entry, label -> text, e.g. {"学时": "2.0"} or {"得分": "86"}.
    figures: dict[str, str] = field(default_factory=dict)
    # Link to the source record for staff (empty when none, e.g. for the member's own view).
    url: str = ""

    @classmethod
    def of(cls, record: Any, url_name: str, *, kind: str, **fields: Any) -> ArchiveEntry:
        """The entry of a record with a title and an organisation: those two (unless given in
        `fields`) and a link to the record's page `url_name`; the date and kind are given."""
        if "title" not in fields:
            fields["title"] = record.title
        if "org_name" not in fields:
            fields["org_name"] = record.org.name
        return cls(kind=kind, url=reverse(url_name, args=[record.pk]), **fields)


def between(
    rows: QuerySet, field: str, date_from: dt.date | None, date_to: dt.date | None
) -> QuerySet:
    """`rows` whose date `field` lies from `date_from` to `date_to`, both included (either open)."""
    if date_from:
        rows = rows.filter(**{f"{field}__gte": date_from})
    if date_to:
        rows = rows.filter(**{f"{field}__lte": date_to})
    return rows


def archive_entries(
    member: Any, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    """One entry per transfer between organisations (转会), dated by the transfer."""
    rows = Transfer.objects.filter(member=member).select_related("from_org", "to_org")
    rows = between(rows, "transferred_on", date_from, date_to)
    return [
        ArchiveEntry(
            date=t.transferred_on,
            kind="transfer",
            title=f"转会：{t.from_org.name} → {t.to_org.name}",
            detail=t.reason,
            org_name=t.to_org.name,
        )
        for t in rows
    ]
