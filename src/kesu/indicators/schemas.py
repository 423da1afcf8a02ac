"""API shapes for indicators. Evidence rows reuse each record type's own API schema, so
personal data leaves masked exactly as in /api/v1/members."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model
from ninja import Field, Schema
from pydantic import ConfigDict

from kesu.core.schemas import Day
from kesu.web.api_support import PageMeta, PageQuery

FIELD_LABELS = {
    "org": "组织",
    "from": "开始日期",
    "to": "截止日期",
    "code": "指标编码",
    "by": "分组方式",
}

# Record type -> the schema its evidence rows leave in; each app's indicators module adds its own.
EVIDENCE_SCHEMAS: dict[type[Model], type[Schema]] = {}


def register_evidence_schema(model: type[Model], schema: type[Schema]) -> None:
    EVIDENCE_SCHEMAS[model] = schema


class RangeQuery(Schema):
    model_config = ConfigDict(populate_by_name=True)

    org: str = Field(description="组织编码（含下级）")
    start: Day = Field(alias="from", description="开始日期 YYYY-MM-DD（含）")
    end: Day = Field(alias="to", description="截止日期 YYYY-MM-DD（含）")


class ValuesQuery(RangeQuery):
    code: str = Field("", description="只取这些指标，逗号分隔，如 members.count,orgs.count")


class BreakdownQuery(RangeQuery):
    by: str = Field("org", description="org（按下级组织）或指标声明的维度，如 gender、month")


class EvidenceQuery(RangeQuery, PageQuery):
    pass


class ValueOut(Schema):
    code: str
    name: str
    unit: str
    value: float | int
    evidence_url: str = Field(description="该数值所依据的记录清单")


class ValuesOut(Schema):
    model_config = ConfigDict(populate_by_name=True)

    org: str
    start: dt.date = Field(serialization_alias="from")
    end: dt.date = Field(serialization_alias="to")
    items: list[ValueOut]


class BreakdownRowOut(Schema):
    key: str
    label: str
    value: float | int


class BreakdownOut(Schema):
    code: str
    name: str
    unit: str
    org: str
    by: str
    value: float | int = Field(description="总计")
    rows: list[BreakdownRowOut]


class EvidencePage(PageMeta):
    code: str
    name: str
    unit: str
    value: float | int
    items: list[dict[str, Any]]
