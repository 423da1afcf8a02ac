"""API shapes for competitions, entries and culture events (`org` is an organisation code;
loose input types: kesu.competitions.validation parses and answers in Chinese)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kesu.competitions import selectors
from kesu.competitions.models import CompetitionKind, CultureKind, Level
from kesu.core.schemas import Id, attr, display, patch_of
from kesu.employers.schemas import Loose, LooseBool, LooseDate, LooseDecimal, LooseInt, _In, _Out
from kesu.web.api_schemas import code_list, list_query, page_of


class _EventOut(_Out):
    """A competition or a culture event: its kind, title and dates."""

    kind: str
    kind_name: str
    title: str
    start_on: dt.date
    end_on: dt.date

    resolve_kind_name = display("kind")


class _EventCreateIn(_In):
    org: str
    kind: str
    title: str
    start_on: LooseDate
    end_on: LooseDate


class CompetitionOut(_EventOut):
    level: str
    place: str
    employers: list[int]
    entries: int = Field(description="名册内参赛人数")
    extra_participants: int
    participants: int = Field(description="参赛总人数")
    notes: str

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


CompetitionListQuery = list_query(
    selectors.CompetitionFilters,
    {"kind": code_list(CompetitionKind), "year": "开始年份"},
)


class CompetitionCreateIn(_EventCreateIn):
    org: str = Field(description="主办工会编码")
    kind: str = Field(description="labour 劳动竞赛 / skill 技能比赛 / safety 安康杯 / other")
    level: Loose = Field(None, description=code_list(Level))
    place: Loose = None
    employers: list[Id] | None = Field(None, description="参赛企业编号列表（整体替换）")
    extra_participants: LooseInt = Field(None, description="名册外参赛人数")
    notes: Loose = None


CompetitionPatchIn = patch_of(CompetitionCreateIn)


class CompetitionEntryOut(Schema):
    id: int
    member: int | None
    name: str
    employer: int | None
    score: Decimal | None
    rank: int | None
    result: str
    sent_on: bool

    resolve_member = attr("member_id")
    resolve_employer = attr("employer_id")


EntryPage = page_of(CompetitionEntryOut, "EntryPage")


class EntryIn(_In):
    member: LooseInt = Field(None, description="会员编号（名册内）")
    name: Loose = Field(None, description="姓名（名册外参赛者必填）")
    employer: LooseInt = None
    score: LooseDecimal = None
    rank: LooseInt = None
    result: Loose = None
    sent_on: LooseBool = Field(None, description="推荐参加上级比赛")


class CultureOut(_EventOut):
    teams: int
    participants: int
    results: str


CultureListQuery = list_query(
    selectors.CultureFilters,
    {"kind": code_list(CultureKind), "year": "开始年份"},
)


class CultureCreateIn(_EventCreateIn):
    teams: LooseInt = None
    participants: LooseInt = None
    results: Loose = None


CulturePatchIn = patch_of(CultureCreateIn)


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

    resolve_venue = attr("venue_id")
    resolve_venue_name = attr("venue.name")
    resolve_org = attr("venue.org.code")
