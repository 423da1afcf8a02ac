"""API shapes of the leadership records. `org` is an organisation code; choices are codes
(the `*_name` fields give the Chinese); the model's rules judge the values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kesu.core.schemas import (
    BoundedDecimal,
    Count,
    Day,
    Id,
    OrgRecordOut,
    PartialIn,
    Year,
    display,
)
from kesu.leadership.models import AreaKind
from kesu.web.api_schemas import code_list
from kesu.web.api_support import PageQuery

Text = str  # lengths are the model's (RecordError names the field)
LongText = str
Hours = BoundedDecimal(5, 1)


class RecordListQuery(PageQuery):
    org: str = Field("", description="组织编码（含下级）")
    year: Year | None = None
    area: str = Field("", description="工作领域代码")
    kind: str = Field("", description="队伍类型：volunteers / lecturers")
    mode: str = Field("", description="会议方式：held / attended")


class _In(PartialIn):
    org: str | None = Field(None, description="所属组织编码（新增时必填）")


# ---------------------------------------------------------------- leading group


class GroupMemberIn(PartialIn):
    role: str | None = Field(None, description="leader 组长 / deputy 副组长 / member 成员")
    name: Text | None = None
    job_title: Text | None = None
    user: Id | None = Field(None, description="关联账号编号（可选）")
    position: Count | None = Field(None, description="排序")


class GroupMemberOut(Schema):
    id: int
    role: str
    role_name: str
    name: str
    job_title: str
    user: int | None = Field(None, alias="user_id")
    position: int

    resolve_role_name = display("role")


class LeadingGroupIn(_In):
    year: Year | None = None
    name: Text | None = None
    office_section: Text | None = Field(None, description="办公室设在（科室）")
    office_contact: Text | None = None
    office_phone: Text | None = None
    notes: LongText | None = None


class LeadingGroupOut(OrgRecordOut):
    year: int
    name: str
    office_section: str
    office_contact: str
    office_phone: str
    notes: str
    members: list[GroupMemberOut]

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return list(obj.members.all())


# ---------------------------------------------------------------- work areas


class WorkAreaIn(_In):
    year: Year | None = None
    area: str | None = Field(None, description=code_list(AreaKind))
    leader_in_charge: Text | None = Field(None, description="分管领导")
    lead_section: Text | None = Field(None, description="承办科室")
    responsible_staff: Text | None = Field(None, description="责任人")
    notes: LongText | None = None


class WorkAreaOut(OrgRecordOut):
    year: int
    area: str
    area_name: str
    leader_in_charge: str
    lead_section: str
    responsible_staff: str
    notes: str

    resolve_area_name = display("area")


# ---------------------------------------------------------------- meetings


class MeetingIn(_In):
    mode: str | None = Field(None, description="held 召开 / attended 参加")
    held_on: Day | None = None
    level: str | None = Field(None, description="own 本级 / superior 上级 / joint 联席")
    topic: Text | None = None
    attendees: Text | None = None
    decisions: LongText | None = None


class MeetingOut(OrgRecordOut):
    mode: str
    mode_name: str
    held_on: dt.date
    level: str
    level_name: str
    topic: str
    attendees: str
    decisions: str
    minutes_name: str = Field(description="会议纪要文件名（空：未上传）")

    resolve_mode_name = display("mode")
    resolve_level_name = display("level")


# ---------------------------------------------------------------- teams


class TeamIn(_In):
    kind: str | None = Field(None, description="volunteers 科普志愿者队伍 / lecturers 讲师团")
    name: Text | None = None
    founded_on: Day | None = None
    is_active: bool | None = None
    notes: LongText | None = None


class TeamOut(OrgRecordOut):
    kind: str
    kind_name: str
    name: str
    founded_on: dt.date | None
    is_active: bool
    notes: str

    resolve_kind_name = display("kind")


class VolunteerIn(PartialIn):
    member: Id | None = Field(None, description="会员编号（花名册中的会员）")
    name: Text | None = Field(None, description="姓名（关联会员时可省略）")
    employer: Text | None = None
    speciality: Text | None = None
    phone: str | None = Field(None, description="手机号，加密保存，显示为掩码")
    id_number: str | None = Field(None, description="身份证号，加密保存，显示为掩码")
    joined_on: Day | None = None
    is_active: bool | None = None


class VolunteerOut(Schema):
    id: int
    team: int = Field(alias="team_id")
    member: int | None = Field(None, alias="member_id")
    name: str
    employer: str
    speciality: str
    phone: str = Field(description="有权限的角色看到完整号码，其余为掩码")
    id_number: str = Field(alias="id_number_masked", description="掩码")
    joined_on: dt.date | None
    is_active: bool

    @staticmethod
    def resolve_phone(obj: Any, context: Any) -> str:
        from kesu.leadership.services import volunteer_phone

        return volunteer_phone(actor=context["request"].auth, volunteer=obj)


class ServiceIn(PartialIn):
    activity: Id | None = Field(None, description="服务的活动编号（可选）")
    served_on: Day | None = None
    hours: Hours | None = Field(None, description="服务时长（小时），一位小数")
    notes: Text | None = None


class ServiceOut(Schema):
    id: int
    volunteer: int = Field(alias="volunteer_id")
    activity: int | None = Field(None, alias="activity_id")
    served_on: dt.date
    hours: Decimal
    notes: str
