"""API shapes of hardship files and assistance. Input types are loose on purpose (the
services parse and answer in Chinese); output hides incomes, ID numbers, phones and full
names from roles outside KESU_HARDSHIP_ROLES (they get null or a masked name)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kesu.core.schemas import (
    Loose,
    LooseDate,
    LooseDecimal,
    LooseInt,
    OrgRecordOut,
    PartialIn,
    attr,
    display,
)
from kesu.hardship import selectors
from kesu.hardship.models import AssistanceKind, Cause, RecipientKind, Tier
from kesu.hardship.validation import can_see_details, mask_name
from kesu.web.api_schemas import code_list, list_query, page_of

_Org = OrgRecordOut
_In = PartialIn


def _user(context: Any) -> Any:
    return context["request"].auth if context else None


def _allowed(context: Any) -> bool:
    user = _user(context)
    return user is not None and can_see_details(user)


def _restricted(path: str) -> Any:
    """A resolver that gives `path` of the record to the roles allowed to see hardship files,
    and null to the others."""
    read = attr(path).__func__

    def resolve(obj: Any, context: Any) -> Any:
        return read(obj) if _allowed(context) else None

    return staticmethod(resolve)


# ---------------------------------------------------------------- hardship files


class HouseholdOut(Schema):
    name: str
    relation: str
    id_number: str = Field(description="身份证号：有个人信息权限的角色看到完整号码，其余为掩码")


class CaseOut(_Org):
    applicant: int = Field(description="申请人会员编号")
    applicant_name: str = Field(description="无困难档案权限的角色只看到掩码姓名")
    status: str
    status_name: str
    tier: str
    tier_name: str
    cause: str
    cause_name: str
    is_temporary: bool
    filed_on: dt.date
    out_on: dt.date | None
    closed_on: dt.date | None
    last_reviewed_on: dt.date | None
    review_due_on: dt.date
    household_size: int
    income_per_head: Decimal | None = Field(description="家庭月人均收入（元），无权限时为 null")
    standard_amount: Decimal | None = Field(description="适用低保标准，无权限时为 null")
    applicant_id_number: str | None = Field(description="申请人身份证号掩码，无权限时为 null")
    phone: str | None = Field(description="联系电话掩码，无权限时为 null")
    address: str | None
    notes: str | None

    resolve_applicant = attr("applicant_id")

    @staticmethod
    def resolve_applicant_name(obj: Any, context: Any) -> str:
        name = obj.applicant.name
        return name if _allowed(context) else mask_name(name)

    resolve_status_name = display("status")
    resolve_tier_name = display("tier")
    resolve_cause_name = display("cause")

    resolve_income_per_head = _restricted("income_per_head")
    resolve_standard_amount = _restricted("standard_amount")
    resolve_applicant_id_number = _restricted("applicant.id_number_masked")
    resolve_phone = _restricted("phone_masked")
    resolve_address = _restricted("address")
    resolve_notes = _restricted("notes")


class CaseDetailOut(CaseOut):
    household: list[HouseholdOut]

    @staticmethod
    def resolve_household(obj: Any, context: Any) -> list[dict[str, str]]:
        from kesu.hardship.services import household_id_number

        user = _user(context)
        return [
            {
                "name": p.name,
                "relation": p.relation,
                "id_number": household_id_number(actor=user, person=p),
            }
            for p in obj.household.all()
        ]


# The list answers cases without their household; create answers CaseDetailOut.
CasePage = page_of(CaseOut)
CaseListQuery = list_query(
    selectors.CaseFilters,
    {
        "q": "申请人或家庭成员姓名包含",
        "id_number": "完整身份证号（申请人或家庭成员）",
        "status": "filed/assisting/out/closed，或 open（未销档）",
        "tier": code_list(Tier),
        "cause": code_list(Cause),
        "flag": "overdue（复核逾期）/unreviewed（一年未复核）/never_helped（从未帮扶）",
    },
)


class HouseholdIn(Schema):
    name: str
    relation: str
    id_number: Loose = None


class _CaseFields(_In):
    household_size: LooseInt = Field(None, description="家庭人口")
    income_per_head: LooseDecimal = Field(None, description="家庭月人均收入（元）")
    cause: Loose = Field(None, description="致困原因代码或中文")
    tier: Loose = Field(
        None, description="deep（深度困难）/relative（相对困难）/accident（意外致困）"
    )
    is_temporary: bool | str | None = Field(None, description="临时档案")
    filed_on: LooseDate = None
    phone: Loose = None
    address: Loose = None
    notes: Loose = None


class CaseCreateIn(_CaseFields):
    org: str = Field(description="建档组织编码")
    applicant: LooseInt = Field(None, description="申请人会员编号（或填 applicant_id_number）")
    applicant_id_number: Loose = Field(None, description="申请人身份证号（须为会员）")
    household: list[HouseholdIn] | None = None


class CasePatchIn(_CaseFields):
    pass


class TransitionIn(_In):
    status: str = Field(description="目标状态：assisting/out/closed，或 regular（临时转正式）")
    reason: Loose = None
    on: LooseDate = Field(None, description="日期，默认今天")


# ---------------------------------------------------------------- assistance


class AssistanceOut(_Org):
    kind: str
    kind_name: str
    date: dt.date
    amount: Decimal
    goods: str
    goods_value: Decimal
    recipient_kind: str
    recipients: int
    group_name: str
    case: int | None
    member: int | None
    member_name: str | None = Field(description="无困难档案权限的角色只看到掩码姓名")
    employer: int | None
    employer_name: str | None
    campaign: int | None
    funding_source: int | None
    description: str
    student_name: str
    school: str
    admission_level: str

    resolve_kind_name = display("kind")
    resolve_date = attr("given_on")
    resolve_case = attr("case_id")
    resolve_member = attr("member_id")

    @staticmethod
    def resolve_member_name(obj: Any, context: Any) -> str | None:
        if obj.member_id is None:
            return None
        return obj.member.name if _allowed(context) else mask_name(obj.member.name)

    resolve_employer = attr("employer_id")

    @staticmethod
    def resolve_employer_name(obj: Any) -> str | None:
        return obj.employer.name if obj.employer_id else None

    resolve_campaign = attr("campaign_id")
    resolve_funding_source = attr("funding_source_id")

    @staticmethod
    def resolve_student_name(obj: Any, context: Any) -> str:
        return obj.student_name if _allowed(context) else mask_name(obj.student_name)


AssistanceListQuery = list_query(
    selectors.AssistanceFilters,
    {
        "q": "说明、群体、学生、职工或企业名称包含",
        "kind": "spring_relief/golden_autumn/medical_aid/living_aid/…",
        "recipient_kind": code_list(RecipientKind),
        "date_from": "日期起（YYYY-MM-DD）",
        "date_to": "日期止（YYYY-MM-DD）",
        "case": "困难档案编号",
    },
    omit=("source",),
)


class AssistanceIn(_In):
    org: str = Field(description="实施组织编码")
    kind: str = Field(description=code_list(AssistanceKind))
    date: LooseDate
    amount: LooseDecimal = Field(None, description="金额（元），不能为负")
    goods: Loose = Field(None, description="物资说明")
    goods_value: LooseDecimal = Field(None, description="物资折价（元）")
    recipient_kind: str = Field(description=code_list(RecipientKind))
    recipients: LooseInt = Field(None, description="对象数（户/家/人），单个职工或家庭为1")
    group_name: Loose = None
    case: LooseInt = Field(None, description="困难档案编号（对象为困难家庭时必填）")
    member: LooseInt = None
    employer: LooseInt = None
    campaign: LooseInt = None
    funding_source: LooseInt = None
    description: Loose = None
    student_name: Loose = None
    school: Loose = None
    admission_level: Loose = Field(None, description="bachelor/college/senior/postgraduate/other")


# ---------------------------------------------------------------- indicator evidence
# No request there: names are always masked, incomes and ID numbers never included.


class CaseEvidenceOut(_Org):
    applicant_name: str
    status: str
    tier: str
    cause: str
    filed_on: dt.date
    closed_on: dt.date | None

    @staticmethod
    def resolve_applicant_name(obj: Any) -> str:
        return mask_name(obj.applicant.name)


class CaseEventEvidenceOut(Schema):
    id: int
    case: int
    org: str
    on: dt.date
    from_status: str
    to_status: str

    resolve_case = attr("case_id")
    resolve_org = attr("case.org.code")


class AssistanceEvidenceOut(_Org):
    kind: str
    date: dt.date
    amount: Decimal
    recipient_kind: str
    recipients: int
    group_name: str
    description: str

    resolve_date = attr("given_on")
