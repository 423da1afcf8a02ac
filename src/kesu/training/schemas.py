"""API shapes of courses, sessions and enrolments (field names from the glossary)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from kesu.activities.choices import TARGET_GROUPS, TOPICS
from kesu.activities.validation import code_labels
from kesu.core.schemas import (
    BoundedDecimal,
    Count,
    Day,
    Id,
    OrgNamed,
    PartialIn,
    Year,
    attr,
    codes,
    patch_of,
)
from kesu.training.models import Course, Enrolment
from kesu.web.api_schemas import OrgListQuery, page_of
from kesu.web.api_support import PageQuery

_In = PartialIn


Hours = BoundedDecimal(6, 1)  # Course.planned_hours
SessionHours = BoundedDecimal(4, 1)  # Session.hours
Percent = Annotated[int, Field(ge=0, le=100)]


class CourseCreateIn(_In):
    org: str = Field(description="主办组织编码")
    title: str
    planned_hours: Hours = Field(description="计划学时，如 8 或 1.5")
    topics: list[str] = Field([], description="主题代码或中文名，如 safety、健康生活")
    provider: str = ""
    experts: list[Id] = Field([], description="专家库专家编号")
    teachers: str = Field("", description="其他授课教师（自由填写）")
    target_groups: list[str] = []
    is_teacher_training: bool = Field(False, description="科普教师/宣讲员培训")
    capacity: Count | None = Field(None, description="名额，空为不限")
    enrol_deadline: Day | None = None
    self_enrol: bool = True
    description: str = ""
    pass_percent: Percent = Field(80, description="结业要求：出勤学时比例（%）")
    quiz_paper: Id | None = Field(None, description="结业测试试卷编号（须通过）")


CoursePatchIn = patch_of(CourseCreateIn, drop=("org",))


class CourseOut(OrgNamed):
    id: int
    org: str
    org_name: str
    title: str
    topics: list[str]
    topic_names: list[str]
    provider: str
    experts: list[int]
    teachers: str
    planned_hours: Decimal
    target_groups: list[str]
    target_group_names: list[str]
    is_teacher_training: bool
    capacity: int | None
    enrol_deadline: dt.date | None
    self_enrol: bool
    description: str
    pass_percent: int
    quiz_paper: int | None

    resolve_topics = codes("topics")

    @staticmethod
    def resolve_topic_names(obj: Course) -> list[str]:
        return code_labels(obj.topics, TOPICS)

    resolve_target_groups = codes("target_groups")

    @staticmethod
    def resolve_target_group_names(obj: Course) -> list[str]:
        return code_labels(obj.target_groups, TARGET_GROUPS)

    @staticmethod
    def resolve_experts(obj: Course) -> list[int]:
        return [e.pk for e in obj.experts.all()]

    resolve_quiz_paper = attr("quiz_paper_id")


class CourseListQuery(OrgListQuery):
    q: str = Field("", description="课程名称或承办单位")
    year: Year | None = Field(None, description="年度（按讲次时间）")
    teacher_training: bool = Field(False, description="只看科普教师/宣讲员培训")


class SessionIn(_In):
    course: Id
    start: dt.datetime
    end: dt.datetime
    hours: SessionHours = Field(description="记学时，不能超过本讲时长")
    place: str = ""
    online_url: str = ""


class SessionOut(Schema):
    id: int
    course: int
    course_title: str
    number: int
    start: dt.datetime
    end: dt.datetime
    place: str
    online_url: str
    hours: Decimal
    activity: int = Field(description="签到所用的活动编号（/checkin/activity/{id}/）")

    resolve_course = attr("course_id")
    resolve_course_title = attr("course.title")
    resolve_activity = attr("activity_id")


SessionPage = page_of(SessionOut)


class SessionListQuery(PageQuery):
    course: Id | None = None


class EnrolmentIn(_In):
    course: Id
    member: Id | None = Field(None, description="会员编号；会员本人报名时省略")


class EnrolmentOut(Schema):
    id: int
    course: int
    course_title: str
    member: int
    member_name: str
    org: str
    source: str
    enrolled_at: dt.datetime
    hours: Decimal | None = Field(None, description="已获学时（签到的讲次学时之和）")
    completed: bool | None = None
    completed_on: dt.date | None = None
    certificate: str = Field("", description="结业证书编号")

    resolve_course = attr("course_id")
    resolve_course_title = attr("course.title")
    resolve_member = attr("member_id")
    resolve_member_name = attr("member.name")
    resolve_org = attr("member.org.code")

    @staticmethod
    def resolve_certificate(obj: Enrolment) -> str:
        cert = getattr(obj, "cert_code", None)
        return cert or ""


EnrolmentPage = page_of(EnrolmentOut)


class EnrolmentListQuery(PageQuery):
    course: Id | None = None
