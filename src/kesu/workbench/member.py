"""A member's workbench: check-ins, training hours, open quizzes and contests, the archive."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kesu.activities.models import Attendance
from kesu.contests.models import Contest
from kesu.contests.selectors import member_contests
from kesu.core.actors import Actor
from kesu.members.models import Member
from kesu.quiz.selectors import open_papers_for
from kesu.training.selectors import member_enrolments
from kesu.workbench import hooks
from kesu.workbench.items import LIMIT, Item, Section, day, url


def checkins(member: Member) -> Section:
    rows = (
        Attendance.objects.filter(member=member)
        .select_related("activity")
        .order_by("-checked_in_at")[:LIMIT]
    )
    items = [
        Item(a.activity.title, url("archive:me"), day(timezone.localtime(a.checked_in_at)))
        for a in rows
    ]
    return Section(
        "checkins",
        "我的签到",
        items,
        more_url=url("archive:me"),
        more_label="我的档案",
        empty="还没有签到记录",
    )


def training(member: Member, today: dt.date) -> Section:
    rows = member_enrolments(member)
    hours = sum((p.hours for e, p in rows if e.enrolled_at.year == today.year), Decimal(0))
    items = [Item(f"{today.year}年已获 {hours.normalize():f} 学时", url("training:my"), tone="ok")]
    items += [
        Item(
            e.course.title,
            url("training:my"),
            "已结业"
            if p.completed
            else f"已学 {p.hours.normalize():f} / {p.required_hours.normalize():f} 学时",
        )
        for e, p in rows[: LIMIT - 1]
    ]
    return Section(
        "training", "我的培训", items, more_url=url("training:my"), more_label="报名培训"
    )


def quizzes(member: Member) -> Section:
    rows = [r for r in open_papers_for(member) if not r["problem"]]
    items = [
        Item(
            r["paper"].title,
            url("quiz:attempt", r["resume"].pk) if r["resume"] else url("quiz:take", r["paper"].pk),
            "继续作答"
            if r["resume"]
            else (
                f"{day(timezone.localtime(r['paper'].closes_at))}截止"
                if r["paper"].closes_at
                else "随时可答"
            ),
        )
        for r in rows[:LIMIT]
    ]
    return Section(
        "quizzes", "可参加的答题", items, more_url=url("quiz:my"), empty="暂时没有开放的答题"
    )


def contests(member: Member) -> Section:
    now = timezone.now()
    rows = member_contests(member=member).filter(status=Contest.Status.PUBLISHED, ends_at__gt=now)[
        :LIMIT
    ]
    items = [
        Item(
            c.title,
            url("contests:detail", c.pk),
            f"{day(timezone.localtime(c.ends_at))}结束"
            if c.starts_at <= now
            else f"{day(timezone.localtime(c.starts_at))}开始",
        )
        for c in rows
    ]
    return Section(
        "contests", "知识竞赛", items, more_url=url("contests:index"), empty="暂时没有进行中的竞赛"
    )


def invitations(member: Member) -> Section:
    """Sampled literacy assessments the member is invited to (when that part exists)."""
    items = [
        Item(
            str(getattr(r, "title", r)),
            str(getattr(r, "url", "") or url("archive:me")),
            f"{getattr(r, 'org_name', '')} · {day(r.period_end)}截止"
            if getattr(r, "period_end", None)
            else "",
            "warn",
        )
        for r in hooks.assessment_invitations(member)
    ]
    return Section("invitations", "科学素质测评邀请", items, empty="没有待完成的测评")


def member_sections(member: Member, today: dt.date | None = None) -> list[Section]:
    today = today or timezone.localdate()
    return [
        quizzes(member),
        contests(member),
        invitations(member),
        checkins(member),
        training(member, today),
    ]


def member_of(user: Actor) -> Member | None:
    if not getattr(user, "member_id", None):
        return None
    return Member.objects.select_related("org").filter(pk=user.member_id).first()
