"""API shapes of 抽样设计 (/api/v1/assessments/{id}/sample). Rates and shares are percentages
(0–100); `n_eff` is Kish's effective sample size of the design-weighted respondents."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kesu.assessment.sample_services import SEED_MAX


class SampleDrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    stratify_by: Literal["unit", "cells", "unit_cells"] = Field(
        "unit", description="分层：unit 下级单位；cells 性别×年龄段×文化程度；unit_cells 两者交叉"
    )
    allocation: Literal["proportional", "neyman"] = Field(
        "proportional",
        description="proportional 按比例；neyman 最优分配（按往期测评估计各层标准差）",
    )
    size: int | None = Field(
        None, ge=1, le=1_000_000, description="样本量（不填则按 margin_points 估算）"
    )
    # A number as the schema says (any precision): the service rounds it to 0.1 point.
    margin_points: float | None = Field(
        None, ge=0.5, le=20, allow_inf_nan=False, description="目标误差（±百分点，精确到0.1）"
    )
    confidence: Literal[90, 95, 99] = Field(95, description="置信度（%）")
    response_rate: int = Field(100, ge=10, le=100, description="预计应答率（%）")
    min_per_stratum: int = Field(0, ge=0, le=10_000, description="每层最少人数")
    reserve_per_stratum: int = Field(0, ge=0, le=1_000, description="每层备选人数")
    seed: int | None = Field(
        None, ge=0, le=SEED_MAX, description="随机种子（不填则随机生成并记录）"
    )


class SampleRateOut(Schema):
    sampled: int = Field(description="样本人数（已替换者不计，替补者计入）")
    responded: int = Field(description="已作答人数")
    replaced: int = Field(description="已替换人数")
    rate: float | None = Field(description="应答率（%）")


class SampleStratumOut(SampleRateOut):
    key: str
    label: str
    population: int = Field(description="抽样框中该层人数")
    allocated: int = Field(description="分配（入样）人数")
    reserve: int = Field(description="备选人数")


class SampleEstimateOut(Schema):
    n: int
    literate: int
    raw_share: float | None
    weighted_share: float | None = Field(description="按抽样设计加权并事后分层的比例（%）")
    ci_low: float | None
    ci_high: float | None
    n_eff: float | None
    refused: bool


class SampleOut(Schema):
    id: int
    assessment: int
    stratify_by: str
    stratify_name: str
    allocation: str
    allocation_name: str
    size: int
    min_per_stratum: int
    reserve_per_stratum: int
    seed: int
    frame_on: dt.date = Field(description="年龄计算日期（测评结束日期）")
    frame_size: int = Field(description="抽样框人数（18岁及以上在册会员）")
    margin_points: float | None
    confidence: int
    expected_response_rate: int
    planned_deff: float = Field(description="按分配计算的设计效应（Kish）")
    prior: int | None = Field(description="最优分配所依据的往期测评")
    prior_title: str
    drawn_at: dt.datetime
    response: SampleRateOut
    strata: list[SampleStratumOut]
    estimate: SampleEstimateOut
    deff: float | None = Field(description="实际设计效应：作答人数÷有效样本量")
    unscored: int
