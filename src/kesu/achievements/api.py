"""/api/v1/achievements and /api/v1/honours (wired in kesu/api.py). Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from kesu.achievements import schemas, selectors, services
from kesu.achievements.validation import ACHIEVEMENT_LABELS, HONOUR_LABELS
from kesu.core.schemas import Id
from kesu.web.api_records import RecordKit
from kesu.web.api_support import ERRORS, require_view

router = Router(tags=["创新成果与先进表彰"])
records = RecordKit(router, schemas, selectors, services)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "achievements": ACHIEVEMENT_LABELS,
    "honours": HONOUR_LABELS,
}


# Both kinds are filed by their own organisations (`org` in the payload) under one filter set.
_KIND = {"key": "pk", "org_in_data": True, "filters": selectors.Filters.from_mapping}
records.add(
    "/achievements",
    "achievement",
    ("科技创新成果列表", "登记科技创新成果", "成果详情", "修改成果"),
    prefetch=("files", "members__org"),
    **_KIND,
)


@router.post(
    "/achievements/{pk}/review",
    response={200: schemas.AchievementOut, **ERRORS},
    summary="审核成果",
)
def achievement_review(request: HttpRequest, pk: Id, payload: schemas.ReviewIn) -> Any:
    user = require_view(request)
    obj = selectors.achievement_get(user=user, pk=pk)
    return services.achievement_review(
        actor=user, achievement=obj, decision=payload.decision, note=payload.note, request=request
    )


records.add(
    "/honours",
    "honour",
    ("先进表彰列表", "登记先进表彰", "表彰详情", "修改表彰"),
    query=schemas.ListQuery,
    prefetch=("members__org",),
    **_KIND,
)
