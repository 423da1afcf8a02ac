"""/api/v1/leading-groups, work-areas, meetings, teams (and their members, volunteers and
services). Thin: each kind's routes come from the KINDS table (kesu.leadership.api_kinds)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from kesu.core.schemas import Id
from kesu.leadership import schemas as s
from kesu.leadership import selectors, services
from kesu.leadership.api_kinds import add_kind
from kesu.leadership.records import field_labels
from kesu.web.api_support import ERRORS, require_view

router = Router(tags=["组织领导"])
LABELS = field_labels(*(k.model for k in services.KINDS.values()))
# path, kind, label, the schemas' prefix, the parent (its path, its kind, the key to it)
KINDS = (
    ("leading-groups", "leading_group", "领导小组", "LeadingGroup", None),
    (
        "group-members",
        "group_member",
        "领导小组成员",
        "GroupMember",
        ("leading-groups", "leading_group", "group"),
    ),
    ("work-areas", "work_area", "工作分工", "WorkArea", None),
    ("meetings", "meeting", "会议", "Meeting", None),
    ("teams", "team", "队伍", "Team", None),
    ("volunteers", "volunteer", "队员", "Volunteer", ("teams", "team", "team")),
    (
        "volunteer-services",
        "volunteer_service",
        "志愿服务",
        "Service",
        ("volunteers", "volunteer", "volunteer"),
    ),
)
for row in KINDS:
    add_kind(router, services, s, row)
API_LABELS = {row[0]: LABELS for row in KINDS}


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
