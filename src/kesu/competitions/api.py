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
from kesu.web.api_records import Records, add_records
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


add_records(
    router,
    Records(
        path="/competitions",
        name="competition",
        summaries=("劳动和技能竞赛", "登记竞赛", "竞赛详情", "修改竞赛"),
        out=CompetitionOut,
        page=CompetitionPage,
        query=CompetitionListQuery,
        create_in=CompetitionCreateIn,
        patch_in=CompetitionPatchIn,
        filters=selectors.CompetitionFilters,
        list=selectors.competition_list,
        get=selectors.competition_get,
        create=services.competition_create,
        update=services.competition_update,
    ),
)


@router.get(
    "/competitions/{competition_id}/entries",
    response={200: EntryPage, **ERRORS},
    summary="参赛名单与成绩",
)
def entry_index(request: HttpRequest, competition_id: Id, query: Query[PageQuery]) -> Any:
    competition = selectors.competition_get(user=require_view(request), pk=competition_id)
    rows = selectors.competition_entries(competition=competition)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post(
    "/competitions/{competition_id}/entries",
    response={201: CompetitionEntryOut, **ERRORS},
    summary="添加参赛者及成绩",
)
def entry_create(request: HttpRequest, competition_id: Id, payload: EntryIn) -> Status:
    user = require_view(request)
    competition = selectors.competition_get(user=user, pk=competition_id)
    return Status(
        201,
        services.entry_add(
            actor=user, competition=competition, data=payload.data(), request=request
        ),
    )


add_records(
    router,
    Records(
        path="/culture-events",
        name="culture",
        key="event_id",
        keyword="event",
        summaries=("文体活动", "登记文体活动", "详情", "修改"),
        out=CultureOut,
        page=CulturePage,
        query=CultureListQuery,
        create_in=CultureCreateIn,
        patch_in=CulturePatchIn,
        filters=selectors.CultureFilters,
        list=selectors.culture_list,
        get=selectors.culture_get,
        create=services.culture_create,
        update=services.culture_update,
    ),
)
