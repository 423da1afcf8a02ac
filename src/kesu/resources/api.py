"""/api/v1/venues, /api/v1/experts, /api/v1/publications. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.core.schemas import Id
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
from kesu.web.api_records import Records, add_records
from kesu.web.api_support import (
    ERRORS,
    PageQuery,
    paginate,
    require_view,
)

router = Router(tags=["科普资源"])


API_LABELS: dict[str, dict[str, str]] = {
    "venues": LABELS,
    "publications": LABELS,
    "experts": EXPERT_LABELS,
}

# ---------------------------------------------------------------- venues


add_records(
    router,
    Records(
        path="/venues",
        name="venue",
        summaries=("科普阵地列表", "新增科普阵地", "科普阵地详情", "修改科普阵地"),
        out=VenueOut,
        page=VenuePage,
        query=VenueListQuery,
        create_in=VenueCreateIn,
        patch_in=VenuePatchIn,
        filters=selectors.VenueFilters,
        list=selectors.venue_list,
        get=selectors.venue_get,
        create=services.venue_create,
        update=services.venue_update,
    ),
)


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
    visit = services.venue_visit_add(actor=user, venue=venue, data=payload.data(), request=request)
    return Status(201, visit)


# ---------------------------------------------------------------- experts


add_records(
    router,
    Records(
        path="/experts",
        name="expert",
        list_notes="按专业领域（field）和姓名（q）检索；联系电话仅对有权限的角色完整显示。",
        summaries=("专家库", "新增专家", "专家详情", "修改专家"),
        out=ExpertOut,
        page=ExpertPage,
        query=ExpertListQuery,
        create_in=ExpertCreateIn,
        patch_in=ExpertPatchIn,
        filters=selectors.ExpertFilters,
        list=selectors.expert_list,
        get=selectors.expert_get,
        create=services.expert_create,
        update=services.expert_update,
    ),
)

add_records(
    router,
    Records(
        path="/publications",
        name="publication",
        summaries=("信息发布列表", "新增信息发布", "信息详情", "修改信息"),
        out=PublicationOut,
        page=PublicationPage,
        query=PublicationListQuery,
        create_in=PublicationCreateIn,
        patch_in=PublicationPatchIn,
        filters=selectors.PublicationFilters,
        list=selectors.publication_list,
        get=selectors.publication_get,
        create=services.publication_create,
        update=services.publication_update,
    ),
)
