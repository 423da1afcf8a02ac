"""What a cadre has to do today: open tasks, reports, child units, targets, activities,
hardship reviews and background jobs — each read through the owning app's selectors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from kesu.activities.selectors import activity_list
from kesu.archive.models import SummaryExport
from kesu.core.actors import Actor
from kesu.hardship.models import HardshipCase
from kesu.hardship.selectors import overdue
from kesu.hardship.validation import can_see_details
from kesu.members.models import ExportJob, ImportJob
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.plans.models import TaskStatus
from kesu.plans.selectors import RED, my_tasks, plan_progress
from kesu.submissions.models import Submission
from kesu.workbench import hooks
from kesu.workbench.items import LIMIT, Item, Section, day, url

UPCOMING_DAYS = 14


def _cut(section: Section, items: list[Item]) -> Section:
    section.items = items[:LIMIT]
    if len(items) > LIMIT:
        section.count = len(items)
    return section


def tasks(user: Actor, today: dt.date) -> Section:
    rows = list(my_tasks(user=user).exclude(status=TaskStatus.DONE)[: LIMIT + 20])
    items = [
        Item(
            t.title,
            url("plans:my_tasks"),
            f"截止 {day(t.deadline)}" + ("（已逾期）" if t.is_overdue(today) else "")
            if t.deadline
            else "未设截止日期",
            "warn" if t.is_overdue(today) else "",
        )
        for t in rows
    ]
    return _cut(
        Section("tasks", "我的待办任务", more_url=url("plans:my_tasks"), empty="没有待办任务"),
        items,
    )


def reports_up(user: Actor, org: Any, today: dt.date) -> Section:
    """This unit's reports to its parent: returned ones first, or a reminder to report."""
    section = Section(
        "reports_up",
        "向上级报送",
        more_url=url("submissions:index"),
        more_label="去报送",
        empty="本年度报送均已接收",
    )
    if org is None or org.parent_id is None:
        section.empty = "本单位没有上级，无需报送"
        return section
    mine = list(Submission.objects.filter(org=org, start__year=today.year).order_by("-end"))
    items = [
        Item(
            f"{day(s.start)}至{day(s.end)}的报送被退回",
            url("submissions:detail", s.pk),
            s.comment or "请修改后重新报送",
            "warn",
        )
        for s in mine
        if s.status == Submission.Status.RETURNED
    ]
    if not mine:
        items.append(
            Item(
                f"{today.year}年尚未向上级报送",
                url("submissions:index"),
                "汇总本单位数据后一键报送",
                "warn",
            )
        )
    return _cut(section, items)


def children_missing(user: Actor, org: Any, today: dt.date) -> Section:
    section = Section(
        "children", "下级未报送单位", more_url=url("submissions:index"), empty="下级单位均已报送"
    )
    if org is None:
        return section
    children = access.orgs_for(user).filter(parent=org, is_active=True).order_by("code")
    reported = set(
        Submission.objects.filter(parent=org, start__year=today.year).values_list(
            "org_id", flat=True
        )
    )
    items = [
        Item(c.name, url("submissions:index"), f"{today.year}年尚未报送", "warn")
        for c in children
        if c.pk not in reported
    ]
    if not children:
        section.empty = "本单位没有下级单位"
    return _cut(section, items)


def targets(user: Actor, org: Any, today: dt.date) -> Section:
    plan_url = url("plans:detail", org=org.code if org else "", year=today.year)
    section = Section(
        "targets",
        f"{today.year}年目标完成情况",
        more_url=plan_url,
        more_label="查看年度计划",
        empty="本年度尚未设定目标",
    )
    if org is None:
        return section
    rows = plan_progress(user=user, org=org, year=today.year, today=today)
    if not rows:
        return section
    behind = [r for r in rows if r.light == RED]
    done = sum(1 for r in rows if r.completion is None or r.completion >= 100)
    section.items = [
        Item(
            f"共 {len(rows)} 项目标，已完成 {done} 项，落后 {len(behind)} 项",
            plan_url,
            tone="warn" if behind else "ok",
        )
    ]
    section.items += [
        Item(
            r.name,
            plan_url,
            f"完成 {r.completion if r.completion is not None else '—'}%，应达 {r.expected}%",
            "warn",
        )
        for r in behind[:LIMIT]
    ]
    return section


