"""The summary's first section, 加强组织领导: the leading group and its office, the
division of work, the meetings, the funds and the teams, written the way the reference
summaries open ("成立了由…任组长…的领导小组及办公室", "明确分管领导、承办科室和责任人员",
"派员参加…协调会议", "落实科普工作经费X万元，其中…", "组建科普志愿者队伍…").

Only what the records hold is written: a point without records is left out, and the section
is empty when none has any. Counts come from the indicator registry (each figure keeps its
code and evidence); names (组长、分管领导…) come from the organisation's own records of the
range's last year."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kesu.funds.selectors import funds_overview
from kesu.indicators.links import evidence_url
from kesu.leadership.models import GroupRole, Meeting, MeetingMode, TeamKind, WorkArea
from kesu.leadership.selectors import group_of
from kesu.orgs import access
from kesu.reports.numbers import fmt
from kesu.reports.summary import Paragraph, Segment, SummaryFigure, ordinal

TITLE = "加强组织领导，落实工作保障"
NAMED_MEMBERS = 3  # members named before "等N人"
NAMED_TOPICS = 2  # meeting topics quoted


def _person(member: Any) -> str:
    return f"{member.job_title}{member.name}" if member.job_title else member.name


def _people(members: list[Any], limit: int | None = None) -> str:
    shown = members if limit is None else members[:limit]
    text = "、".join(_person(m) for m in shown)
    return f"{text}等{len(members)}人" if limit is not None and len(members) > limit else text


def _quoted(text: str) -> str:
    """A topic in quotation marks, once: one that carries its own is written as it is."""
    text = text.strip()
    return text if any(mark in text for mark in '“”"「」') else f"“{text}”"


class _Writer:
    """Builds one point's segments; `figures` is the summary's indicator cache."""

    def __init__(self, figures: Any) -> None:
        self.figures = figures
        self.org, self.start, self.end = figures.org, figures.start, figures.end
        self.user, self.style = figures.user, figures.style

    def figure(self, code: str, sentence: str) -> SummaryFigure:
        return self.figures.get(code, sentence)

    def own(self, code: str, value: Any, unit: str) -> SummaryFigure:
        """A figure that is a part of indicator `code` (its evidence is the indicator's)."""
        url = evidence_url(code, self.org.code, self.start, self.end)
        return SummaryFigure(code, value, unit, fmt(value, unit, self.style), url)

    # ------------------------------------------------------------ the points

    def group(self) -> list[Segment]:
        group = group_of(user=self.user, org=self.org, year=self.end.year)
        if group is None:
            return []
        members = list(group.members.all())
        by_role = {role: [m for m in members if m.role == role] for role in GroupRole.values}
        parts = []
        if by_role[GroupRole.LEADER]:
            parts.append(f"{_people(by_role[GroupRole.LEADER])}任组长")
        if by_role[GroupRole.DEPUTY]:
            parts.append(f"{_people(by_role[GroupRole.DEPUTY])}任副组长")
        if by_role[GroupRole.MEMBER]:
            parts.append(f"{_people(by_role[GroupRole.MEMBER], NAMED_MEMBERS)}为成员")
        text = (
            f"建立组织机构。成立了由{'，'.join(parts)}的{group.name}"
            if parts
            else (f"建立组织机构。成立了{group.name}")
        )
        if group.office_section:
            text += f"，领导小组下设办公室，办公室设在{group.office_section}"
            if group.office_contact:
                text += f"，由{group.office_contact}负责日常工作"
            if group.office_phone:
                text += f"（联系电话{group.office_phone}）"
        return [(text + "，形成了主要领导亲自抓、班子成员协调配合、齐抓共管的工作格局", None)]

    def areas(self) -> list[Segment]:
        rows = access.restrict(WorkArea.objects.filter(org=self.org, year=self.end.year), self.user)
        clauses = []
        for area in rows.order_by("area"):
            who = f"由{area.leader_in_charge}分管、{area.lead_section}承办"
            if area.responsible_staff:
                who += f"、{area.responsible_staff}具体负责"
            clauses.append(f"{area.get_area_display()}工作{who}")
        if not clauses:
            return []
        return [
            (
                "明确责任分工。" + "；".join(clauses) + "，做到任务层层分解，落实到科室和经办人员",
                None,
            )
        ]

    def meetings(self) -> list[Segment]:
        held = self.figure("meetings.held", "召开专题会议、推进会【meetings.held】")
        attended = self.figure("meetings.attended", "派员参加协调会议【meetings.attended】")
        if not held.value and not attended.value:
            return []
        segments: list[Segment] = [("加强统筹协调。", None)]
        if held.value:
            own = Meeting.objects.filter(
                org=self.org, mode=MeetingMode.HELD, held_on__range=(self.start, self.end)
            )
            topics = [
                _quoted(t)
                for t in access.restrict(own, self.user)
                .order_by("held_on", "pk")
                .values_list("topic", flat=True)[:NAMED_TOPICS]
            ]
            segments += [("召开专题会议、推进会", None), (held.text, held)]
            if topics:
                segments.append(("，研究部署" + "、".join(topics) + "等工作", None))
        if attended.value:
            segments += [
                ("，" if held.value else "", None),
                ("派员参加上级协调会议", None),
                (attended.text, attended),
            ]
        return segments

    def funds(self) -> list[Segment]:
        overview = funds_overview(user=self.user, org=self.org, start=self.start, end=self.end)
        if not overview.budget and not overview.spent:
            return []
        segments: list[Segment] = [("想方设法落实经费。", None)]
        if overview.budget:
            total = self.figure("funds.budget", "落实科普工作经费【funds.budget】")
            segments += [("落实科普工作经费", None), (total.text, total)]
            parts = [a for a in overview.areas if a.budget]
            if len(parts) > 1:
                segments.append(("，其中", None))
                for n, area in enumerate(parts):
                    figure = self.own("funds.budget", area.budget, "元")
                    segments += [
                        ("、" if n else "", None),
                        (area.label, None),
                        (figure.text, figure),
                    ]
        if overview.spent:
            spent = self.figure("funds.spent", "支出工作经费【funds.spent】")
            segments += [
                ("；" if overview.budget else "", None),
                ("支出", None),
                (spent.text, spent),
            ]
            if overview.share is not None:
                share = self.own("funds.spent", overview.share, "%")
                segments += [("，占预算的", None), (f"{overview.share}%", share)]
        segments.append(("，切实保障工作顺利开展", None))
        return segments

    def teams(self) -> list[Segment]:
        teams = self.figure("teams.count", "组建志愿者与讲师队伍【teams.count】")
        if not teams.value:
            return []
        from kesu.indicators.registry import Scope, get

        standing = get("teams.count").records(Scope(self.org, self.start, self.end))
        standing = access.restrict(standing, self.user)
        kinds = []
        for kind, label in TeamKind.choices:
            n = standing.filter(kind=kind).count()
            if n:
                kinds.append((label, self.own("teams.count", n, "支")))
        segments: list[Segment] = [("加强队伍建设。组建", None)]
        for i, (label, figure) in enumerate(kinds):
            segments += [("、" if i else "", None), (str(label), None), (figure.text, figure)]
        people = self.figure("volunteers.count", "共有队员【volunteers.count】")
        if people.value:
            segments += [("，共有队员", None), (people.text, people)]
        services = self.figure("volunteers.services", "参与志愿服务【volunteers.services】")
        if services.value:
            hours = self.figure("volunteers.hours", "服务时长【volunteers.hours】")
            segments += [
                ("，参与科普活动志愿服务", None),
                (services.text, services),
                ("，服务时长", None),
                (hours.text, hours),
            ]
        return segments

    def points(self) -> list[list[Segment]]:
        steps: tuple[Callable[[], list[Segment]], ...] = (
            self.group,
            self.areas,
            self.meetings,
            self.funds,
            self.teams,
        )
        return [segments for segments in (step() for step in steps) if segments]


def organisation_paragraphs(figures: Any) -> list[Paragraph]:
    """The points of the first section ("一是建立组织机构。…"), each a paragraph; a single
    point is written without 一是."""
    points = _Writer(figures).points()
    paragraphs = []
    for i, segments in enumerate(points):
        lead = [(f"{ordinal(i + 1)}是", None)] if len(points) > 1 else []
        pieces = [*lead, *segments, ("。", None)]
        paragraphs.append(
            Paragraph(
                "".join(t for t, _ in pieces),
                tuple(f for _, f in pieces if f is not None),
                segments=tuple(pieces),
            )
        )
    return paragraphs


def organisation_section(figures: Any) -> tuple[str, tuple[Paragraph, ...]] | None:
    """(title, paragraphs) of the section, None when no record of it exists."""
    paragraphs = organisation_paragraphs(figures)
    return (TITLE, tuple(paragraphs)) if paragraphs else None
