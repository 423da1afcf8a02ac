"""Reads of activities. The UI list and the API list share activity_list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from kesu.activities.choices import TOPICS
from kesu.activities.models import Activity, Attendance, CampaignReminder
from kesu.core.actors import Actor
from kesu.core.dates import during
from kesu.core.filters import Filters, where_given
from kesu.core.parsing import lenient, parse_date
from kesu.indicators.registry import check_rollup
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.selectors import visible_in_subtree

# Declared and checked-in person-times further apart than this share get a warning.
WARN_SHARE = 0.2


@dataclass
class ActivityFilters(Filters):
    q: str = ""  # title contains
    org: str = ""  # organisation code: its whole subtree (organiser)
    kind: str = ""
    outreach: str = ""
    topic: str = ""
    campaign: str = ""  # campaign id
    date_from: str = ""  # YYYY-MM-DD, on the start date
    date_to: str = ""


def distinct_persons() -> Any:
    """Distinct members plus distinct guest phones of a set of Attendance rows (人, not 人次)."""
    guests = Q(member__isnull=True) & ~Q(guest_phone_hash="")
    return Count("member", distinct=True) + Count("guest_phone_hash", distinct=True, filter=guests)


def _per_activity(aggregate: Any) -> Coalesce:
    rows = (
        Attendance.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(n=aggregate)
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def checkin_person_times() -> Coalesce:
    """An activity's check-ins (Attendance rows, 0 without any): its person-times when it
    declared none."""
    return _per_activity(Count("pk"))


def with_checkins(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """Annotate `checkin_person_times` (Attendance rows) and `checkin_persons` (distinct)."""
    return qs.annotate(
        checkin_person_times=checkin_person_times(),
        checkin_persons=_per_activity(distinct_persons()),
    )


def activity_list(*, user: Actor, filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Activities organised inside `user`'s subtree, filtered, newest first."""
    f = filters or ActivityFilters()
    qs = Activity.objects.select_related("org", "campaign")
    qs = visible_in_subtree(qs, user=user, code=f.org)
    qs = where_given(qs, title__contains=f.q, kind=f.kind, outreach=f.outreach)
    if f.topic:
        qs = qs.filter(topics__contains=f",{f.topic},")
    if f.campaign:
        if not f.campaign.isdigit():
            return qs.none()
        qs = qs.filter(campaign_id=int(f.campaign))
    start, end = lenient(parse_date, f.date_from), lenient(parse_date, f.date_to)
    if start:
        qs = qs.filter(start__date__gte=start)
    if end:
        qs = qs.filter(start__date__lte=end)
    return with_checkins(qs).order_by("-start", "-id")


def activity_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Activity:
    qs = with_checkins(Activity.objects.select_related("org", "campaign", "copied_from"))
    return access.get_for_user(qs, user, action, pk=pk)


@dataclass(frozen=True)
class PersonTimes:
    declared: int | None  # 填报人次
    checked_in: int  # 签到人次: Attendance rows
    persons: int  # 签到人数: distinct members + distinct guest phones
    warning: str = ""

    @property
    def effective(self) -> int:
        """What the indicators count: the declared figure, else the check-ins."""
        return self.declared if self.declared is not None else self.checked_in


def person_times_warning(declared: int | None, checked_in: int) -> str:
    if declared is None or not checked_in:
        return ""
    if abs(declared - checked_in) <= WARN_SHARE * max(declared, checked_in):
        return ""
    if declared < checked_in:
        return f"填报的参与人次（{declared}）明显少于签到人次（{checked_in}），请核对填报数字。"
    return (
        f"填报的参与人次（{declared}）比签到人次（{checked_in}）多出20%以上，"
        "请确认未签到的参与者已如实计入。"
    )


def activity_person_times(activity: Activity) -> PersonTimes:
    """Declared vs checked-in person-times and distinct persons, with a warning when the
    declared and checked-in figures disagree by more than 20%."""
    checked = getattr(activity, "checkin_person_times", None)
    persons = getattr(activity, "checkin_persons", None)
    if checked is None or persons is None:
        row = Attendance.objects.filter(activity=activity).aggregate(
            checked=Count("pk"), persons=distinct_persons()
        )
        checked, persons = row["checked"] or 0, row["persons"] or 0
    declared = activity.person_times
    return PersonTimes(declared, checked, persons, person_times_warning(declared, checked))


def topic_counts(
    *, user: Actor, org: Organization, start: dt.date, end: dt.date
) -> list[tuple[str, str, int]]:
    """(topic code, name, activities) for the subtree and period; an activity with several
    topics counts once under each (so the counts need not add up to the total). Read from
    the activity roll-up; with settings.KESU_ROLLUP_CHECK counted from the records too."""
    from kesu.activities import tally  # the roll-up counts with this module's expressions

    counts: dict[str, int] = {}
    if access.orgs_for(user).filter(pk=org.pk).exists():
        counts = tally.topic_totals(org, start, end)
    check_rollup(
        "活动主题",
        counts,
        lambda: {k: v for k, v in _topic_counts(user, org, start, end).items() if v},
    )
    return [(code, str(name), counts.get(code, 0)) for code, name in TOPICS]


def _topic_counts(user: Actor, org: Organization, start: dt.date, end: dt.date) -> dict[str, int]:
    qs = access.restrict(Activity.objects.all(), user).filter(
        org__path__startswith=org.path, **during("start", start, end)
    )
    return qs.aggregate(
        **{code: Count("pk", filter=Q(topics__contains=f",{code},")) for code, _name in TOPICS}
    )


def pending_reminders(org: Organization) -> list[CampaignReminder]:
    """催报 addressed to `org` for campaigns it has still filed no activity for: the latest
    reminder per campaign, newest first (the workbench's "上级催报" list). Each carries
    `campaign` (with its launcher `campaign.org`), `sent_at`, `note`."""
    reminders = list(
        CampaignReminder.objects.filter(org=org).select_related("campaign", "campaign__org")
    )
    if not reminders:
        return []
    campaign_ids = {r.campaign_id for r in reminders}
    reported = set(
        Activity.objects.filter(campaign_id__in=campaign_ids, org__path__startswith=org.path)
        .values_list("campaign_id", flat=True)
        .distinct()
    )
    latest: dict[int, CampaignReminder] = {}
    for r in reminders:  # newest first (model ordering)
        if r.campaign_id not in reported:
            latest.setdefault(r.campaign_id, r)
    return list(latest.values())
