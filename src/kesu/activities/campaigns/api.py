"""/api/v1/campaigns and /api/v1/theme-days. Thin: parse, call the selector or service, render.

Service errors leave in the common shape (kesu.web.api_support) as 400 validation_error.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from kesu.activities.campaigns import services as campaigns
from kesu.activities.campaigns import themedays
from kesu.activities.models import Campaign, ThemeDay
from kesu.core.schemas import Day, Id, OrgNamed
from kesu.orgs import access
from kesu.web.api_support import (
    ERRORS,
    ApiError,
    PageMeta,
    PageQuery,
    paginate,
    require_view,
)

router = Router(tags=["主题活动"])

FIELD_LABELS = {
    "org": "发起组织",
    "name": "名称",
    "year": "年度",
    "start": "开始日期",
    "end": "结束日期",
    "theme_day": "主题日",
    "description": "说明",
}


# ---------------------------------------------------------------- schemas


CampaignYear = Annotated[int, Field(ge=themedays.YEAR_MIN, le=themedays.YEAR_MAX)]


class CampaignOut(OrgNamed):
    id: int
    org: str = Field(description="发起组织编码")
    org_name: str
    name: str
    year: int
    start: dt.date
    end: dt.date
    theme_day: int | None = Field(None, description="主题日 id")
    theme_day_name: str | None = None
    description: str

    @staticmethod
    def resolve_theme_day(obj: Campaign) -> int | None:
        return obj.theme_day_id

    @staticmethod
    def resolve_theme_day_name(obj: Campaign) -> str | None:
        return obj.theme_day.name if obj.theme_day else None


class CampaignPage(PageMeta):
    items: list[CampaignOut]


class CampaignListQuery(PageQuery):
    year: CampaignYear | None = Field(None, description="年度；不填为全部")


class CampaignCreateIn(Schema):
    """Give name/start/end, or only `theme_day` + `year` to take them from the theme day."""

    org: str = Field(description="发起组织编码")
    year: CampaignYear
    theme_day: Id | None = None
    name: str | None = Field(None, max_length=120)
    start: Day | None = None
    end: Day | None = None
    description: str = ""

    model_config = {"extra": "forbid"}


class CampaignPatchIn(Schema):
    name: str | None = Field(None, max_length=120)
    year: CampaignYear | None = None
    start: Day | None = None
    end: Day | None = None
    theme_day: Id | None = None
    description: str | None = None

    model_config = {"extra": "forbid"}


class CoverageRowOut(Schema):
    org: str
    org_name: str
    level: str
    activities: int
    missing: bool


class CoverageOut(Schema):
    campaign: int
    covered: int
    missing: int
    rows: list[CoverageRowOut]


class ThemeDayOut(Schema):
    id: int
    code: str
    name: str
    rule: str
    rule_text: str
    month: int
    day: int | None
    nth: int | None
    weekday: int | None
    duration_days: int
    active: bool
    start: dt.date
    end: dt.date


class ThemeDayQuery(Schema):
    year: CampaignYear | None = None


def _theme_day(pk: int | None) -> ThemeDay | None:
    if pk is None:
        return None
    try:
        return ThemeDay.objects.get(pk=pk)
    except ThemeDay.DoesNotExist:
        message = "主题日不存在"
        raise ApiError(
            400, "validation_error", f"主题日：{message}", {"theme_day": message}
        ) from None


# ---------------------------------------------------------------- endpoints


@router.get("/campaigns", response={200: CampaignPage, **ERRORS}, summary="主题活动列表")
def campaign_index(request: HttpRequest, query: Query[CampaignListQuery]) -> dict[str, Any]:
    """本组织及下级发起的，以及上级组织发起的主题活动。"""
    user = require_view(request)
    rows = campaigns.campaign_list(user=user, year=query.year)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/campaigns", response={201: CampaignOut, **ERRORS}, summary="新建主题活动")
def campaign_create(request: HttpRequest, payload: CampaignCreateIn) -> Status:
    """只给 `theme_day` 和 `year` 时，名称和日期按主题日规则生成（如“2026年全国科普日”）。"""
    user = require_view(request)
    org = access.get_org_for_user(user, payload.org)
    theme_day = _theme_day(payload.theme_day)
    if theme_day and payload.name is None and payload.start is None and payload.end is None:
        campaign = campaigns.campaign_from_theme_day(
            actor=user, org=org, theme_day=theme_day, year=payload.year, request=request
        )
    else:
        campaign = campaigns.campaign_create(
            actor=user,
            org=org,
            name=payload.name or "",
            year=payload.year,
            start=payload.start,
            end=payload.end,
            theme_day=theme_day,  # type: ignore[arg-type]
            description=payload.description,
            request=request,
        )
    return Status(201, campaign)


@router.get(
    "/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="主题活动详情"
)
def campaign_detail(request: HttpRequest, campaign_id: Id) -> Campaign:
    user = require_view(request)
    return campaigns.campaign_get(user=user, pk=campaign_id)


@router.patch(
    "/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS}, summary="修改主题活动"
)
def campaign_patch(request: HttpRequest, campaign_id: Id, payload: CampaignPatchIn) -> Campaign:
    """只修改请求中给出的字段；上级发起的主题活动只能查看，不能修改。"""
    user = require_view(request)
    campaign = campaigns.campaign_get(user=user, pk=campaign_id)
    if not campaigns.can_change_campaign(user, campaign):
        access.require(user, access.CHANGE)  # a read-only role: 403
        raise access.Forbidden("上级组织发起的主题活动只能查看，不能修改")
    data = payload.model_dump(exclude_unset=True)
    if "theme_day" in data:
        data["theme_day"] = _theme_day(data["theme_day"])
    return campaigns.campaign_update(actor=user, campaign=campaign, data=data, request=request)


@router.get(
    "/campaigns/{campaign_id}/coverage", response={200: CoverageOut, **ERRORS}, summary="填报情况"
)
def campaign_coverage(
    request: HttpRequest, campaign_id: Id, level: str | None = None
) -> dict[str, Any]:
    """发起组织的每个直属下级（或 `level` 指定层级的全部下级）填报的活动数；missing=true 为未填报。"""
    user = require_view(request)
    campaign = campaigns.campaign_get(user=user, pk=campaign_id)
    rows = campaigns.campaign_coverage(user=user, campaign=campaign, level=level or None)
    out = [
        {
            "org": r.org.code,
            "org_name": r.org.name,
            "level": r.org.level,
            "activities": r.activities,
            "missing": r.missing,
        }
        for r in rows
    ]
    missing = sum(1 for r in rows if r.missing)
    return {
        "campaign": campaign.pk,
        "covered": len(rows) - missing,
        "missing": missing,
        "rows": out,
    }


@router.get("/theme-days", response={200: list[ThemeDayOut], **ERRORS}, summary="主题日日历")
def theme_day_index(request: HttpRequest, query: Query[ThemeDayQuery]) -> list[dict[str, Any]]:
    """启用的主题日及其在 `year` 年（默认今年）的起止日期，按日期排序。"""
    require_view(request)
    year = query.year or timezone.localdate().year
    return [
        {
            "id": e.theme_day.pk,
            "code": e.theme_day.code,
            "name": e.theme_day.name,
            "rule": e.theme_day.rule,
            "rule_text": themedays.describe_rule(e.theme_day),
            "month": e.theme_day.month,
            "day": e.theme_day.day,
            "nth": e.theme_day.nth,
            "weekday": e.theme_day.weekday,
            "duration_days": e.theme_day.duration_days,
            "active": e.theme_day.active,
            "start": e.start,
            "end": e.end,
        }
        for e in themedays.calendar_for(year)
    ]
