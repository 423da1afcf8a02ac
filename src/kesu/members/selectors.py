"""Reads of the roster. The UI list, the API list and the Excel export share member_list."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from kesu.core.actors import Actor
from kesu.core.filters import Filters
from kesu.members import tally
from kesu.members.ages import band_filter
from kesu.members.choices import CURRENT_STATUSES
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
        born = band_filter(f.age_band, timezone.localdate())
        if born is not None:
            qs = qs.filter(born)
    if f.education:
        qs = qs.filter(education=f.education)
    if f.migrant in ("yes", "no"):
        qs = qs.filter(is_migrant_worker=(f.migrant == "yes"))
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.order_by("org_id", "id")


# Beyond this many, a list the roll-up cannot count (a name or number search) says "more
# than" instead of counting every match: a one-character name over a province is a million.
COUNT_CAP = 10_000


@dataclass(frozen=True)
class ListCounts:
    listed: int  # every status; with `capped`, only "more than COUNT_CAP"
    current: int | None  # 在册会员 among them (None: with a status filter, or when capped)
    capped: bool = False


def member_list_counts(*, user: Actor, filters: MemberFilters) -> ListCounts | None:
    """How many members member_list lists (and how many of them are current), read from the
    roster roll-up (RosterStatus, RosterCell) for any choice of the list's dropdown filters
    (organisation, gender, age band, education, migrant flag, status); None when a search
    text is given: no roll-up counts that (see member_list_totals)."""
    f = filters
    if f.q or not access.can(user, access.VIEW):
        return None
    path = access.scope_path(user)
    if f.org:
        org = Organization.objects.filter(code=f.org).first()
        if org is None or not access.orgs_for(user).filter(pk=org.pk).exists():
            return ListCounts(0, 0)  # as in_subtree: an unknown or outside code lists nothing
        path = org.path
    if f.age_band and band_filter(f.age_band, timezone.localdate()) is None:
        return None  # an unknown band does not filter the list (as member_list)
    wanted = {
        "gender": f.gender,
        "education": f.education,
        "band": f.age_band,
        "status": f.status,
        "is_migrant_worker": {"yes": True, "no": False}.get(f.migrant),
    }
    where = {column: value for column, value in wanted.items() if value not in ("", None)}
    by_status = tally.listed_by_status(path, **where)
    current = sum(n for status, n in by_status.items() if status in CURRENT_STATUSES)
    return ListCounts(sum(by_status.values()), current)


def member_list_totals(
    *, user: Actor, filters: MemberFilters, members: QuerySet[Member]
) -> ListCounts:
    """The totals the roster list shows over `members` (member_list's answer): exact from the
    roll-up when it can, else counted up to COUNT_CAP (an index-bounded scan, never the
    whole subtree). `current` is None with a status filter (the list then says nothing
    about current members)."""
    counts = member_list_counts(user=user, filters=filters)
    if counts is not None and getattr(settings, "KESU_ROLLUP_CHECK", False):
        # The test suite: every roster page checks the roll-up against counting its rows.
        direct = ListCounts(members.count(), current_members(members).count())
        if direct != counts:
            raise RuntimeError(f"名册汇总 {counts} 与直接计数 {direct} 不符：{filters}")
    if counts is None:
        listed = count_up_to(members)
        if listed > COUNT_CAP:  # "more than 10,000" says enough; a second count would not
            return ListCounts(COUNT_CAP, None, capped=True)
        current = None if filters.status else current_members(members).count()
        return ListCounts(listed, current)
    return ListCounts(counts.listed, None) if filters.status else counts


def member_list_count(*, user: Actor, filters: MemberFilters, rows: QuerySet[Member]) -> int:
    """The API list's `count` of `rows` (member_list's answer): exact from the roll-up under
    the dropdown filters; with a search, counted up to COUNT_CAP + 1 ("more than the cap")."""
    counts = member_list_counts(user=user, filters=filters)
    return count_up_to(rows) if counts is None else counts.listed


def count_up_to(qs: QuerySet[Member], cap: int = COUNT_CAP) -> int:
    """len(qs) when at most `cap`, else cap + 1: SELECT COUNT(*) FROM (… LIMIT)."""
    return qs.order_by()[: cap + 1].count()


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
