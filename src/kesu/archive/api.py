"""/api/v1/members/{id}/archive (wired in kesu/api.py): the timeline as JSON. A member-role
user may read only their own; staff roles members of their subtree; anything else 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from kesu.archive.schemas import ArchiveOut, ArchiveQuery
from kesu.archive.selectors import archive_member_get, kind_label, member_timeline
from kesu.core.schemas import Id
from kesu.web.api_support import ERRORS

router = Router(tags=["科学素质档案"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {}


@router.get(
    "/members/{member_id}/archive", response={200: ArchiveOut, **ERRORS}, summary="会员科学素质档案"
)
def member_archive(request: HttpRequest, member_id: Id, query: Query[ArchiveQuery]) -> Any:
    """会员本人（会员角色）或其上级组织的工作人员可查看；按年度分组，最新在前。"""
    member = archive_member_get(user=request.auth, pk=member_id)  # type: ignore[attr-defined]
    years = member_timeline(member, date_from=query.date_from, date_to=query.date_to, links=False)
    return {
        "member_id": member.pk,
        "name": member.name,
        "id_number": member.id_number_masked,
        "org": member.org.code,
        "org_name": member.org.name,
        "years": [
            {
                "year": y.year,
                "entries": [
                    {
                        "date": e.date,
                        "kind": e.kind,
                        "kind_name": kind_label(e.kind),
                        "title": e.title,
                        "detail": e.detail,
                        "org_name": e.org_name,
                        "figures": dict(e.figures),
                    }
                    for e in y.entries
                ],
            }
            for y in years
        ],
    }
