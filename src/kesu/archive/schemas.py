"""API shapes of the archive: a member's timeline as JSON."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict

from kesu.core.schemas import Day


class ArchiveEntryOut(Schema):
    date: dt.date
    kind: str = Field(
        description="activity/training/certificate/attempt/assessment/achievement/honour/transfer"
    )
    kind_name: str
    title: str
    detail: str
    org_name: str
    figures: dict[str, str]


class YearOut(Schema):
    year: int
    entries: list[ArchiveEntryOut]


class ArchiveOut(Schema):
    member_id: int
    name: str
    id_number: str = Field(description="脱敏身份证号")
    org: str
    org_name: str
    years: list[YearOut]


class ArchiveQuery(Schema):
    model_config = ConfigDict(populate_by_name=True)

    date_from: Day | None = Field(None, alias="from", description="开始日期（含）")
    date_to: Day | None = Field(None, alias="to", description="截止日期（含）")
