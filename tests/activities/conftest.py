"""Activities on top of the shared tree: builders for activities and check-ins."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kesu.activities.models import Activity, Attendance
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)


def at(day: str, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day).replace(hour=hour))


def make_activity(org, title: str = "科普讲座", day: str = "2026-03-23", **fields: Any) -> Activity:
    start = at(day)
    values: dict[str, Any] = {"kind": "lecture", "start": start, "end": start, **fields}
    return Activity.objects.create(org=org, title=title, **values)


def check_in(activity: Activity, *members, guests: tuple[str, ...] = (), session: int = 0) -> None:
    for member in members:
        Attendance.objects.create(activity=activity, member=member, session=session, source="staff")
    for phone_hash in guests:
        Attendance.objects.create(
            activity=activity,
            guest_name="来宾",
            guest_phone_hash=phone_hash,
            session=session,
            source="qr",
        )
