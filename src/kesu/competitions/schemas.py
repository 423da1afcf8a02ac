"""API shapes for competitions, entries and culture events (`org` is an organisation code;
loose input types: kesu.competitions.validation parses and answers in Chinese)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kesu.core.schemas import Id
from kesu.employers.schemas import Loose, LooseBool, LooseDate, LooseDecimal, LooseInt, _In, _Out
from kesu.web.api_support import PageMeta, PageQuery


class CompetitionOut(_Out):
    kind: str
    kind_name: str
    title: str
    level: str
    start_on: dt.date
    end_on: dt.date
    place: str
    employers: list[int]
    entries: int = Field(description="名册内参赛人数")
    extra_participants: int
    participants: int = Field(description="参赛总人数")
    notes: str

    @staticmethod
    def resolve_kind_name(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_employers(obj: Any) -> list[int]:
        return sorted(obj.employers.values_list("pk", flat=True))

    @staticmethod
    def resolve_entries(obj: Any) -> int:
        return getattr(obj, "entry_count", None) or obj.entries.count()

    @staticmethod
    def resolve_participants(obj: Any) -> int:
        entries = getattr(obj, "entry_count", None)
        return (obj.entries.count() if entries is None else entries) + obj.extra_participants


class CompetitionPage(PageMeta):
    items: list[CompetitionOut]


class CompetitionListQuery(PageQuery):
    q: str = Field("", description="名称包含")
    org: str = Field("", description="组织编码（含下级）")
    kind: str = Field("", description="labour/skill/safety/other")
    year: str = Field("", description="开始年份")


class _CompetitionFields(_In):
    level: Loose = Field(None, description="enterprise/district/city/province/national")
    place: Loose = None
    employers: list[Id] | None = Field(None, description="参赛企业编号列表（整体替换）")
    extra_participants: LooseInt = Field(None, description="名册外参赛人数")
    notes: Loose = None


class CompetitionCreateIn(_CompetitionFields):
    org: str = Field(description="主办工会编码")
    kind: str = Field(description="labour 劳动竞赛 / skill 技能比赛 / safety 安康杯 / other")
    title: str
    start_on: LooseDate
    end_on: LooseDate


class CompetitionPatchIn(_CompetitionFields):
    org: Loose = None
    kind: Loose = None
    title: Loose = None
    start_on: LooseDate = None
    end_on: LooseDate = None


class CompetitionEntryOut(Schema):
    id: int
    member: int | None
    name: str
    employer: int | None
    score: Decimal | None
    rank: int | None
    result: str
    sent_on: bool

    @staticmethod
    def resolve_member(obj: Any) -> int | None:
        return obj.member_id

    @staticmethod
    def resolve_employer(obj: Any) -> int | None:
        return obj.employer_id


class EntryPage(PageMeta):
    items: list[CompetitionEntryOut]


class EntryIn(_In):
    member: LooseInt = Field(None, description="会员编号（名册内）")
    name: Loose = Field(None, description="姓名（名册外参赛者必填）")
    employer: LooseInt = None
    score: LooseDecimal = None
    rank: LooseInt = None
    result: Loose = None
    sent_on: LooseBool = Field(None, description="推荐参加上级比赛")


class CultureOut(_Out):
    kind: str
    kind_name: str
    title: str
    start_on: dt.date
    end_on: dt.date
    teams: int
    participants: int
    results: str

    @staticmethod
    def resolve_kind_name(obj: Any) -> str:
        return str(obj.get_kind_display())


class CulturePage(PageMeta):
    items: list[CultureOut]


class CultureListQuery(PageQuery):
    q: str = Field("", description="名称包含")
    org: str = Field("", description="组织编码（含下级）")
    kind: str = Field("", description="ball/chess/performance/walk/rope/other")
    year: str = Field("", description="开始年份")


class _CultureFields(_In):
    teams: LooseInt = None
    participants: LooseInt = None
    results: Loose = None


class CultureCreateIn(_CultureFields):
    org: str
    kind: str
    title: str
    start_on: LooseDate
    end_on: LooseDate


class CulturePatchIn(_CultureFields):
    org: Loose = None
    kind: Loose = None
    title: Loose = None
    start_on: LooseDate = None
    end_on: LooseDate = None


class LibraryRecordOut(Schema):
    id: int
    venue: int
    venue_name: str
    org: str
    year: int
    books: int
    new_books: int
    borrowings: int | None
    is_new: bool
    recognition: str

    @staticmethod
    def resolve_venue(obj: Any) -> int:
        return obj.venue_id

    @staticmethod
    def resolve_venue_name(obj: Any) -> str:
        return obj.venue.name

    @staticmethod
    def resolve_org(obj: Any) -> str:
        return obj.venue.org.code
