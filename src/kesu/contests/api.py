"""/api/v1/contests and /api/v1/contests/{id}/leaderboard (wired in kesu/api.py).

Thin: parse, call one selector or service, render. Staff roles only (require_view); other
subtrees' contests answer 404 like missing ones.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.contests import ranking, schemas, selectors, services
from kesu.contests.validation import LABELS
from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.web.api_records import RecordKit
from kesu.web.api_support import ERRORS, ApiError, paginate, require_view

router = Router(tags=["知识竞赛"])
records = RecordKit(router, schemas, selectors, services)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {"contests": LABELS}


@router.get("/contests", response={200: schemas.ContestPage, **ERRORS}, summary="知识竞赛列表")
def contest_index(request: HttpRequest, query: Query[schemas.ContestListQuery]) -> Any:
    rows = selectors.contest_list(user=require_view(request), q=query.q, status=query.status)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/contests", response={201: schemas.ContestOut, **ERRORS}, summary="新建知识竞赛")
def contest_create(request: HttpRequest, payload: schemas.ContestCreateIn) -> Status:
    user = require_view(request)
    data = payload.data()
    code = data.pop("org", None)
    org = access.get_org_for_user(user, code, access.CHANGE) if code else None
    contest = services.contest_create(actor=user, org=org, data=data, request=request)
    return Status(201, contest)


records.add("/contests", "contest", ("竞赛详情", "修改竞赛"), ops=("detail", "patch"))


@router.get(
    "/contests/{contest_id}/leaderboard",
    response={200: schemas.LeaderboardOut, **ERRORS},
    summary="竞赛排行榜（个人或单位）",
)
def contest_leaderboard(
    request: HttpRequest, contest_id: Id, query: Query[schemas.LeaderboardQuery]
) -> dict[str, Any]:
    user = require_view(request)
    contest = selectors.contest_get(user=user, pk=contest_id)
    if query.level == "org":
        parent = contest.org
        if query.org and query.org != contest.org.code:
            parent = access.get_org_for_user(user, query.org)
            if not parent.path.startswith(contest.org.path):
                raise access.NotFound()
        children = access.orgs_for(user).filter(parent=parent)
        rows = [
            vars(r) | {"org": r.code, "rank": r.rank or None}
            for r in ranking.org_board(contest, parent, children=children)
        ]
        out = paginate(rows, page=query.page, page_size=query.page_size)
        return out | {"level": "org", "org": parent.code}
    if query.level != "individual":
        raise ApiError(
            400,
            "validation_error",
            "排行类型：应为 individual 或 org",
            {"level": "应为 individual 或 org"},
        )
    board = ranking.Board(contest)
    start = (query.page - 1) * query.page_size
    items = []
    for rank, attempt in enumerate(board[start : start + query.page_size], start + 1):
        percent = ranking.percent_of(attempt)
        items.append(
            {
                "rank": rank,
                "member": attempt.member_id,
                "name": attempt.member.name,
                "org": attempt.org.code,
                "org_name": attempt.org.name,
                "score": attempt.score,
                "max_score": attempt.max_score,
                "percent": percent,
                "duration_seconds": attempt.duration_seconds,
                "submitted_at": attempt.submitted_at,
                "prize": ranking.prize_for(contest, rank, percent),
            }
        )
    return {
        "level": "individual",
        "org": contest.org.code,
        "items": items,
        "count": board.count(),
        "page": query.page,
        "page_size": query.page_size,
    }
