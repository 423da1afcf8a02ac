"""/api/v1/activities: science-popularisation activities. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.activities import selectors, services, validation
from kesu.activities.models import Activity
from kesu.activities.schemas import (
    FIELD_LABELS,
    ActivityCreateIn,
    ActivityListQuery,
    ActivityOut,
    ActivityPage,
    ActivityPatchIn,
    CopyIn,
)
from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.web.api_support import ERRORS, ApiError, paginate, require_view

router = Router(tags=["科普活动"])

NOT_IN_SCOPE = "组织不存在或不在管辖范围内"


def _org(user: Any, code: str, field: str) -> Organization:
    """An organisation by code; missing and out-of-scope alike answer 404, naming the field."""
    try:
        return access.get_org_for_user(user, code)
    except access.NotFound:
        message = f"{FIELD_LABELS[field]}：{NOT_IN_SCOPE}（{code}）"
        raise ApiError(404, "not_found", message, {field: f"{NOT_IN_SCOPE}（{code}）"}) from None


def _co_orgs(user: Any, raw: Any) -> list[Organization]:
    codes = validation.split_codes(raw)
    return [_org(user, code, "co_orgs") for code in codes]


def _fresh(user: Any, activity: Activity) -> Activity:
    return selectors.activity_get(user=user, pk=activity.pk)


@router.get("/activities", response={200: ActivityPage, **ERRORS}, summary="科普活动列表")
def activity_index(request: HttpRequest, query: Query[ActivityListQuery]) -> dict[str, Any]:
    """与活动列表页面相同的筛选条件；按开始时间倒序。"""
    user = require_view(request)
    filters = selectors.ActivityFilters.from_mapping(query.model_dump())
    rows = selectors.activity_list(user=user, filters=filters).prefetch_related("co_orgs")
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.get(
    "/activities/{activity_id}", response={200: ActivityOut, **ERRORS}, summary="科普活动详情"
)
def activity_detail(request: HttpRequest, activity_id: Id) -> Activity:
    user = require_view(request)
    return selectors.activity_get(user=user, pk=activity_id)


@router.post("/activities", response={201: ActivityOut, **ERRORS}, summary="新增科普活动")
def activity_create(request: HttpRequest, payload: ActivityCreateIn) -> Status:
    """`co_orgs` 须在当前用户管辖范围内（否则 404）；人次为填报数，签到数另行统计。"""
    user = require_view(request)
    data = payload.data()
    org = _org(user, data.pop("org"), "org")
    co_orgs = _co_orgs(user, data.pop("co_orgs", None))
    activity = services.activity_create(
        actor=user, org=org, data=data, co_orgs=co_orgs, request=request
    )
    return Status(201, _fresh(user, activity))


@router.patch(
    "/activities/{activity_id}", response={200: ActivityOut, **ERRORS}, summary="修改科普活动"
)
def activity_patch(request: HttpRequest, activity_id: Id, payload: ActivityPatchIn) -> Activity:
    """只修改请求中给出的字段；`co_orgs` 给出时整体替换。"""
    user = require_view(request)
    activity = selectors.activity_get(user=user, pk=activity_id)
    data = payload.data()
    if "org" in data:
        data["org"] = _org(user, str(data["org"] or ""), "org")
    if "co_orgs" in data:
        data["co_orgs"] = _co_orgs(user, data["co_orgs"])
    services.activity_update(actor=user, activity=activity, data=data, request=request)
    return _fresh(user, activity)


@router.post(
    "/activities/{activity_id}/copy",
    response={201: ActivityOut, **ERRORS},
    summary="复制为下一年度模板",
)
def activity_copy(request: HttpRequest, activity_id: Id, payload: CopyIn | None = None) -> Status:
    """同样的设置，日期顺延 `year_shift` 年，各项成效清零，回头看记录和主题活动清空。"""
    user = require_view(request)
    activity = selectors.activity_get(user=user, pk=activity_id)
    shift = payload.year_shift if payload is not None else 1
    copy = services.activity_copy(actor=user, activity=activity, year_shift=shift, request=request)
    return Status(201, _fresh(user, copy))
