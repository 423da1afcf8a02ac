"""Suggested text for 存在的问题 and 下一步工作计划, computed from records.

Nothing here is written into a summary by itself: the page shows it marked 建议 until the
user accepts or edits it, and a file is never exported with a part the user has not
written or accepted. The findings, each from the existing selectors:

- plan targets behind the share of the year gone (plans.selectors.plan_progress, red light);
- child units with no activity in the range (indicator breakdown of activities.count);
- child units with no upward report for the range (submissions.selectors.children_status);
- key indicators lower than in the same range a year earlier (indicators.selectors);
- hardship files whose annual review is overdue (hardship.selectors.overdue).

Next year's plan is written from next year's targets when the plan has them, else from the
findings above.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from kesu.core.actors import Actor
from kesu.indicators import registry
from kesu.indicators.selectors import indicator_breakdown, indicator_values
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.reports.numbers import fmt
from kesu.reports.summary import ORDINALS

NAMED = 5  # units named before "等N个单位"
# Additive figures compared with the same range a year earlier.
COMPARED = (
    "activities.count",
    "activities.person_times",
    "activities.materials",
    "training.person_times",
    "publications.count",
    "members.joined",
)


@dataclass
class _Findings:
    lagging: list[str] = field(default_factory=list)  # "科普活动完成年任务的40.0%"
    lagging_names: list[str] = field(default_factory=list)
    idle: list[str] = field(default_factory=list)  # child units without activity
    unreported: list[str] = field(default_factory=list)
    down: list[str] = field(default_factory=list)  # "科普活动同比下降12.5%"
    overdue: int = 0


@dataclass(frozen=True)
class Suggestions:
    problems: str = ""
    next_plan: str = ""

    def get(self, part: str) -> str:
        return getattr(self, part, "")


def _names(names: list[str]) -> str:
    shown = "、".join(names[:NAMED])
    return f"{shown}等{len(names)}个单位" if len(names) > NAMED else shown


def _numbered(points: list[str]) -> str:
    """One line per point, "一是…" only when there are several (a single point stands alone)."""
    if len(points) == 1:
        return points[0]
    return "\n".join(f"{ORDINALS[i]}是{p}" for i, p in enumerate(points[: len(ORDINALS)]))


def _lagging(user: Actor, org: Organization, end: dt.date, found: _Findings) -> None:
    from kesu.plans.selectors import RED, plan_progress

    for row in plan_progress(user=user, org=org, year=end.year, today=end):
        if row.light == RED and row.completion is not None:
            found.lagging_names.append(row.name)
            found.lagging.append(
                f"{row.name}完成年任务的{row.completion}%，低于时间进度{row.expected}%"
            )


def _children(user: Actor, org: Organization, start: dt.date, end: dt.date, found: _Findings):
    from kesu.submissions.selectors import children_status

    rows = indicator_breakdown(
        user=user, code="activities.count", org=org, start=start, end=end, by="org"
    )
    found.idle = [r.label for r in rows[1:] if not r.value]
    if end < timezone.localdate() or end.month == 12:
        statuses = children_status(user=user, parent=org, start=start, end=end)
        found.unreported = [s.org.name for s in statuses if s.submission is None]


def _shifted(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _down(user: Actor, org: Organization, start: dt.date, end: dt.date, found: _Findings) -> None:
    codes = [c for c in COMPARED if registry.is_registered(c)]
    now = indicator_values(user=user, org=org, start=start, end=end, codes=codes)
    before = indicator_values(
        user=user, org=org, start=_shifted(start), end=_shifted(end), codes=codes
    )
    for current, previous in zip(now, before, strict=True):
        if previous.value and (current.value or 0) < previous.value:
            drop = Decimal(previous.value - (current.value or 0)) * 100 / Decimal(previous.value)
            share = drop.quantize(Decimal("0.1"), ROUND_HALF_UP)
            found.down.append(f"{current.name}同比下降{share}%")


def _overdue(user: Actor, org: Organization, end: dt.date, found: _Findings) -> None:
    from kesu.hardship.models import HardshipCase
    from kesu.hardship.selectors import overdue

    cases = access.restrict(HardshipCase.objects.filter(org__path__startswith=org.path), user)
    found.overdue = overdue(cases, min(end, timezone.localdate())).count()


def _problems(found: _Findings) -> list[str]:
    points = []
    if found.lagging:
        points.append(f"部分指标进度滞后于时间进度，{'；'.join(found.lagging)}。")
    if found.idle:
        points.append(f"基层工作开展不够平衡，{_names(found.idle)}本期未开展科普活动。")
    if found.unreported:
        points.append(f"{_names(found.unreported)}尚未向上级报送本期工作报告。")
    if found.down:
        points.append(f"部分工作同比有所下降，{'，'.join(found.down)}。")
    if found.overdue:
        points.append(f"困难职工档案管理有待加强，{found.overdue}户档案逾期未复核。")
    return points


def _next_targets(org: Organization, year: int) -> list[str]:
    from kesu.plans.models import Target

    parts = []
    for target in Target.objects.filter(plan__org=org, plan__year=year).order_by("indicator"):
        if not target.value or not registry.is_registered(target.indicator):
            continue
        indicator = registry.get(target.indicator)
        parts.append(f"{indicator.name}{fmt(target.value, indicator.unit, 'exact')}")
    return parts


def _plan(org: Organization, end: dt.date, found: _Findings) -> list[str]:
    points = []
    targets = _next_targets(org, end.year + 1)
    if targets:
        points.append(f"按照{end.year + 1}年工作计划，力争完成{'、'.join(targets)}等目标任务。")
    if found.lagging_names:
        names = "、".join(found.lagging_names)
        points.append(f"针对{names}等进度滞后的指标，加大推进力度，确保完成年度任务。")
    if found.idle or found.unreported:
        points.append("加强对基层工会的督促指导，推动各单位均衡开展工作并按时报送。")
    if found.overdue:
        points.append("及时完成困难职工档案年度复核，做到应帮尽帮、动态管理。")
    return points


def suggest(*, user: Actor, org: Organization, start: dt.date, end: dt.date) -> Suggestions:
    """Suggested 存在的问题 and 下一步工作计划 for `org`'s subtree over start…end (empty
    parts when the records show nothing to say)."""
    found = _Findings()
    if start.year == end.year:
        _lagging(user, org, end, found)
    _children(user, org, start, end, found)
    _down(user, org, start, end, found)
    _overdue(user, org, end, found)
    problems, plan = _problems(found), _plan(org, end, found)
    return Suggestions(
        problems=_numbered(problems) if problems else "",
        next_plan=_numbered(plan) if plan else "",
    )
