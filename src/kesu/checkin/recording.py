"""Recording one person's presence: who a name and phone are, and the row that says so.

A phone counts once per session, whoever it belongs to. The roster is asked by phone first
(current members of the organiser's subtree only: 退会 and 转出 are not matched), then by
name: the roster name itself is a match, a name one character off (李小燕 for 李晓燕) is
recorded against the member but flagged for staff to confirm, anything else is a guest.
Nothing of this reaches the person checking in: the public page answers the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from kesu.activities.models import Activity, Attendance
from kesu.members.models import Member
from kesu.members.validation import person_name, phone_fields, phone_hash

# Cleared when a guest row of a phone is taken over by the member it belongs to.
_GUEST_PHONE = {"guest_phone_enc": "", "guest_phone_hash": "", "guest_phone_masked": ""}


def one_off(a: str, b: str) -> bool:
    """True when `b` is `a` with one character changed, added or removed (both names at
    least two characters long: a single character says too little)."""
    if a == b or min(len(a), len(b)) < 2 or abs(len(a) - len(b)) > 1:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long[i]:
        i += 1
    if len(short) == len(long):
        return short[i + 1 :] == long[i + 1 :]
    return short[i:] == long[i + 1 :]


@dataclass
class RosterMatch:
    member: Member
    exact: bool  # False: the name is one character off; staff confirm it


def roster_match(activity: Activity, name: str, hashed_phone: str) -> RosterMatch | None:
    """The current member of the organiser's subtree with this phone whose roster name is
    `name`, else one whose name is one character off, else None."""
    candidates = (
        Member.objects.current()
        .filter(org__path__startswith=activity.org.path, phone_hash=hashed_phone)
        .order_by("id")
    )
    close = None
    for member in candidates.only("id", "name"):
        roster_name = person_name(member.name)  # compared as the roster stores names
        if roster_name == name:
            return RosterMatch(member, exact=True)
        if close is None and one_off(roster_name, name):
            close = member
    return RosterMatch(close, exact=False) if close is not None else None


def record(lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Attendance, bool]:
    """get_or_create that survives a concurrent insert of the same person."""
    existing = Attendance.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return Attendance.objects.create(**lookup, **values), True
    except IntegrityError:
        existing = Attendance.objects.filter(**lookup).first()
        if existing is None:
            raise
        return existing, False


def confirm(att: Attendance) -> Attendance:
    """Clear the flag of a near name match once the member is known for sure (the roster
    name typed, the member's own login, staff picking them from the roster)."""
    if att.name_unconfirmed:
        att.name_unconfirmed, att.guest_name = False, ""
        att.save(update_fields=["name_unconfirmed", "guest_name"])
    return att


def member_lookup(activity: Activity, session: int, member: Member) -> dict[str, Any]:
    return {"activity": activity, "session": session, "member": member}


def record_by_phone(
    activity: Activity, session: int, name: str, phone: str, values: dict[str, Any]
) -> tuple[Attendance, bool]:
    """The row for a name and a (parsed) phone: a member's when the roster says so, else a
    guest's; (row, False) when this phone had already checked in to the session."""
    hashed = phone_hash(phone)
    match = roster_match(activity, name, hashed)
    rows = Attendance.objects.filter(activity=activity, session=session)
    if match is None:
        same_phone = Q(member__isnull=True, guest_phone_hash=hashed) | Q(member__phone_hash=hashed)
        existing = rows.filter(same_phone).first()
        if existing is not None:
            return existing, False
        guest = {"guest_name": name, **phone_fields(phone, prefix="guest_phone")}
        lookup = {
            "activity": activity,
            "session": session,
            "member": None,
            "guest_phone_hash": guest.pop("guest_phone_hash"),
        }
        return record(lookup, {**guest, **values})
    flags = {"name_unconfirmed": not match.exact, "guest_name": "" if match.exact else name}
    existing = rows.filter(member=match.member).first()
    if existing is not None:
        if match.exact:  # the roster name itself confirms an earlier near match
            confirm(existing)
        return existing, False
    guest_row = rows.filter(member__isnull=True, guest_phone_hash=hashed).first()
    if guest_row is not None:
        if not match.exact and guest_row.guest_name == name:
            # Staff recorded this near name as a guest of the phone (kesu.checkin.review):
            # the same name again does not undo their decision.
            return guest_row, False
        return _take_over(guest_row, match.member, flags), False
    return record(member_lookup(activity, session, match.member), {**flags, **values})


def _take_over(guest: Attendance, member: Member, flags: dict[str, Any]) -> Attendance:
    """The member's phone had checked in as a guest (another name, or a typo beyond one
    character): that row becomes the member's, so the phone still counts once."""
    try:
        with transaction.atomic():
            Attendance.objects.filter(pk=guest.pk, member__isnull=True).update(
                member=member, **_GUEST_PHONE, **flags
            )
    except IntegrityError:  # the member checked in concurrently: their own row stands
        pass
    lookup = member_lookup(guest.activity, guest.session, member)
    return Attendance.objects.filter(**lookup).first() or guest
