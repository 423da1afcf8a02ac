"""Archive contributions of apps that do not provide their own `archive.py`: activities
attended (kesu.activities Attendance) and transfers (kesu.members Transfer).

The collector uses these only while the app has no archive module of its own, so an app
that later writes one replaces the fallback here instead of doubling its entries.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from kesu.archive.entries import ArchiveEntry
from kesu.core.dates import day_bounds


def plain_activities(prefix: str = "activity__") -> dict[str, bool]:
    """A filter leaving out activities that are training sessions' check-in activities: the
    training app reports those itself (as hours), so they are not "activities attended"."""
    from django.core.exceptions import FieldDoesNotExist

    from kesu.activities.models import Activity

    try:
        Activity._meta.get_field("training_session")
    except FieldDoesNotExist:
        return {}
    return {f"{prefix}training_session__isnull": True}


def _day_bounds(date_from: dt.date | None, date_to: dt.date | None) -> dict[str, Any]:
    """Aware datetime bounds for filtering a DateTimeField by local dates."""
    bounds: dict[str, Any] = {}
    if date_from:
        bounds["gte"] = day_bounds(date_from, date_from)[0]
    if date_to:
        bounds["lt"] = day_bounds(date_to, date_to)[1]
    return bounds


def activity_entries(
    member: Any, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    """One entry per activity attended (however many of its sessions), dated by its start."""
    from kesu.activities.models import Activity, Attendance

    rows = Attendance.objects.filter(member=member, **plain_activities())
    bounds = _day_bounds(date_from, date_to)
    rows = rows.filter(**{f"activity__start__{k}": v for k, v in bounds.items()})
    per_activity = dict(
        rows.values("activity_id").annotate(n=Count("session", distinct=True))
        .values_list("activity_id", "n")
    )  # fmt: skip
    entries = []
    for activity in Activity.objects.filter(pk__in=per_activity).select_related("org"):
        sessions = per_activity[activity.pk]
        figures = {"签到": f"{sessions}次"} if sessions > 1 else {}
        entries.append(ArchiveEntry(
            date=timezone.localtime(activity.start).date(), kind="activity", title=activity.title,
            detail=f"{activity.get_kind_display()}" + (f" · {activity.place}" if activity.place else ""),
            org_name=activity.org.name, figures=figures,
            url=reverse("activities:detail", args=[activity.pk]),
        ))  # fmt: skip
    return entries


def transfer_entries(
    member: Any, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    from kesu.members.models import Transfer

    rows = Transfer.objects.filter(member=member).select_related("from_org", "to_org")
    if date_from:
        rows = rows.filter(transferred_on__gte=date_from)
    if date_to:
        rows = rows.filter(transferred_on__lte=date_to)
    return [
        ArchiveEntry(
            date=t.transferred_on,
            kind="transfer",
            title=f"转会：{t.from_org.name} → {t.to_org.name}",
            detail=t.reason,
            org_name=t.to_org.name,
        )  # fmt: skip
        for t in rows
    ]


# app label -> contribution, used when that app has no archive module of its own
FALLBACKS = {"activities": activity_entries, "members": transfer_entries}
