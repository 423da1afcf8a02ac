"""Achievements and honours of a member, as archive entries (read on every request)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from kesu.achievements.choices import ReviewStatus
from kesu.achievements.models import Achievement, Honour
from kesu.members.archive import ArchiveEntry


def archive_entries(
    member: Any, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    entries: list[ArchiveEntry] = []
    achievements = Achievement.objects.filter(members=member).select_related("org")
    if date_from:
        achievements = achievements.filter(achieved_on__gte=date_from)
    if date_to:
        achievements = achievements.filter(achieved_on__lte=date_to)
    for a in achievements:
        entries.append(
            ArchiveEntry(
                date=a.achieved_on,
                kind="achievement",
                title=a.title,
                detail=f"{a.get_kind_display()} · {a.get_level_display()}",
                org_name=a.org.name,
                figures={"认定": str(a.get_status_display())}
                if a.status != ReviewStatus.VERIFIED
                else {"认定": "已认定"},
                url=reverse("achievements:detail", args=[a.pk]),
            )
        )
    honours = Honour.objects.filter(members=member).select_related("org")
    if date_from:
        honours = honours.filter(year__gte=date_from.year)
    if date_to:
        honours = honours.filter(year__lte=date_to.year)
    for h in honours:
        entries.append(
            ArchiveEntry(
                # An honour is dated by its year: shown at the end of that year.
                date=dt.date(h.year, 12, 31),
                kind="honour",
                title=str(h),
                detail=f"{h.get_level_display()} · {h.awarding_body}",
                org_name=h.org.name,
                figures={"年度": str(h.year)},
                url=reverse("achievements:honour_detail", args=[h.pk]),
            )
        )
    return entries
