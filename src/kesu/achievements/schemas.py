"""API shapes for achievements and honours. `org` is an organisation code, `members` a list
of member ids; input types are loose on purpose: kesu.achievements.validation answers in
Chinese."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from kesu.achievements import selectors
from kesu.achievements.choices import AchievementKind, HonourKind, Level, ReviewStatus
from kesu.core.schemas import Id, Loose, OrgRecordOut, PartialIn, attr, display
from kesu.web.api_schemas import code_list, list_query


class MemberRef(Schema):
    id: int
    name: str
    org_name: str

    resolve_org_name = attr("org.name")


class EvidenceOut(Schema):
    id: int
    kind: str
    original_name: str
    size: int
    uploaded_at: dt.datetime


class _Out(OrgRecordOut):
    kind: str
    kind_name: str
    level: str
    level_name: str
    members: list[MemberRef]

    resolve_kind_name = display("kind")
    resolve_level_name = display("level")

    @staticmethod
    def resolve_members(obj: Any) -> list[Any]:
        return sorted(obj.members.all(), key=lambda m: m.pk)  # prefetched by the list endpoints


class AchievementOut(_Out):
    title: str
    achieved_on: dt.date
    description: str
    status: str = Field(description="pending 待审核 / verified 已认定 / returned 退回")
    status_name: str
    review_note: str
    files: list[EvidenceOut]

    resolve_status_name = display("status")

    @staticmethod
    def resolve_files(obj: Any) -> list[Any]:
        return list(obj.files.all())


class HonourOut(_Out):
    title: str
    year: int
    team_name: str
    awarding_body: str
    notes: str


# The filters of both lists; honours are not reviewed, so they have no status.
_FILTERS = {
    "q": "名称包含，或完成人/获奖会员姓名",
    "kind": "类型编码",
    "level": code_list(Level),
    "year": "年份",
    "status": code_list(ReviewStatus, " / "),
}
ListQuery = list_query(selectors.Filters, _FILTERS, omit=("status",))
AchievementListQuery = list_query(selectors.Filters, _FILTERS, name="AchievementListQuery")


_In = PartialIn


class AchievementPatchIn(_In):
    org: Loose = None
    kind: Loose = Field(None, description=code_list(AchievementKind))
    title: Loose = None
    achieved_on: dt.date | str | None = None
    level: Loose = None
    members: list[Id] | None = Field(None, description="完成人的会员编号")
    description: Loose = None


class AchievementCreateIn(AchievementPatchIn):
    org: str = Field(min_length=1, description="组织编码")
    kind: str
    title: str
    achieved_on: dt.date | str
    level: str


class ReviewIn(_In):
    decision: str = Field(description="verified 认定 / returned 退回")
    note: str = Field("", description="审核意见（退回时必填）")


class HonourPatchIn(_In):
    org: Loose = None
    kind: Loose = Field(
        None,
        description=code_list(HonourKind),
    )
    title: Loose = None
    level: Loose = None
    year: int | str | None = None
    members: list[Id] | None = None
    team_name: Loose = None
    awarding_body: Loose = None
    notes: Loose = None


class HonourCreateIn(HonourPatchIn):
    org: str = Field(min_length=1, description="组织编码")
    kind: str
    level: str
    year: int | str
    awarding_body: str
