"""/api/v1/venues, /api/v1/experts, /api/v1/publications. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.resources import selectors, services
from kesu.resources.schemas import (
    ExpertCreateIn,
    ExpertListQuery,
    ExpertOut,
    ExpertPage,
    ExpertPatchIn,
    PublicationCreateIn,
    PublicationListQuery,
    PublicationOut,
    PublicationPage,
    PublicationPatchIn,
    VenueCreateIn,
    VenueListQuery,
    VenueOut,
    VenuePage,
    VenuePatchIn,
    VisitIn,
    VisitOut,
    VisitPage,
)
from kesu.resources.validation import EXPERT_LABELS, LABELS
from kesu.web.api_support import (
    ERRORS,
    PageQuery,
    paginate,
    require_view,
)

router = Router(tags=["科普资源"])


def _create_args(request: HttpRequest, payload: Any) -> dict[str, Any]:
    user = require_view(request)
    data = payload.data()
    org = access.get_org_for_user(user, data.pop("org"))
    return {"actor": user, "org": org, "data": data, "request": request}


API_LABELS: dict[str, dict[str, str]] = {
    "venues": LABELS,
    "publications": LABELS,
    "experts": EXPERT_LABELS,
}

# ---------------------------------------------------------------- venues


@router.get("/venues", response={200: VenuePage, **ERRORS}, summary="科普阵地列表")
def venue_index(request: HttpRequest, query: Query[VenueListQuery]) -> dict[str, Any]:
    user = require_view(request)
    filters = selectors.VenueFilters.from_mapping(query.model_dump())
    rows = selectors.venue_list(user=user, filters=filters)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/venues", response={201: VenueOut, **ERRORS}, summary="新增科普阵地")
def venue_create(request: HttpRequest, payload: VenueCreateIn) -> Status:
    return Status(201, services.venue_create(**_create_args(request, payload)))


@router.get("/venues/{venue_id}", response={200: VenueOut, **ERRORS}, summary="科普阵地详情")
def venue_detail(request: HttpRequest, venue_id: Id) -> Any:
    return selectors.venue_get(user=require_view(request), pk=venue_id)


@router.patch("/venues/{venue_id}", response={200: VenueOut, **ERRORS}, summary="修改科普阵地")
def venue_patch(request: HttpRequest, venue_id: Id, payload: VenuePatchIn) -> Any:
    user = require_view(request)
    venue = selectors.venue_get(user=user, pk=venue_id)
    return services.venue_update(actor=user, venue=venue, data=payload.data(),
                 request=request)  # fmt: skip


@router.get(
    "/venues/{venue_id}/visits", response={200: VisitPage, **ERRORS}, summary="阵地参观记录"
)
def visit_index(request: HttpRequest, venue_id: Id, query: Query[PageQuery]) -> Any:
    venue = selectors.venue_get(user=require_view(request), pk=venue_id)
    rows = selectors.venue_visits(venue=venue)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post(
    "/venues/{venue_id}/visits", response={201: VisitOut, **ERRORS}, summary="登记阵地参观人次"
)
def visit_create(request: HttpRequest, venue_id: Id, payload: VisitIn) -> Status:
    user = require_view(request)
    venue = selectors.venue_get(user=user, pk=venue_id)
    visit = services.venue_visit_add(actor=user, venue=venue, data=payload.data(),
                  request=request)  # fmt: skip
    return Status(201, visit)


# ---------------------------------------------------------------- experts


@router.get("/experts", response={200: ExpertPage, **ERRORS}, summary="专家库")
def expert_index(request: HttpRequest, query: Query[ExpertListQuery]) -> dict[str, Any]:
    """按专业领域（field）和姓名（q）检索；联系电话仅对有权限的角色完整显示。"""
    user = require_view(request)
    filters = selectors.ExpertFilters.from_mapping(query.model_dump())
    rows = selectors.expert_list(user=user, filters=filters)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/experts", response={201: ExpertOut, **ERRORS}, summary="新增专家")
def expert_create(request: HttpRequest, payload: ExpertCreateIn) -> Status:
    args = _create_args(request, payload)
    return Status(201, services.expert_create(**args))


@router.get("/experts/{expert_id}", response={200: ExpertOut, **ERRORS}, summary="专家详情")
def expert_detail(request: HttpRequest, expert_id: Id) -> Any:
    return selectors.expert_get(user=require_view(request), pk=expert_id)


@router.patch("/experts/{expert_id}", response={200: ExpertOut, **ERRORS}, summary="修改专家")
def expert_patch(request: HttpRequest, expert_id: Id, payload: ExpertPatchIn) -> Any:
    user = require_view(request)
    expert = selectors.expert_get(user=user, pk=expert_id)
    return services.expert_update(actor=user, expert=expert,
                 data=payload.data(), request=request)  # fmt: skip


# ---------------------------------------------------------------- publications


@router.get("/publications", response={200: PublicationPage, **ERRORS}, summary="信息发布列表")
def publication_index(request: HttpRequest, query: Query[PublicationListQuery]) -> Any:
    user = require_view(request)
    filters = selectors.PublicationFilters.from_mapping(query.model_dump())
    rows = selectors.publication_list(user=user, filters=filters)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/publications", response={201: PublicationOut, **ERRORS}, summary="新增信息发布")
def publication_create(request: HttpRequest, payload: PublicationCreateIn) -> Status:
    return Status(201, services.publication_create(**_create_args(request, payload)))


@router.get(
    "/publications/{publication_id}", response={200: PublicationOut, **ERRORS}, summary="信息详情"
)
def publication_detail(request: HttpRequest, publication_id: Id) -> Any:
    return selectors.publication_get(user=require_view(request), pk=publication_id)


@router.patch(
    "/publications/{publication_id}", response={200: PublicationOut, **ERRORS}, summary="修改信息"
)
def publication_patch(request: HttpRequest, publication_id: Id, payload: PublicationPatchIn) -> Any:
    user = require_view(request)
    item = selectors.publication_get(user=user, pk=publication_id)
    return services.publication_update(actor=user, publication=item, data=payload.data(),
                 request=request)  # fmt: skip
