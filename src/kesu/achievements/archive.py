"""Achievements and honours of a member, as archive entries (read on every request)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kesu.achievements.choices import ReviewStatus
from kesu.achievements.models import Achievement, Honour
from kesu.members.archive import ArchiveEntry, between


def archive_entries(
    member: Any, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    entries: list[ArchiveEntry] = []
    achievements = Achievement.objects.filter(members=member).select_related("org")
    for a in between(achievements, "achieved_on", date_from, date_to):
        review = "已认定" if a.status == ReviewStatus.VERIFIED else str(a.get_status_display())
        detail = f"{a.get_kind_display()} · {a.get_level_display()}"
        entries.append(
            ArchiveEntry.of(
                a,
                "achievements:detail",
                kind="achievement",
                date=a.achieved_on,
                detail=detail,
                figures={"认定": review},
            )
        )
    honours = Honour.objects.filter(members=member).select_related("org")
    if date_from:
        honours = honours.filter(year__gte=date_from.year)
    if date_to:
        honours = honours.filter(year__lte=date_to.year)
    for h in honours:
        # An honour is dated by its year: shown at the end of that year.
        day = dt.date(h.year, 12, 31)
        detail = f"{h.get_level_display()} · {h.awarding_body}"
        entries.append(
            ArchiveEntry.of(
                h,
                "achievements:honour_detail",
                kind="honour",
                title=str(h),
                date=day,
                detail=detail,
                figures={"年度": str(h.year)},
            )
        )
    return entries
