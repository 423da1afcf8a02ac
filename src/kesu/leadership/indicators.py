"""Figures of the organisation of the work (see kesu.indicators.registry).

A leading group and a work area belong to a year: a range counts those of every year it
touches. Teams and volunteers are counted as they stand (active, formed by the end of the
range); service hours by the date served."""

from __future__ import annotations

from django.db.models import QuerySet

from kesu.indicators.declare import dated, standing, total, yearly
from kesu.indicators.registry import Dimension, Scope, month_dimension, register
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

ROLE = Dimension("role", "小组职务", "role", dict(GroupRole.choices))
AREA = Dimension("area", "工作领域", "area", dict(AreaKind.choices))
LEVEL = Dimension("level", "层级", "level", dict(MeetingLevel.choices))
TEAM_KIND = Dimension("kind", "队伍类型", "kind", dict(TeamKind.choices))
VOLUNTEER_KIND = Dimension("kind", "队伍类型", "team__kind", dict(TeamKind.choices))
SERVICE_KIND = Dimension("kind", "队伍类型", "volunteer__team__kind", dict(TeamKind.choices))
SERVED = dated(VolunteerService, "served_on")

for model, schema in (
    (GroupMember, GroupMemberOut),
    (WorkArea, WorkAreaOut),
    (Meeting, MeetingOut),
    (Team, TeamOut),
    (Volunteer, VolunteerOut),
    (VolunteerService, ServiceOut),
):
    register_evidence_schema(model, schema)


def teams_standing(scope: Scope) -> QuerySet[Team]:
    """Active teams formed by the end of the range (or with no date)."""
    return Team.objects.filter(standing("founded_on", scope), is_active=True)


def volunteers_standing(scope: Scope) -> QuerySet[Volunteer]:
    """Active people of those teams who joined by the end of the range (or with no date)."""
    return Volunteer.objects.filter(
        standing("joined_on", scope), is_active=True, team__in=teams_standing(scope)
    )


register(
    "leadership.members",
    name="领导小组成员",
    unit="人",
    description="起止日期所在年度的领导小组成员（组长、副组长、成员）。",
    evidence=yearly(GroupMember, "group__year"),
    org_field="group__org",
    dimensions=(ROLE,),
)
register(
    "leadership.work_areas",
    name="明确分工的工作领域",
    unit="项",
    description="起止日期所在年度登记了分管领导、承办科室的工作领域。",
    evidence=yearly(WorkArea),
    dimensions=(AREA,),
)
register(
    "meetings.held",
    name="召开会议",
    unit="场",
    description="日期在起止日期之间、本组织召开的专题会议、推进会等。",
    evidence=dated(Meeting, "held_on", mode=MeetingMode.HELD),
    dimensions=(LEVEL, month_dimension("held_on", "月份")),
)
register(
    "meetings.attended",
    name="参加会议",
    unit="场",
    description="日期在起止日期之间、本组织派员参加的上级或联席协调会议。",
    evidence=dated(Meeting, "held_on", mode=MeetingMode.ATTENDED),
    dimensions=(LEVEL, month_dimension("held_on", "月份")),
)
register(
    "teams.count",
    name="志愿者与讲师队伍",
    unit="个",
    description="在册的科普志愿者队伍和讲师团，组建日期不晚于截止日期或未填写。",
    evidence=teams_standing,
    dimensions=(TEAM_KIND,),
)
register(
    "volunteers.count",
    name="队员",
    unit="人",
    description="上述队伍中在队的队员，加入日期不晚于截止日期或未填写。",
    evidence=volunteers_standing,
    org_field="team__org",
    dimensions=(VOLUNTEER_KIND,),
)
register(
    "volunteers.hours",
    name="志愿服务时长",
    unit="小时",
    description="服务日期在起止日期之间的志愿服务时长之和。",
    aggregate=total("hours"),
    dimensions=(SERVICE_KIND, month_dimension("served_on", "月份")),
    evidence=SERVED,
    org_field="volunteer__team__org",
)
register(
    "volunteers.services",
    name="志愿服务",
    unit="人次",
    description="服务日期在起止日期之间的志愿服务记录（一人一次服务计一人次）。",
    dimensions=(SERVICE_KIND,),
    evidence=SERVED,
    org_field="volunteer__team__org",
)
