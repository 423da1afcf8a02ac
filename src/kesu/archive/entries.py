"""What an app contributes to a member's science-literacy archive (科学素质档案).

The archive copies nothing: each app that holds records about a member provides
`<app>/archive.py` with

    def archive_entries(member, *, date_from=None, date_to=None) -> Iterable[ArchiveEntry]

and the archive (kesu.archive.selectors) collects them, newest first. Entries are built
from the source records on every read, so the archive can never disagree with them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
