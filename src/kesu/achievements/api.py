"""/api/v1/achievements and /api/v1/honours (wired in kesu/api.py). Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

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
from kesu.web.api_records import Records, add_records
from kesu.web.api_support import ERRORS, require_view

router = Router(tags=["创新成果与先进表彰"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "achievements": ACHIEVEMENT_LABELS,
    "honours": HONOUR_LABELS,
}


add_records(
    router,
    Records(
        path="/achievements",
        name="achievement",
        key="pk",
        summaries=("科技创新成果列表", "登记科技创新成果", "成果详情", "修改成果"),
        out=AchievementOut,
        page=AchievementPage,
        query=AchievementListQuery,
        create_in=AchievementCreateIn,
        patch_in=AchievementPatchIn,
        filters=selectors.Filters,
        list=selectors.achievement_list,
        get=selectors.achievement_get,
        create=services.achievement_create,
        update=services.achievement_update,
        prefetch=("files", "members__org"),
        org_in_data=True,
    ),
)


@router.post(
    "/achievements/{pk}/review", response={200: AchievementOut, **ERRORS}, summary="审核成果"
)
def achievement_review(request: HttpRequest, pk: Id, payload: ReviewIn) -> Any:
    user = require_view(request)
    obj = selectors.achievement_get(user=user, pk=pk)
    return services.achievement_review(
        actor=user, achievement=obj, decision=payload.decision, note=payload.note, request=request
    )


add_records(
    router,
    Records(
        path="/honours",
        name="honour",
        key="pk",
        summaries=("先进表彰列表", "登记先进表彰", "表彰详情", "修改表彰"),
        out=HonourOut,
        page=HonourPage,
        query=ListQuery,
        create_in=HonourCreateIn,
        patch_in=HonourPatchIn,
        filters=selectors.Filters,
        list=selectors.honour_list,
        get=selectors.honour_get,
        create=services.honour_create,
        update=services.honour_update,
        prefetch=("members__org",),
        org_in_data=True,
    ),
)
