"""API shapes of 科学素质测评. Shares are percentages (0–100, two decimals); `n_eff` is
Kish's effective sample size; `ci_low`/`ci_high` the 95% Wilson interval of the weighted
share at n_eff. A weighted figure is null when the group has fewer than `min_n` respondents
(`refused` true: 样本不足)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from kesu.core.schemas import Day, OrgNamed, PartialIn, attr
from kesu.web.api_schemas import page_of
from kesu.web.api_support import PageQuery


class SchemeOut(Schema):
    id: int
    code: str
    name: str
    method: str
    weights: dict[str, str]
    tiers: list[dict[str, Any]]
    is_builtin: bool


class AssessmentOut(OrgNamed):
    id: int
    org: str = Field(description="组织单位编码")
    org_name: str
    title: str
    paper: int
    paper_title: str
    scheme: str = Field(description="测评方案编码")
    scheme_name: str
    period_start: dt.date
    period_end: dt.date
    description: str

    resolve_paper = attr("paper_id")
    resolve_paper_title = attr("paper.title")
    resolve_scheme = attr("scheme.code")
    resolve_scheme_name = attr("scheme.name")


AssessmentPage = page_of(AssessmentOut)


class AssessmentListQuery(PageQuery):
    org: str | None = Field(None, description="组织编码：只列该组织及下级的测评")


class AssessmentCreateIn(PartialIn):
    org: str
    title: str | None = None
    paper: int | str | None = None
    scheme: int | str | None = Field(None, description="测评方案编号或编码，如 national-2022")
    period_start: dt.date | str | None = None
    period_end: dt.date | str | None = None
    description: str | None = None


class ResultsQuery(Schema):
    org: str | None = Field(None, description="组织编码（默认为测评组织）")
    from_: Day | None = Field(None, alias="from", description="开始日期（默认测评期间）")
    to: Day | None = Field(None, description="结束日期")
    method: Literal["poststrat", "raking"] = Field("poststrat", description="加权方法")
    min_n: int = Field(30, ge=1, le=10000, description="加权估计所需最少样本")


class GroupOut(Schema):
    key: str
    label: str
    n: int
    literate: int
    raw_share: float | None
    weighted_share: float | None
    n_eff: float | None
    ci_low: float | None
    ci_high: float | None
    refused: bool
    tiers: dict[str, int]
    national_share: float | None = Field(None, description="全国2023年同组数据（%）")


class WeightingOut(Schema):
    method: str
    covered_population: int
    dropped_population: int
    dropped: list[str]
    strata: int
    iterations: int
    converged: bool


class NationalOut(Schema):
    year: int
    share: float
    source: str


class ItemOut(Schema):
    question: int
    stem: str
    dimension: str
    answered: int
    correct: int
    rate: float | None
    intl_code: str
    intl_rates: dict[str, float]


class ResultsOut(Schema):
    assessment: int
    org: str
    org_name: str
    from_: dt.date = Field(..., alias="from")
    to: dt.date
    scheme: str
    min_n: int
    tier_names: list[str]
    overall: GroupOut
    groups: dict[str, list[GroupOut]]
    weighting: WeightingOut
    unscored: int
    outside_cells: int
    national: list[NationalOut]
    items: list[ItemOut]

    model_config = ConfigDict(populate_by_name=True)


class AssessmentAttemptEvidenceOut(OrgNamed):
    """An attempt as evidence of the assessment indicators (no personal data beyond name)."""

    id: int
    member_name: str
    org: str
    org_name: str
    paper_title: str
    source: str
    submitted_at: dt.datetime | None
    score: str | None

    resolve_member_name = attr("member.name")
    resolve_paper_title = attr("paper.title")

    @staticmethod
    def resolve_score(obj: Any) -> str | None:
        return None if obj.score is None else str(obj.score)


# ---------------------------------------------------------------- item analysis, comparison

ID_MAX = 2**31 - 1  # ids past a 32-bit integer name nothing


class AssessmentItemsQuery(Schema):
    org: str | None = Field(None, max_length=40, description="组织编码（默认为测评组织）")
    from_: dt.date | None = Field(None, alias="from", description="开始日期（默认测评期间）")
    to: dt.date | None = Field(None, description="结束日期")


class AssessmentItemOptionOut(Schema):
    label: str
    is_key: bool = Field(description="是否为正确选项")
    chosen: int
    share: float | None = Field(description="选择该项的比例（%）")
    mean_total: float | None = Field(description="选择该项者的平均总分（各题得分率之和）")


class AssessmentItemOut(Schema):
    position: int
    question: int
    family: int = Field(description="试题编号")
    stem: str
    type: str
    dimension: str
    dimension_name: str
    answered: int
    correct: int
    difficulty: float | None = Field(description="难度：答对比例（%）")
    discrimination: float | None = Field(description="区分度：与其余各题总分的相关系数")
    omitted: int
    flags: list[str] = Field(
        description="too_easy 过易 / too_hard 过难 / low_discrimination 区分度低 / "
        "negative_discrimination 区分度为负"
    )
    flag_labels: list[str]
    options: list[AssessmentItemOptionOut]


class AssessmentReliabilityOut(Schema):
    key: str = Field(description="paper 全卷，或维度编码")
    label: str
    coefficient: str = Field(description="KR-20（0/1计分）或克隆巴赫α系数")
    items: int
    persons: int
    alpha: float | None
    ci_low: float | None = Field(description="95%置信区间下限（Bonett法）")
    ci_high: float | None


class AssessmentItemsOut(Schema):
    assessment: int
    org: str
    org_name: str
    from_: dt.date = Field(..., alias="from")
    to: dt.date
    persons: int = Field(description="有逐题作答记录的参测人数")
    fixed: bool = Field(description="固定试题试卷（随机抽题试卷不计算信度）")
    items: list[AssessmentItemOut]
    reliability: list[AssessmentReliabilityOut]

    model_config = ConfigDict(populate_by_name=True)


class AssessmentCompareQuery(Schema):
    with_: int = Field(..., alias="with", ge=1, le=ID_MAX, description="比较的另一次测评编号")
    org: str | None = Field(None, max_length=40, description="组织编码（默认为测评组织）")
    method: Literal["poststrat", "raking"] = Field("poststrat", description="加权方法")
    min_n: int = Field(30, ge=1, le=10000, description="加权估计所需最少样本")


class AssessmentCompareSideOut(Schema):
    id: int
    title: str
    period_start: dt.date
    period_end: dt.date


class AssessmentCompareEstimateOut(Schema):
    n: int
    weighted_share: float | None
    ci_low: float | None
    ci_high: float | None
    n_eff: float | None
    refused: bool


class AssessmentCompareRowOut(Schema):
    key: str
    label: str
    earlier: AssessmentCompareEstimateOut | None
    later: AssessmentCompareEstimateOut | None
    difference: float | None = Field(description="加权比例之差（后一次减前一次，百分点）")
    ci_low: float | None = Field(description="差值的95%置信区间下限（百分点）")
    ci_high: float | None
    z: float | None
    p_value: float | None = Field(description="双侧z检验p值")


class AssessmentCompareOut(Schema):
    org: str
    org_name: str
    min_n: int
    method: str
    earlier: AssessmentCompareSideOut
    later: AssessmentCompareSideOut
    overall: AssessmentCompareRowOut
    groups: dict[str, list[AssessmentCompareRowOut]]
    design: AssessmentCompareRowOut | None = Field(
        None, description="两次均为抽样调查时：按抽样设计加权的比例之差（仅测评组织本级）"
    )
