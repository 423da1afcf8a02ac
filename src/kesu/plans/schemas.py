"""API shapes for plans, targets and tasks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from kesu.core.schemas import Day, LooseInt
from kesu.plans.models import YEAR_MAX, YEAR_MIN
from kesu.web.api_schemas import page_of
from kesu.web.api_support import PageQuery

PlanYear = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class PlanOut(Schema):
    id: int
    org: str = Field(description="组织编码")
    org_name: str
    year: int
    title: str
    notes: str


PlanPage = page_of(PlanOut)


class PlanQuery(PageQuery):
    org: str = Field("", description="组织编码；默认为当前用户所属组织")
    year: PlanYear | None = Field(None, description="年度")


class PlanIn(Schema):
    org: str = Field(description="组织编码")
    year: PlanYear


class TargetOut(Schema):
    org: str
    org_name: str
    year: int
    indicator: str = Field(description="指标编码")
    indicator_name: str
    unit: str
    value: Decimal = Field(description="目标值")
    actual: Decimal | int | float | None = Field(description="实际完成（来自指标注册表）")
    completion: Decimal | None = Field(description="完成率（%，一位小数）；目标为0时为 null")
    light: str = Field(description="green 已完成 / amber 按进度 / red 落后")
    expected: Decimal = Field(description="按时间进度应完成的百分比")
    handed_down_by: str | None = Field(description="下达目标的上级组织编码")
    notes: str


TargetPage = page_of(TargetOut)


class TargetQuery(PageQuery):
    org: str = Field("", description="组织编码；默认为当前用户所属组织")
    year: PlanYear = Field(description="年度")
    indicator: str = Field("", description="指标编码")


class TargetIn(Schema):
    org: str = Field(description="组织编码")
    year: PlanYear
    indicator: str = Field(description="指标编码")
    value: Decimal | str = Field(description="目标值，不能为负数")
    notes: str | None = None


class HandDownIn(Schema):
    parent: str = Field(description="上级组织编码")
    year: PlanYear
    values: dict[str, dict[str, Decimal | str | None]] = Field(
        description="{下级组织编码: {指标编码: 目标值}}"
    )


class TaskOut(Schema):
    id: int
    org: str
    year: int
    title: str
    responsible: str = Field(description="负责人用户名")
    responsible_name: str
    deadline: dt.date
    status: str
    status_name: str
    target: str | None = Field(description="对应目标的指标编码")
    notes: str
    overdue: bool


TaskPage = page_of(TaskOut)


class TaskQuery(PageQuery):
    org: str = Field("", description="组织编码")
    year: PlanYear | None = None
    status: str = ""
    mine: bool = Field(False, description="只看我负责的任务")


class TaskCreateIn(Schema):
    org: str = Field(description="组织编码")
    year: PlanYear
    title: str
    responsible: LooseInt = Field(description="负责人用户名")
    deadline: Day
    status: str = "todo"
    target: str | None = Field(None, description="对应目标的指标编码")
    notes: str = ""


class TaskPatchIn(Schema):
    title: str | None = None
    responsible: LooseInt = None
    deadline: Day | None = None
    status: str | None = None
    target: str | None = None
    notes: str | None = None
