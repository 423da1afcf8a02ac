"""/api/v1/leading-groups, work-areas, meetings, teams (and their members, volunteers and
services). Thin: each kind's routes come from kesu.leadership.routes."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from kesu.core.schemas import Id
from kesu.leadership import schemas as s
from kesu.leadership import selectors, services
from kesu.leadership.records import field_labels
from kesu.leadership.routes import record_routes
from kesu.web.api_support import ERRORS, require_view

router = Router(tags=["组织领导"])
LABELS = field_labels(*(k.model for k in services.KINDS.values()))
API_LABELS = {
    path: LABELS
    for path in (
        "leading-groups",
        "group-members",
        "work-areas",
        "meetings",
        "teams",
        "volunteers",
        "volunteer-services",
    )
}

record_routes(
    router,
    path="leading-groups",
    kind="leading_group",
    label="领导小组",
    services=services,
    schema_in=s.LeadingGroupIn,
    schema_out=s.LeadingGroupOut,
    page=s.LeadingGroupPage,
    query=s.RecordListQuery,
)
record_routes(
    router,
    path="group-members",
    kind="group_member",
    label="领导小组成员",
    services=services,
    schema_in=s.GroupMemberIn,
    schema_out=s.GroupMemberOut,
    page=s.GroupMemberPage,
    parent=("leading-groups", "leading_group", "group"),
)
record_routes(
    router,
    path="work-areas",
    kind="work_area",
    label="工作分工",
    services=services,
    schema_in=s.WorkAreaIn,
    schema_out=s.WorkAreaOut,
    page=s.WorkAreaPage,
    query=s.RecordListQuery,
)
record_routes(
    router,
    path="meetings",
    kind="meeting",
    label="会议",
    services=services,
    schema_in=s.MeetingIn,
    schema_out=s.MeetingOut,
    page=s.MeetingPage,
    query=s.RecordListQuery,
)
record_routes(
    router,
    path="teams",
    kind="team",
    label="队伍",
    services=services,
    schema_in=s.TeamIn,
    schema_out=s.TeamOut,
    page=s.TeamPage,
    query=s.RecordListQuery,
)
record_routes(
    router,
    path="volunteers",
    kind="volunteer",
    label="队员",
    services=services,
    schema_in=s.VolunteerIn,
    schema_out=s.VolunteerOut,
    page=s.VolunteerPage,
    parent=("teams", "team", "team"),
)
record_routes(
    router,
    path="volunteer-services",
    kind="volunteer_service",
    label="志愿服务",
    services=services,
    schema_in=s.ServiceIn,
    schema_out=s.ServiceOut,
    page=s.ServicePage,
    parent=("volunteers", "volunteer", "volunteer"),
)


@router.post(
    "/meetings/{pk}/minutes", response={200: s.MeetingOut, **ERRORS}, summary="上传会议纪要"
)
def minutes_upload(
    request: HttpRequest,
    pk: Id,
    file: UploadedFile | None = File(None),  # noqa: B008
) -> object:
    """PDF 或 Word/Excel/PPT 文件，大小与格式检查同活动附件；再次上传替换原纪要。缺少文件或
    文件为空时答 400（不是 422），与其他无效文件一样由服务说明原因。"""
    user = require_view(request)
    meeting = selectors.record_get(kind="meeting", user=user, pk=pk)
    services.meeting_minutes_attach(actor=user, meeting=meeting, upload=file, request=request)
    return selectors.record_get(kind="meeting", user=user, pk=pk)