def upcoming(user: Actor, today: dt.date) -> Section:
    now = timezone.now()
    rows = list(
        activity_list(user=user)
        .filter(start__gte=now, start__lt=now + dt.timedelta(days=UPCOMING_DAYS))
        .order_by("start")[: LIMIT + 1]
    )
    items = [
        Item(
            a.title,
            url("activities:detail", a.pk),
            f"{timezone.localtime(a.start):%m月%d日 %H:%M}".lstrip("0")
            + (f" · {a.place}" if a.place else ""),
        )
        for a in rows
    ]
    return _cut(
        Section(
            "activities",
            f"近{UPCOMING_DAYS}天的活动",
            more_url=url("activities:calendar"),
            more_label="活动日历",
            empty="近期没有安排活动",
        ),
        items,
    )


def hardship_reviews(user: Actor, today: dt.date) -> Section:
    qs = overdue(access.restrict(HardshipCase.objects.all(), user), today).order_by("review_due_on")
    rows = list(qs[: LIMIT + 1])
    # Roles that may not open a file's details are taken to the list instead.
    detail = can_see_details(user)
    items = [
        Item(
            str(c),
            url("hardship:case_detail", c.pk) if detail else url("hardship:cases", flag="overdue"),
            f"复核应于 {c.review_due_on:%Y年%m月%d日} 前完成",
            "warn",
        )
        for c in rows
    ]
    section = _cut(
        Section(
            "hardship",
            "困难职工档案待复核",
            more_url=url("hardship:cases", flag="overdue"),
            empty="没有到期未复核的档案",
        ),
        items,
    )
    if len(rows) > LIMIT:
        section.count = qs.count()
    return section


# The background jobs a user starts: model, how an item names one, its page.
_JOBS: tuple[tuple[Any, Callable[[Any], str], str], ...] = (
    (ImportJob, lambda job: f"导入名册：{job.original_name}", "members:import_job"),
    (ExportJob, lambda job: "导出名册", "members:export_job"),
    (SummaryExport, lambda job: "导出科学素质档案", "archive:export_job"),
)


def jobs(user: Actor) -> Section:
    """The user's recent imports and exports, newest first, with their state."""
    found: list[tuple[Any, Item]] = []
    for model, title, view in _JOBS:
        for job in model.objects.filter(created_by=user).order_by("-created_at")[:LIMIT]:
            failed = job.status == model.Status.FAILED
            item = Item(
                title(job), url(view, job.pk), job.get_status_display(), "warn" if failed else ""
            )
            found.append((job.created_at, item))
    found.sort(key=lambda pair: pair[0], reverse=True)
    can_import = access.can(user, access.CHANGE)
    return Section(
        "jobs",
        "最近的导入导出",
        [item for _when, item in found[:LIMIT]],
        more_url=url("members:import") if can_import else "",
        more_label="导入名册",
        empty="最近没有导入或导出",
    )


def _reminder(r: Any) -> Item:
    """A CampaignReminder (campaign, note, sent_at) as a workbench item."""
    campaign = getattr(r, "campaign", None)
    if campaign is None:
        return Item(str(r), url("campaigns:list"), tone="warn")
    sent = getattr(r, "sent_at", None)
    detail = getattr(r, "note", "") or "请尽快登记本单位参加的活动"
    if sent:
        detail = f"{day(timezone.localtime(sent))}催报 · {detail}"
    return Item(
        f"{campaign}（{campaign.org.name}）", url("campaigns:detail", campaign.pk), detail, "warn"
    )


def reminders(org: Any) -> Section:
    """催报 from a higher level for campaigns this unit has not reported."""
    items = [_reminder(r) for r in hooks.campaign_reminders(org)]
    return _cut(
        Section(
            "reminders",
            "上级催报",
            more_url=url("campaigns:list"),
            more_label="主题活动",
            empty="没有催报",
        ),
        items,
    )


def cadre_sections(user: Actor, today: dt.date | None = None) -> list[Section]:
    today = today or timezone.localdate()
    # A platform administrator (no organisation) works from the root, as the dashboard does.
    org = user.org if user.org_id else Organization.objects.filter(parent__isnull=True).first()
    sections = [
        tasks(user, today),
        reminders(org),
        reports_up(user, org, today),
        children_missing(user, org, today),
        targets(user, org, today),
        upcoming(user, today),
        hardship_reviews(user, today),
        jobs(user),
    ]
    return sections
