"""Figures of the organisation of the work (see kesu.indicators.registry).

A leading group and a work area belong to a year: a range counts those of every year it
touches. Teams and volunteers are counted as they stand (active, formed by the end of the
range); service hours by the date served."""

from __future__ import annotations

from django.db.models import QuerySet

from kesu.indicators.declare import Records, as_of, by_choice, dated, standing, yearly
from kesu.indicators.registry import Scope, month_dimension
from kesu.indicators.schemas import register_evidence_schema
from kesu.leadership.models import (
    AreaKind,
    GroupMember,
    GroupRole,
    Meeting,
    MeetingLevel,
    MeetingMode,
    Team,
    TeamKind,
    Volunteer,
    VolunteerService,
    WorkArea,
)
from kesu.leadership.schemas import (
    GroupMemberOut,
    MeetingOut,
    ServiceOut,
    TeamOut,
    VolunteerOut,
    WorkAreaOut,
)

ROLE = by_choice("role", "小组职务", GroupRole)
AREA = by_choice("area", "工作领域", AreaKind)
LEVEL = by_choice("level", "层级", MeetingLevel)
TEAM_KIND = by_choice("kind", "队伍类型", TeamKind)
VOLUNTEER_KIND = by_choice("kind", "队伍类型", TeamKind, "team__kind")
SERVICE_KIND = by_choice("kind", "队伍类型", TeamKind, "volunteer__team__kind")

for model, schema in (
    (GroupMember, GroupMemberOut),
    (WorkArea, WorkAreaOut),
    (Meeting, MeetingOut),
    (Team, TeamOut),
    (Volunteer, VolunteerOut),
    (VolunteerService, ServiceOut),
):
    register_evidence_schema(model, schema)

# Active teams formed by the end of the range (or with no date).
teams_standing = as_of(Team, "founded_on", is_active=True)


def volunteers_standing(scope: Scope) -> QuerySet[Volunteer]:
    """Active people of those teams who joined by the end of the range (or with no date)."""
    return Volunteer.objects.filter(
        standing("joined_on", scope), is_active=True, team__in=teams_standing(scope)
    )


Records(yearly(GroupMember, "group__year"), "group__org", (ROLE,)).count(
    "leadership.members",
    "领导小组成员",
    "人",
    "起止日期所在年度的领导小组成员（组长、副组长、成员）。",
)
Records(yearly(WorkArea), dimensions=(AREA,)).count(
    "leadership.work_areas",
    "明确分工的工作领域",
    "项",
    "起止日期所在年度登记了分管领导、承办科室的工作领域。",
)
MEETINGS = Records(
    dated(Meeting, "held_on"), dimensions=(LEVEL, month_dimension("held_on", "月份"))
)
for mode, code, name, text in (
    (MeetingMode.HELD, "meetings.held", "召开会议", "本组织召开的专题会议、推进会等"),
    (MeetingMode.ATTENDED, "meetings.attended", "参加会议", "本组织派员参加的上级或联席协调会议"),
):
    MEETINGS.where(mode=mode).count(code, name, "场", f"日期在起止日期之间、{text}。")
Records(teams_standing, dimensions=(TEAM_KIND,)).count(
    "teams.count",
    "志愿者与讲师队伍",
    "个",
    "在册的科普志愿者队伍和讲师团，组建日期不晚于截止日期或未填写。",
)
Records(volunteers_standing, "team__org", (VOLUNTEER_KIND,)).count(
    "volunteers.count",
    "队员",
    "人",
    "上述队伍中在队的队员，加入日期不晚于截止日期或未填写。",
)
SERVED = Records(dated(VolunteerService, "served_on"), "volunteer__team__org", (SERVICE_KIND,))
SERVED.total(
    "hours",
    "volunteers.hours",
    "志愿服务时长",
    "小时",
    "服务日期在起止日期之间的志愿服务时长之和。",
    dimensions=(SERVICE_KIND, month_dimension("served_on", "月份")),
)
SERVED.count(
    "volunteers.services",
    "志愿服务",
    "人次",
    "服务日期在起止日期之间的志愿服务记录（一人一次服务计一人次）。",
)
