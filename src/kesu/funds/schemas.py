"""API shapes of budgets, other spending and the budget-against-spent overview (元)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from kesu.core.schemas import BoundedDecimal, Day, OrgRecordOut, PartialIn, Year, attr, display

Money = BoundedDecimal(12, 2)
Text = str  # lengths are the model's (RecordError names the field)


class _AreaOut(OrgRecordOut):
    area: str
    area_name: str

    resolve_area_name = display("area")


class BudgetIn(PartialIn):
    org: str | None = Field(None, description="所属组织编码（新增时必填）")
    year: Year | None = None
    area: str | None = Field(None, description="工作领域代码")
    amount: Money | None = Field(None, description="预算（元）")
    notes: Text | None = None


class BudgetOut(_AreaOut):
    year: int
    amount: Decimal
    notes: str


class ExpenseIn(PartialIn):
    org: str | None = Field(None, description="所属组织编码（新增时必填）")
    spent_on: Day | None = None
    area: str | None = Field(None, description="工作领域代码")
    amount: Money | None = Field(None, description="金额（元）")
    description: Text | None = Field(None, description="用途")


class ExpenseOut(_AreaOut):
    spent_on: dt.date
    amount: Decimal
    description: str


class AreaFundsOut(Schema):
    area: str
    area_name: str = Field(alias="label")
    budget: Decimal
    spent: Decimal
    share: Decimal | None = Field(description="支出占预算的百分比")
    by_source: dict[str, Decimal] = Field(
        description="activities 活动经费 / assistance 帮扶资金 / expenses 其他支出"
    )


class FundsOverviewOut(Schema):
    org: str
    start: dt.date
    end: dt.date
    budget: Decimal
    spent: Decimal
    share: Decimal | None
    areas: list[AreaFundsOut]

    resolve_org = attr("org.code")
