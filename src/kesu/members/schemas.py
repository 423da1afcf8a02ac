"""API shapes for the roster. Field names are the model's; personal data leaves only masked
unless a permitted role asks to reveal it (which is audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from kesu.core.schemas import Day, Loose, LooseBool, LooseDate, OrgNamed, PartialIn, attr
from kesu.members import selectors
from kesu.members.choices import Gender, MemberStatus
from kesu.members.validation import FIELD_LABELS as _MEMBER_LABELS
from kesu.web.api_schemas import code_list, list_query

FIELD_LABELS = {
    **_MEMBER_LABELS,
    "org": "所属工会",
    "to_org": "转入组织",
    "on": "转会日期",
    "reason": "原因",
    "reveal": "显示完整信息",
}

# Loose input types on purpose: members.validation parses the spellings people type
# (“男”, “2019年3月”, “是”) and answers in Chinese, exactly as for forms and Excel.


class MemberOut(OrgNamed):
    id: int
    org: str = Field(description="所属工会编码")
    org_name: str
    name: str
    gender: str
    birth_date: dt.date
    id_number_masked: str
    phone_masked: str
    ethnicity: str
    education: str
    political_status: str
    employer_name: str
    occupation: str
    is_migrant_worker: bool
    joined_on: dt.date | None
    status: str
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime


class MemberDetailOut(MemberOut):
    id_number: str | None = Field(None, description="完整身份证号，仅在 reveal=true 且有权限时返回")
    phone: str | None = Field(None, description="完整手机号，仅在 reveal=true 且有权限时返回")


MemberListQuery = list_query(
    selectors.MemberFilters,
    {
        "q": "姓名开头、完整身份证号/手机号，或其后4位",
        "gender": code_list(Gender, " / "),
        "age_band": "18-29、30-39、40-49、50-59、60+、-17",
        "education": "文化程度代码",
        "migrant": "yes / no",
        "status": code_list(MemberStatus, " / "),
    },
    doc="The same filters as the roster page (members.selectors.MemberFilters).",
)


class _MemberFields(PartialIn):
    """Only the keys the client sent reach members.validation (`data()`)."""

    gender: Loose = Field(
        None, description=f"{code_list(Gender)} 或 男/女；可省略（由身份证号推出）"
    )
    birth_date: LooseDate = Field(None, description="可省略（由身份证号推出）；给出时须一致")
    phone: Loose = None
    ethnicity: Loose = Field(None, description="民族名称，默认汉族")
    education: Loose = Field(None, description="代码（如 bachelor）或中文（如 大学本科）")
    political_status: Loose = Field(None, description="代码（如 cpc）或中文（如 中共党员）")
    employer_name: Loose = None
    occupation: Loose = None
    is_migrant_worker: LooseBool = None
    joined_on: LooseDate = None
    status: Loose = Field(None, description=f"{code_list(MemberStatus)} 或 在册/转出/退会")
    notes: Loose = None


class MemberCreateIn(_MemberFields):
    org: str = Field(description="所属工会编码")
    name: str
    id_number: str


class MemberPatchIn(_MemberFields):
    name: Loose = None
    id_number: Loose = None
    # Declared only so that sending it gets a useful answer: moving is a transfer.
    org: Any = Field(None, description="不可修改：调整所属工会请用 /members/{id}/transfer")


class TransferIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_org: str = Field(description="转入组织编码")
    on: Day | None = Field(None, description="转会日期，默认今天")
    reason: str = Field("", max_length=200)


class TransferOut(Schema):
    id: int
    member: int
    from_org: str
    to_org: str
    transferred_on: dt.date
    reason: str

    resolve_member = attr("member_id")
    resolve_from_org = attr("from_org.code")
    resolve_to_org = attr("to_org.code")
