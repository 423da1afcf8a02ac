"""API shapes for venues, experts and publications. `org` is an organisation code; input
types are loose on purpose: kesu.resources.validation parses and answers in Chinese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kesu.core.schemas import (
    Id,
    Loose,
    LooseBool,
    LooseDate,
    LooseInt,
    OrgRecordOut,
    PartialIn,
    attr,
    display,
    patch_of,
)
from kesu.resources import selectors
from kesu.resources.models import Channel, Expert
from kesu.web.api_schemas import code_list, list_query

_Out = OrgRecordOut
_In = PartialIn


# ---------------------------------------------------------------- venues


class VenueOut(_Out):
    name: str
    kind: str
    kind_name: str
    address: str
    opened_on: dt.date | None
    books_held: int | None
    area_m2: Decimal | None
    is_active: bool
    notes: str

    resolve_kind_name = display("kind")


VenueListQuery = list_query(
    selectors.VenueFilters,
    {
        "kind": "science_base/museum/innovation_centre/worker_library/…",
        "new_in": "年份：该年新建（启用）的阵地",
        "active": "yes / no",
    },
)


class _VenueFields(_In):
    address: Loose = None
    opened_on: LooseDate = None
    books_held: LooseInt = Field(None, description="藏书（册），职工书屋填写")
    area_m2: Decimal | str | None = Field(None, description="面积（平方米）")
    is_active: LooseBool = None
    notes: Loose = None


class VenueCreateIn(_VenueFields):
    org: str = Field(description="所属组织编码")
    name: str
    kind: str = Field(description="类型代码或中文名称")


VenuePatchIn = patch_of(VenueCreateIn, org=Field(None, description="移到管辖范围内的另一组织"))


class VisitOut(Schema):
    id: int
    venue: int
    period_start: dt.date
    period_end: dt.date
    visitors: int
    notes: str

    resolve_venue = attr("venue_id")


class VisitIn(_In):
    period_start: LooseDate
    period_end: LooseDate
    visitors: LooseInt = Field(description="参观人次")
    notes: Loose = None


# ---------------------------------------------------------------- experts


class ExpertOut(_Out):
    name: str
    fields: list[str] = Field(description="专业领域代码")
    field_names: list[str]
    title: str
    employer: str
    phone: str = Field(description="联系电话：有权限的角色看到完整号码，其余为掩码")
    notes: str
    is_active: bool
    lectures: list[int] = Field(description="讲座活动编号（仅含可见的活动）")

    resolve_fields = attr("field_codes")
    resolve_field_names = attr("field_labels")

    @staticmethod
    def resolve_phone(obj: Expert, context: Any) -> str:
        from kesu.resources.services import expert_phone

        return expert_phone(actor=context["request"].auth, expert=obj)

    @staticmethod
    def resolve_lectures(obj: Expert, context: Any) -> list[int]:
        from kesu.resources.selectors import expert_lectures

        user = context["request"].auth
        return list(expert_lectures(user=user, expert=obj).values_list("pk", flat=True))


ExpertListQuery = list_query(
    selectors.ExpertFilters,
    {"q": "姓名包含", "field": "专业领域代码：tech/health/safety/environment/law/…"},
)


class _ExpertFields(_In):
    fields: list[str] | str | None = Field(None, description="专业领域：代码或中文名称列表")
    title: Loose = Field(None, description="职称")
    employer: Loose = None
    phone: Loose = None
    notes: Loose = None
    is_active: LooseBool = None
    lectures: list[Id] | None = Field(None, description="讲座活动编号列表（整体替换）")


class ExpertCreateIn(_ExpertFields):
    org: str = Field(description="所属组织编码")
    name: str


ExpertPatchIn = patch_of(ExpertCreateIn)


# ---------------------------------------------------------------- publications


class PublicationOut(_Out):
    channel: str
    channel_name: str
    title: str
    published_on: dt.date
    link: str
    notes: str

    resolve_channel_name = display("channel")


PublicationListQuery = list_query(
    selectors.PublicationFilters,
    {
        "q": "标题包含",
        "channel": code_list(Channel),
        "date_from": "发布日期起（YYYY-MM-DD）",
        "date_to": "发布日期止（YYYY-MM-DD）",
    },
)


class _PublicationFields(_In):
    link: Loose = None
    notes: Loose = None


class PublicationCreateIn(_PublicationFields):
    org: str = Field(description="发布组织编码")
    channel: str
    title: str
    published_on: LooseDate


PublicationPatchIn = patch_of(PublicationCreateIn)


class ExpertEvidenceOut(_Out):
    """An expert as indicator evidence: no request context there, so the phone stays masked."""

    name: str
    fields: list[str]
    title: str
    employer: str
    phone_masked: str
    is_active: bool

    resolve_fields = attr("field_codes")
