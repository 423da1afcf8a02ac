"""/api/v1/achievements and /api/v1/honours (wired in kesu/api.py). Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.achievements import selectors, services
from kesu.achievements.schemas import (
    AchievementCreateIn,
    AchievementListQuery,
    AchievementOut,
    AchievementPage,
    AchievementPatchIn,
    HonourCreateIn,
    HonourOut,
    HonourPage,
    HonourPatchIn,
    ListQuery,
    ReviewIn,
)
from kesu.achievements.validation import ACHIEVEMENT_LABELS, HONOUR_LABELS
from kesu.core.schemas import Id
from kesu.web.api_support import ERRORS, paginate, require_view

router = Router(tags=["创新成果与先进表彰"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "achievements": ACHIEVEMENT_LABELS,
    "honours": HONOUR_LABELS,
}


@router.get("/achievements", response={200: AchievementPage, **ERRORS}, summary="科技创新成果列表")
def achievement_index(request: HttpRequest, query: Query[AchievementListQuery]) -> dict[str, Any]:
    user = require_view(request)
    rows = selectors.achievement_list(
        user=user, filters=selectors.Filters.from_mapping(query.model_dump())
    ).prefetch_related("files", "members__org")
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/achievements", response={201: AchievementOut, **ERRORS}, summary="登记科技创新成果")
def achievement_create(request: HttpRequest, payload: AchievementCreateIn) -> Status:
    user = require_view(request)
    obj = services.achievement_create(actor=user,
                data=payload.data(), request=request)  # fmt: skip
    return Status(201, obj)


@router.get("/achievements/{pk}", response={200: AchievementOut, **ERRORS}, summary="成果详情")
def achievement_detail(request: HttpRequest, pk: Id) -> Any:
    return selectors.achievement_get(user=require_view(request), pk=pk)


@router.patch("/achievements/{pk}", response={200: AchievementOut, **ERRORS}, summary="修改成果")
def achievement_patch(request: HttpRequest, pk: Id, payload: AchievementPatchIn) -> Any:
    user = require_view(request)
    obj = selectors.achievement_get(user=user, pk=pk)
    return services.achievement_update(actor=user, achievement=obj,
                 data=payload.data(), request=request)  # fmt: skip


@router.post(
    "/achievements/{pk}/review", response={200: AchievementOut, **ERRORS}, summary="审核成果"
)
def achievement_review(request: HttpRequest, pk: Id, payload: ReviewIn) -> Any:
    user = require_view(request)
    obj = selectors.achievement_get(user=user, pk=pk)
    return services.achievement_review(actor=user, achievement=obj,
                 decision=payload.decision, note=payload.note, request=request)  # fmt: skip


@router.get("/honours", response={200: HonourPage, **ERRORS}, summary="先进表彰列表")
def honour_index(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    user = require_view(request)
    rows = selectors.honour_list(
        user=user, filters=selectors.Filters.from_mapping(query.model_dump())
    ).prefetch_related("members__org")
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/honours", response={201: HonourOut, **ERRORS}, summary="登记先进表彰")
def honour_create(request: HttpRequest, payload: HonourCreateIn) -> Status:
    user = require_view(request)
    obj = services.honour_create(actor=user, data=payload.data(),
                request=request)  # fmt: skip
    return Status(201, obj)


@router.get("/honours/{pk}", response={200: HonourOut, **ERRORS}, summary="表彰详情")
def honour_detail(request: HttpRequest, pk: Id) -> Any:
    return selectors.honour_get(user=require_view(request), pk=pk)


@router.patch("/honours/{pk}", response={200: HonourOut, **ERRORS}, summary="修改表彰")
def honour_patch(request: HttpRequest, pk: Id, payload: HonourPatchIn) -> Any:
    user = require_view(request)
    obj = selectors.honour_get(user=user, pk=pk)
    return services.honour_update(actor=user, honour=obj,
                 data=payload.data(), request=request)  # fmt: skip
