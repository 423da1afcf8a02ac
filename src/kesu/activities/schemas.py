"""API shapes for activities. Field names follow the glossary; outputs keep 人次 (person-times)
and 人 (distinct persons) apart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import ConfigDict, create_model

from kesu.activities import selectors
from kesu.activities.choices import Kind, Outreach
from kesu.activities.models import COUNT_FIELDS, Activity
from kesu.activities.validation import FIELD_LABELS as _LABELS
from kesu.core.schemas import Loose, LooseCodes, LooseInt, OrgNamed, PartialIn, attr, codes, display
from kesu.web.api_schemas import code_list, list_query

FIELD_LABELS = {
    **_LABELS,
    "q": "搜索",
    "topic": "主题",
    "date_from": "开始日期",
    "date_to": "截止日期",
    "year_shift": "年份偏移",
}

# Loose input types on purpose: activities.services parses the spellings people type
# (“讲座”, “2026-03-23 09:00”, “1200.5”) and answers in Chinese at the field.

# An activity's counts (发放资料、咨询人次…), as activities.validation declares them: what the
# API answers, and what it accepts.
_Counts = create_model("_Counts", __base__=Schema, **{f: (int, ...) for f in COUNT_FIELDS})
_LooseCounts = create_model(
    "_LooseCounts", __base__=PartialIn, **{f: (LooseInt, None) for f in COUNT_FIELDS}
)


class ActivityOut(OrgNamed, _Counts):
    id: int
    title: str
    kind: str
    kind_name: str
    outreach: str
    org: str = Field(description="主办组织编码")
    org_name: str
    co_orgs: list[str] = Field(description="协办组织编码")
    campaign: int | None
    start: dt.datetime
    end: dt.datetime
    place: str
    topics: list[str]
    target_groups: list[str]
    partners: str
    description: str
    responsible: str
    person_times: int | None = Field(description="填报的参与人次；未填报为 null")
    checkin_person_times: int = Field(description="签到人次（签到记录条数）")
    checkin_persons: int = Field(description="签到人数（去重的会员和来宾）")
    person_times_warning: str = Field(description="填报人次与签到人次相差超过20%时的提示")
    spending: Decimal = Field(description="经费（元），两位小数")
    funding_source: str
    review_note: str
    copied_from: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    resolve_kind_name = display("kind")

    @staticmethod
    def resolve_co_orgs(obj: Activity) -> list[str]:
        return sorted(o.code for o in obj.co_orgs.all())

    resolve_campaign = attr("campaign_id")
    resolve_copied_from = attr("copied_from_id")

    resolve_topics = codes("topics")

    resolve_target_groups = codes("target_groups")

    @staticmethod
    def resolve_checkin_person_times(obj: Activity) -> int:
        return selectors.activity_person_times(obj).checked_in

    @staticmethod
    def resolve_checkin_persons(obj: Activity) -> int:
        return selectors.activity_person_times(obj).persons

    @staticmethod
    def resolve_person_times_warning(obj: Activity) -> str:
        return selectors.activity_person_times(obj).warning


ActivityListQuery = list_query(
    selectors.ActivityFilters,
    {
        "q": "活动名称包含",
        "org": "主办组织编码（含下级）",
        "kind": code_list(Kind),
        "outreach": code_list(Outreach),
        "topic": "主题代码，如 tech、safety",
        "campaign": "主题活动编号",
        "date_from": "开始日期不早于（YYYY-MM-DD）",
        "date_to": "开始日期不晚于（YYYY-MM-DD）",
    },
    doc="The same filters as the activity list page (activities.selectors.ActivityFilters).",
)


class _ActivityFields(_LooseCounts):
    """Only the keys the client sent reach activities.services (`data()`)."""

    outreach: Loose = Field(None, description=f"{code_list(Outreach)} 或中文")
    co_orgs: LooseCodes = Field(None, description="协办组织编码列表（须在管辖范围内）")
    end: Loose = Field(None, description="结束时间；省略时同开始时间")
    place: Loose = None
    topics: LooseCodes = Field(None, description="主题代码或中文名称列表")
    target_groups: LooseCodes = Field(None, description="面向人群代码或中文名称列表")
    partners: Loose = Field(None, description="合作单位（文字）")
    person_times: LooseInt = Field(None, description="填报的参与人次；null 表示未填报")
    spending: Decimal | str | None = Field(None, description="经费（元），最多两位小数")
    funding_source: Loose = None
    campaign: int | str | None = Field(None, description="主题活动编号（本级或上级发起的）")
    description: Loose = None
    responsible: Loose = None
    review_note: Loose = None


class ActivityCreateIn(_ActivityFields):
    org: str = Field(description="主办组织编码")
    title: str
    kind: str = Field(description=code_list(Kind))
    start: str = Field(description="开始时间，如 2026-03-23T09:00 或 2026-03-23 09:00")


class ActivityPatchIn(_ActivityFields):
    org: Loose = Field(None, description="主办组织编码（在管辖范围内调整）")
    title: Loose = None
    kind: Loose = None
    start: Loose = None


class CopyIn(Schema):
    model_config = ConfigDict(extra="forbid")

    year_shift: int = Field(1, ge=-5, le=5, description="日期平移的年数，默认1（明年）")


class ActivityEvidenceOut(OrgNamed, _Counts):
    """One activity behind an indicator value (kesu.indicators evidence lists)."""

    id: int
    title: str
    kind: str
    org: str
    org_name: str
    start: dt.datetime
    person_times: int | None = Field(description="填报的参与人次")
    checkin_person_times: int | None = Field(None, description="签到人次（参与人次指标的依据）")
    spending: Decimal

    @staticmethod
    def resolve_checkin_person_times(obj: Activity) -> int | None:
        return getattr(obj, "checkin_person_times", None)


class AttendanceEvidenceOut(Schema):
    """One check-in behind the distinct-persons indicator (no phone leaves)."""

    id: int
    activity: int
    activity_title: str
    org: str
    session: int
    member: int | None
    guest_name: str
    checked_in_at: dt.datetime

    resolve_activity = attr("activity_id")
    resolve_activity_title = attr("activity.title")
    resolve_org = attr("activity.org.code")
    resolve_member = attr("member_id")
