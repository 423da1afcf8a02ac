"""/api/v1/activities/{id}/attendance: an activity's check-ins (masked) and staff additions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from kesu.activities.models import Attendance
from kesu.checkin import selectors, services
from kesu.core.schemas import Id, SmallInt
from kesu.members.models import Member
from kesu.orgs import access
from kesu.web.api_support import ERRORS, ApiError, PageMeta, PageQuery, paginate, require_view

router = Router(tags=["签到"])


class AttendanceOut(Schema):
    id: int
    session: int
    member_id: int | None
    is_guest: bool
    name: str
    phone_masked: str
    source: str
    name_unconfirmed: bool = Field(
        description="手机号与名册一致、所填姓名相差一个字，已按会员记录，待工作人员核对"
    )
    checked_in_at: dt.datetime

    @staticmethod
    def resolve_is_guest(obj: Attendance) -> bool:
        return obj.member_id is None

    @staticmethod
    def resolve_name(obj: Attendance) -> str:
        return selectors.display_name(obj)

    @staticmethod
    def resolve_phone_masked(obj: Attendance) -> str:
        return selectors.display_phone(obj)


class AttendancePage(PageMeta):
    items: list[AttendanceOut]
    person_times: int = Field(description="签到人次（记录条数）")
    persons: int = Field(description="签到人数（不同的人）")


class AttendanceQuery(PageQuery):
    session: SmallInt | None = Field(None, ge=0, description="场次（从0开始）；不填为全部")


class AttendanceIn(Schema):
    member_ids: list[Id] = Field(min_length=1, max_length=1000)
    session: SmallInt = Field(0, ge=0)


class AttendanceAddOut(Schema):
    added: int
    already: int


@router.get(
    "/activities/{activity_id}/attendance",
    response={200: AttendancePage, **ERRORS},
    summary="活动签到名单",
)
def attendance_index(
    request: HttpRequest, activity_id: Id, query: Query[AttendanceQuery]
) -> dict[str, Any]:
    """按签到时间排序；手机号只显示掩码。另返回签到人次与签到人数。"""
    user = require_view(request)
    activity = selectors.activity_get(user=user, pk=activity_id)
    rows = selectors.attendance_list(activity=activity, session=query.session)
    page = paginate(rows, page=query.page, page_size=query.page_size)
    return {**page, **selectors.attendance_counts(activity=activity, session=query.session)}


@router.post(
    "/activities/{activity_id}/attendance",
    response={200: AttendanceAddOut, **ERRORS},
    summary="登记会员签到",
)
def attendance_add(request: HttpRequest, activity_id: Id, payload: AttendanceIn) -> Any:
    """登记名册中的会员出席（工作人员登记）；已签到的会员不重复计数。"""
    user = require_view(request)
    activity = selectors.activity_get(user=user, pk=activity_id)
    access.require(user, access.CHANGE)
    ids = set(payload.member_ids)
    members = list(access.restrict(Member.objects.filter(pk__in=ids), user))
    if len(members) != len(ids):
        raise access.NotFound()
    try:
        result = services.attendance_add_members(
            actor=user,
            activity=activity,
            session=payload.session,
            members=members,
            request=request,
        )
    except services.CheckinError as exc:
        raise ApiError(400, "validation_error", str(exc), exc.fields) from None
    return {"added": result.added, "already": result.already}
