"""API shapes for employers, wage agreements and medical-mutual enrolments. `org` is an
organisation code; input types are loose on purpose: kesu.employers.validation parses them
and answers in Chinese."""

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
    LooseDecimal,
    LooseInt,
    OrgRecordOut,
    PartialIn,
    attr,
    display,
    patch_of,
)
from kesu.employers import selectors
from kesu.employers.models import AgreementKind, HomeRating, Ownership
from kesu.web.api_schemas import code_list, list_query, page_of

_Out = OrgRecordOut
_In = PartialIn


# ---------------------------------------------------------------- employers


class FoundingOut(Schema):
    founded_on: dt.date
    union: str = Field(description="所属工会编码")
    sign_hung: bool
    identity_shown: bool
    duties_shown: bool
    home_rating: str
    home_rating_name: str

    resolve_union = attr("union.code")

    @staticmethod
    def resolve_home_rating_name(obj: Any) -> str:
        return str(obj.get_home_rating_display()) if obj.home_rating else ""


class EmployerOut(_Out):
    name: str
    credit_code: str
    ownership: str
    ownership_name: str
    industry: str
    staff_count: int
    township: str
    industrial_park: str
    is_active: bool
    has_union: bool
    founding: FoundingOut | None = None

    resolve_ownership_name = display("ownership")

    @staticmethod
    def resolve_has_union(obj: Any) -> bool:
        if hasattr(obj, "has_union"):
            return bool(obj.has_union)
        return _founding(obj) is not None

    @staticmethod
    def resolve_founding(obj: Any) -> Any:
        return _founding(obj)


def _founding(obj: Any) -> Any:
    from kesu.employers.models import UnionFounding

    try:
        return obj.founding
    except UnionFounding.DoesNotExist:
        return None


EmployerListQuery = list_query(
    selectors.EmployerFilters,
    {
        "q": "名称或信用代码包含",
        "org": "服务工会编码（含下级）",
        "ownership": code_list(Ownership),
        "size": "25plus：职工25人以上",
        "union": "yes 已建会 / no 未建会",
        "township": "所在乡镇/街道包含",
        "park": "所在园区包含",
    },
)


class FoundingIn(_In):
    founded_on: LooseDate = Field(None, description="建会日期")
    union: Loose = Field(None, description="所属工会编码，默认为服务工会")
    sign_hung: LooseBool = None
    identity_shown: LooseBool = None
    duties_shown: LooseBool = None
    home_rating: Loose = Field(None, description=f"{code_list(HomeRating)} 或空")
    notes: Loose = None


class _EmployerFields(_In):
    credit_code: Loose = Field(None, description="统一社会信用代码（18位，校验）")
    industry: Loose = None
    staff_count: LooseInt = Field(None, description="职工人数")
    township: Loose = None
    industrial_park: Loose = None
    is_active: LooseBool = None
    founding: FoundingIn | None = Field(None, description="建会情况（可选）")


class EmployerCreateIn(_EmployerFields):
    org: str = Field(min_length=1, description="服务工会编码")
    name: str
    ownership: str = Field(description="所有制代码或中文名称")


EmployerPatchIn = patch_of(EmployerCreateIn, org=Field(None, description="服务工会编码"))


# ---------------------------------------------------------------- wage agreements


class AgreementOut(_Out):
    kind: str
    kind_name: str
    title: str
    employers: list[int]
    signed_on: dt.date
    term_start: dt.date
    term_end: dt.date
    workers_covered: int
    wage_increase_pct: Decimal | None
    notes: str

    resolve_kind_name = display("kind")

    @staticmethod
    def resolve_employers(obj: Any) -> list[int]:
        return sorted(obj.employers.values_list("pk", flat=True))


AgreementListQuery = list_query(
    selectors.AgreementFilters,
    {"kind": code_list(AgreementKind), "year": "签订年份"},
)


class _AgreementFields(_In):
    employers: list[Id] | None = Field(None, description="覆盖企业编号列表（整体替换）")
    workers_covered: LooseInt = None
    wage_increase_pct: LooseDecimal = Field(None, description="工资增长幅度（%）")
    notes: Loose = None


class AgreementCreateIn(_AgreementFields):
    org: str = Field(min_length=1, description="协商工会编码")
    kind: str = Field(description="employer 单独 / regional 区域性 / industry 行业性")
    title: str
    signed_on: LooseDate
    term_start: LooseDate
    term_end: LooseDate


AgreementPatchIn = patch_of(AgreementCreateIn, org=Field(None, description="协商工会编码"))


# ---------------------------------------------------------------- medical mutual


class MutualEnrolmentOut(_Out):
    employer: int | None
    employer_name: str
    year: int
    shares: int
    amount: Decimal | None
    notes: str

    resolve_employer = attr("employer_id")

    @staticmethod
    def resolve_employer_name(obj: Any) -> str:
        return obj.employer.name if obj.employer_id else ""


MutualEnrolmentPage = page_of(MutualEnrolmentOut)


MutualEnrolmentListQuery = list_query(
    selectors.EnrolmentFilters,
    {"year": "年度"},
    name="MutualEnrolmentListQuery",
)


class MutualEnrolmentIn(_In):
    org: Loose = Field(None, description="工会编码（不填企业时必填）")
    employer: LooseInt = Field(None, description="企业编号；同一企业同一年度再次提交即更新")
    year: LooseInt
    shares: LooseInt = Field(description="参保份数")
    amount: LooseDecimal = Field(None, description="金额（元）")
    notes: Loose = None


class CompletionOut(Schema):
    org: str
    year: int
    shares: int
    target: Decimal | None
    percent: Decimal | None
    text: str

    resolve_org = attr("org.code")


class FoundingEvidenceOut(Schema):
    """A union founding as an indicator's evidence record (unions.founded)."""

    id: int
    employer: str
    credit_code: str
    founded_on: dt.date
    union: str = Field(description="所属工会编码")
    union_name: str

    resolve_employer = attr("employer.name")
    resolve_credit_code = attr("employer.credit_code")
    resolve_union = attr("union.code")
    resolve_union_name = attr("union.name")
