"""Reads of attendance: the scoped activity, its check-in list, and its two counts.

Person-times (人次) count Attendance rows; persons (人) count distinct members plus distinct
guest phones. The expression below is shared with the indicators so both always agree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, CharField, Count, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from kesu.activities.models import Activity, Attendance
from kesu.core.actors import Actor
from kesu.members.models import Member
from kesu.members.validation import person_name
from kesu.orgs import access

ROSTER_PICK_LIMIT = 50


def person_key() -> Case:
    """One text key per person: "m:<member id>" or "g:<guest phone hash>"."""
    return Case(
        When(member__isnull=True, then=Concat(Value("g:"), "guest_phone_hash")),
        default=Concat(Value("m:"), Cast("member_id", CharField())),
        output_field=CharField(),
    )


def distinct_persons() -> Count:
    return Count(person_key(), distinct=True)


def activity_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Activity:
    """The activity if it lies in the user's subtree (else NotFound, like a missing one)."""
    return access.get_for_user(Activity.objects.select_related("org"), user, action, pk=pk)


def attendance_list(*, activity: Activity, session: int | None = None) -> QuerySet[Attendance]:
    """Check-ins of an activity the caller already obtained through activity_get."""
    qs = activity.attendances.select_related("member", "member__org")
    if session is not None:
        qs = qs.filter(session=session)
    return qs.order_by("checked_in_at", "id")


def attendance_counts(*, activity: Activity, session: int | None = None) -> dict[str, int]:
    qs = Attendance.objects.filter(activity=activity)
    if session is not None:
        qs = qs.filter(session=session)
    totals = qs.aggregate(person_times=Count("pk"), persons=distinct_persons())
    return {"person_times": totals["person_times"] or 0, "persons": totals["persons"] or 0}


def roster_pick(*, user: Actor, activity: Activity, q: str = "") -> QuerySet[Member]:
    """Current members of the organiser's subtree the user may see, for the "add members"
    picker (退会 and 转出 are not offered)."""
    qs = access.restrict(Member.objects.select_related("org").current(), user).filter(
        org__path__startswith=activity.org.path
    )
    text = person_name(q)  # as names are stored: 陈\u200b晶 finds 陈晶
    if text:
        if text.isdigit() and len(text) == 4:
            qs = qs.filter(phone_tail=text) | qs.filter(id_tail=text)
        else:
            qs = qs.filter(name__startswith=text)
    return qs.order_by("org_id", "id")


def display_name(att: Attendance) -> str:
    return att.member.name if att.member_id else att.guest_name


def display_phone(att: Attendance) -> str:
    return att.member.phone_masked if att.member_id else att.guest_phone_masked
