"""/api/v1/competitions (+ entries), /api/v1/culture-events, /api/v1/libraries (wired in
kesu/api.py). Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.competitions import selectors, services
from kesu.competitions.schemas import (
    CompetitionCreateIn,
    CompetitionEntryOut,
    CompetitionListQuery,
    CompetitionOut,
    CompetitionPage,
    CompetitionPatchIn,
    CultureCreateIn,
    CultureListQuery,
    CultureOut,
    CulturePage,
    CulturePatchIn,
    EntryIn,
    EntryPage,
)
from kesu.competitions.validation import LABELS
from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.web.api_support import (
    ERRORS,
    PageQuery,
    paginate,
    require_view,
)

router = Router(tags=["劳动技能竞赛与文体活动"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "competitions": LABELS,
    "culture-events": {**LABELS, "title": "活动名称"},
}


@router.get("/competitions", response={200: CompetitionPage, **ERRORS}, summary="劳动和技能竞赛")
def competition_index(request: HttpRequest, query: Query[CompetitionListQuery]) -> Any:
    user = require_view(request)
    filters = selectors.CompetitionFilters.from_mapping(query.model_dump())
    rows = selectors.competition_list(user=user, filters=filters)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/competitions", response={201: CompetitionOut, **ERRORS}, summary="登记竞赛")
def competition_create(request: HttpRequest, payload: CompetitionCreateIn) -> Status:
    user = require_view(request)
    data = payload.data()
    org = access.get_org_for_user(user, data.pop("org"))
    return Status(201, services.competition_create(actor=user, org=org, data=data,
                            request=request))  # fmt: skip


@router.get(
    "/competitions/{competition_id}", response={200: CompetitionOut, **ERRORS}, summary="竞赛详情"
)
def competition_detail(request: HttpRequest, competition_id: Id) -> Any:
    return selectors.competition_get(user=require_view(request), pk=competition_id)


@router.patch(
    "/competitions/{competition_id}", response={200: CompetitionOut, **ERRORS}, summary="修改竞赛"
)
def competition_patch(request: HttpRequest, competition_id: Id, payload: CompetitionPatchIn):
    user = require_view(request)
    competition = selectors.competition_get(user=user, pk=competition_id)
    return services.competition_update(actor=user, competition=competition,
                data=payload.data(), request=request)  # fmt: skip


@router.get(
    "/competitions/{competition_id}/entries", response={200: EntryPage, **ERRORS},
    summary="参赛名单与成绩",
)  # fmt: skip
def entry_index(request: HttpRequest, competition_id: Id, query: Query[PageQuery]) -> Any:
    competition = selectors.competition_get(user=require_view(request), pk=competition_id)
    rows = selectors.competition_entries(competition=competition)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post(
    "/competitions/{competition_id}/entries", response={201: CompetitionEntryOut, **ERRORS},
    summary="添加参赛者及成绩",
)  # fmt: skip
def entry_create(request: HttpRequest, competition_id: Id, payload: EntryIn) -> Status:
    user = require_view(request)
    competition = selectors.competition_get(user=user, pk=competition_id)
    return Status(201, services.entry_add(actor=user, competition=competition,
                            data=payload.data(), request=request))  # fmt: skip


@router.get("/culture-events", response={200: CulturePage, **ERRORS}, summary="文体活动")
def culture_index(request: HttpRequest, query: Query[CultureListQuery]) -> Any:
    user = require_view(request)
    filters = selectors.CultureFilters.from_mapping(query.model_dump())
    rows = selectors.culture_list(user=user, filters=filters)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/culture-events", response={201: CultureOut, **ERRORS}, summary="登记文体活动")
def culture_create(request: HttpRequest, payload: CultureCreateIn) -> Status:
    user = require_view(request)
    data = payload.data()
    org = access.get_org_for_user(user, data.pop("org"))
    return Status(201, services.culture_create(actor=user, org=org, data=data,
                            request=request))  # fmt: skip


@router.get("/culture-events/{event_id}", response={200: CultureOut, **ERRORS}, summary="详情")
def culture_detail(request: HttpRequest, event_id: Id) -> Any:
    return selectors.culture_get(user=require_view(request), pk=event_id)


@router.patch("/culture-events/{event_id}", response={200: CultureOut, **ERRORS}, summary="修改")
def culture_patch(request: HttpRequest, event_id: Id, payload: CulturePatchIn) -> Any:
    user = require_view(request)
    event = selectors.culture_get(user=user, pk=event_id)
    return services.culture_update(actor=user, event=event, data=payload.data(),
                request=request)  # fmt: skip
