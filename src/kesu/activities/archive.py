"""Activities attended, in a member's archive (kesu.members.archive)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils import timezone

from kesu.activities.models import Activity, Attendance
from kesu.core.dates import day_bounds
from kesu.members.archive import ArchiveEntry


def plain_activities(prefix: str = "activity__") -> dict[str, bool]:
    """A filter leaving out activities that are training sessions' check-in activities: the
    training app reports those itself (as hours), so they are not "activities attended"."""
    return {f"{prefix}training_session__isnull": True}


def _day_bounds(date_from: dt.date | None, date_to: dt.date | None) -> dict[str, Any]:
    """Aware datetime bounds for filtering a DateTimeField by local dates."""
    bounds: dict[str, Any] = {}
    if date_from:
        bounds["gte"] = day_bounds(date_from, date_from)[0]
    if date_to:
        bounds["lt"] = day_bounds(date_to, date_to)[1]
    return bounds


def archive_entries(
    member: Any, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    """One entry per activity attended (however many of its sessions), dated by its start."""
    rows = Attendance.objects.filter(member=member, **plain_activities())
    bounds = _day_bounds(date_from, date_to)
    rows = rows.filter(**{f"activity__start__{k}": v for k, v in bounds.items()})
    per_activity = dict(
        rows.values("activity_id")
        .annotate(n=Count("session", distinct=True))
        .values_list("activity_id", "n")
    )
    entries = []
    for activity in Activity.objects.filter(pk__in=per_activity).select_related("org"):
        sessions = per_activity[activity.pk]
        figures = {"签到": f"{sessions}次"} if sessions > 1 else {}
        day = timezone.localtime(activity.start).date()
        detail = " · ".join(filter(None, [activity.get_kind_display(), activity.place]))
        entries.append(
            ArchiveEntry.of(
                activity,
                "activities:detail",
                kind="activity",
                date=day,
                detail=detail,
                figures=figures,
            )
        )
    return entries
