"""/api/v1/activities: science-popularisation activities. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kesu.activities import schemas, selectors, services, validation
from kesu.activities.models import Activity
from kesu.core.actors import Actor
from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.web.api_records import RecordKit
from kesu.web.api_support import ERRORS, ApiError, require_view

router = Router(tags=["科普活动"])
records = RecordKit(router, schemas, selectors, services)

NOT_IN_SCOPE = "组织不存在或不在管辖范围内"


def _org(user: Actor, code: str, field: str) -> Organization:
    """An organisation by code; missing and out-of-scope alike answer 404, naming the field."""
    try:
        return access.get_org_for_user(user, code)
    except access.NotFound:
        message = f"{schemas.FIELD_LABELS[field]}：{NOT_IN_SCOPE}（{code}）"
        raise ApiError(404, "not_found", message, {field: f"{NOT_IN_SCOPE}（{code}）"}) from None


def _co_orgs(user: Actor, raw: Any) -> list[Organization]:
    codes = validation.split_codes(raw)
    return [_org(user, code, "co_orgs") for code in codes]


def _fresh(user: Actor, activity: Activity) -> Activity:
    return selectors.activity_get(user=user, pk=activity.pk)


records.add(
    "/activities",
    "activity",
    ("科普活动列表", "科普活动详情"),
    ops=("index", "detail"),
    prefetch=("co_orgs",),
    notes={"index": "与活动列表页面相同的筛选条件；按开始时间倒序。"},
)


@router.post("/activities", response={201: schemas.ActivityOut, **ERRORS}, summary="新增科普活动")
def activity_create(request: HttpRequest, payload: schemas.ActivityCreateIn) -> Status:
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
    "/activities/{activity_id}",
    response={200: schemas.ActivityOut, **ERRORS},
    summary="修改科普活动",
)
def activity_patch(
    request: HttpRequest, activity_id: Id, payload: schemas.ActivityPatchIn
) -> Activity:
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
    response={201: schemas.ActivityOut, **ERRORS},
    summary="复制为下一年度模板",
)
def activity_copy(
    request: HttpRequest, activity_id: Id, payload: schemas.CopyIn | None = None
) -> Status:
    """同样的设置，日期顺延 `year_shift` 年，各项成效清零，回头看记录和主题活动清空。"""
    user = require_view(request)
    activity = selectors.activity_get(user=user, pk=activity_id)
    shift = payload.year_shift if payload is not None else 1
    copy = services.activity_copy(actor=user, activity=activity, year_shift=shift, request=request)
    return Status(201, _fresh(user, copy))
