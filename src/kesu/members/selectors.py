"""Reads of the roster. The UI list, the API list and the Excel export share member_list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kesu.core.actors import Actor
from kesu.core.filters import Filters
from kesu.members import tally
from kesu.members.choices import AGE_BANDS, CURRENT_STATUSES
from kesu.members.idnumber import normalise
from kesu.members.models import Member, Transfer
from kesu.members.validation import id_number_hash, person_name, phone_hash
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.selectors import visible_in_subtree


@dataclass
class MemberFilters(Filters):
    q: str = ""
    org: str = ""  # organisation code: its whole subtree
    gender: str = ""
    age_band: str = ""
    education: str = ""
    migrant: str = ""  # "yes" / "no" / ""
    status: str = ""


def _birth_range(band: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    for code, _label, low, high in AGE_BANDS:
        if code == band:
            # age >= low  <=> born on or before today - low years
            latest = today.replace(year=today.year - low) if low else today
            earliest = today.replace(year=today.year - high - 1) + dt.timedelta(days=1)
            return earliest, latest
    return None


def _search(qs: QuerySet[Member], q: str) -> QuerySet[Member]:
    # Normalised as numbers and names are stored: full-width digits and dashes folded, a
    # pasted 陈\u200b晶 finds 陈晶.
    compact = normalise(q)
    if re.fullmatch(r"\d{17}[\dX]", compact):
        return qs.filter(id_number_hash=id_number_hash(compact))
    if re.fullmatch(r"1[3-9]\d{9}", compact):
        return qs.filter(phone_hash=phone_hash(compact))
    if re.fullmatch(r"\d{3}[\dX]", compact):
        return qs.filter(Q(id_tail=compact) | Q(phone_tail=compact))
    return qs.filter(name__startswith=person_name(q))


def current_members(qs: QuerySet[Member] | None = None) -> QuerySet[Member]:
    """Current members (在册会员, not 退会 or 转出) of `qs` (of the whole roster when None):
    what roster totals, the dashboard's 会员人数, indicators, check-in and enrolment mean by
    "a member"."""
    base = Member.objects.all() if qs is None else qs
    return base.filter(status__in=CURRENT_STATUSES)


def not_current_message(members: list[Member], action: str) -> str:
    """ "" when every one of `members` is current, else the Chinese refusal naming the first
    few who are not (退会/转出), e.g. 张三（退会）不是在册会员，不能签到."""
    gone = [f"{m.name}（{m.get_status_display()}）" for m in members if not m.is_current]
    if not gone:
        return ""
    more = f"等{len(gone)}人" if len(gone) > 3 else ""
    return f"{'、'.join(gone[:3])}{more}不是在册会员，不能{action}"


def member_list(*, user: Actor, filters: MemberFilters | None = None) -> QuerySet[Member]:
    """Members visible to `user`, filtered, unit by unit in registration order.

    (org, id) order is what a roster looks like, and it is the one order that an index
    serves for every subtree: "newest first" over a district's members made PostgreSQL walk
    the whole primary key (0.45 s at 1,000,000 members; bench/member_list.py)."""
    f = filters or MemberFilters()
    qs = visible_in_subtree(Member.objects.select_related("org"), user=user, code=f.org)
    if f.q:
        qs = _search(qs, f.q)
    if f.gender:
        qs = qs.filter(gender=f.gender)
    if f.age_band:
        span = _birth_range(f.age_band, timezone.localdate())
        if span:
            qs = qs.filter(birth_date__range=span)
    if f.education:
        qs = qs.filter(education=f.education)
    if f.migrant in ("yes", "no"):
        qs = qs.filter(is_migrant_worker=(f.migrant == "yes"))
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by("org_id", "id")


@dataclass(frozen=True)
class ListCounts:
    listed: int  # every status
    current: int  # 在册会员 among them


def member_list_counts(*, user: Actor, filters: MemberFilters) -> ListCounts | None:
    """How many members member_list lists (and how many of them are current), read from the
    roster tally when no filter but organisation, gender, migrant flag and status is set;
    None otherwise, and the caller counts the list itself (exact, but a scan of the subtree
    when the filter is not selective)."""
    f = filters
    if f.q or f.age_band or f.education or not access.can(user, access.VIEW):
        return None
    path = access.scope_path(user)
    if f.org:
        org = Organization.objects.filter(code=f.org).first()
        if org is None or not access.orgs_for(user).filter(pk=org.pk).exists():
            return ListCounts(0, 0)  # as in_subtree: an unknown or outside code lists nothing
        path = org.path
    where: dict[str, object] = {}
    if f.gender:
        where["gender"] = f.gender
    if f.migrant in ("yes", "no"):
        where["is_migrant_worker"] = f.migrant == "yes"
    if f.status:
        where["status"] = f.status
    by_status = tally.listed_by_status(path, **where)
    current = sum(n for status, n in by_status.items() if status in CURRENT_STATUSES)
    return ListCounts(sum(by_status.values()), current)


def member_by_id_number(actor: Actor, raw: str, action: str = access.MANAGE) -> Member | None:
    """The member with this full ID number in the actor's scope for `action`, or None (also
    for a blank or malformed number): the one lookup by ID-number hash."""
    number = normalise(raw or "")
    if not number:
        return None
    qs = access.restrict(Member.objects.select_related("org"), actor, action)
    return qs.filter(id_number_hash=id_number_hash(number)).first()


def members_by_id_numbers(
    numbers: Collection[str], qs: QuerySet[Member] | None = None
) -> dict[str, Member]:
    """Normalised full ID number → the member holding it, among `qs` (restricted by the
    caller; all members by default): the batch form of member_by_id_number, a query per
    thousand numbers. What an import passes to kesu.core.importing as its member lookup."""
    by_hash = {id_number_hash(n): n for n in numbers if n}
    hashes = list(by_hash)
    base = Member.objects.all() if qs is None else qs
    found: dict[str, Member] = {}
    for start in range(0, len(hashes), 1000):
        for member in base.filter(id_number_hash__in=hashes[start : start + 1000]):
            found[by_hash[member.id_number_hash]] = member
    return found


def member_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Member:
    return access.get_for_user(Member.objects.select_related("org"), user, action, pk=pk)


def member_transfers(*, member: Member) -> QuerySet[Transfer]:
    return member.transfers.select_related("from_org", "to_org", "created_by")
