"""/api/v1/assessments (list, create, detail), /api/v1/assessments/{id}/results, …/items
(item analysis), …/compare?with=<id> (change over time) and …/sample (the sample design).
Thin: parse, call a selector or service, render (wired in kesu/api.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.assessment import sample_selectors, sample_services, schemas, selectors, services
from kesu.assessment.compare import NotComparable, assessment_compare
from kesu.assessment.items import item_analysis
from kesu.assessment.presenters import compare_data, items_data, results_data, sample_data
from kesu.assessment.results import assessment_results
from kesu.assessment.schemas_sample import SampleDrawIn, SampleOut
from kesu.core.actors import Actor
from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.web.api_records import RecordKit
from kesu.web.api_support import ERRORS, ApiError, paginate, require_view

router = Router(tags=["科学素质测评"])
records = RecordKit(router, schemas, selectors, services)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "assessments": {
        **services.LABELS,
        "from": "开始日期",
        "to": "结束日期",
        "method": "加权方法",
        "min_n": "最少样本",
        "with": "比较的测评",
        **sample_services.LABELS,
    },
    "literacy-schemes": services.LABELS,
}


@router.get(
    "/literacy-schemes", response={200: list[schemas.SchemeOut], **ERRORS}, summary="测评方案"
)
def scheme_index(request: HttpRequest) -> Any:
    require_view(request)
    return list(selectors.scheme_list())


@router.get(
    "/assessments", response={200: schemas.AssessmentPage, **ERRORS}, summary="科学素质测评列表"
)
def assessment_index(request: HttpRequest, query: Query[schemas.AssessmentListQuery]) -> Any:
    user = require_view(request)
    org = access.get_org_for_user(user, query.org) if query.org else None
    rows = selectors.assessment_list(user=user, org=org)
    return paginate(rows, page=query.page, page_size=query.page_size)


records.add(
    "/assessments", "assessment", ("新建科学素质测评", "科学素质测评详情"), ops=("create", "detail")
)


@router.get(
    "/assessments/{assessment_id}/results",
    response={200: schemas.ResultsOut, **ERRORS},
    summary="测评结果：具备科学素质比例（原始与加权）",
    by_alias=True,
)
def assessment_results_view(
    request: HttpRequest, assessment_id: Id, query: Query[schemas.ResultsQuery]
) -> Any:
    """总体及按性别、年龄段、文化程度、农民工、下级组织分组：n、literate、raw_share、
    weighted_share（事后分层或 raking 加权至本组织在册会员结构）、n_eff、ci_low、ci_high
    （百分比）及各等级人数；样本少于 min_n 的分组不给出加权估计（refused）。"""
    assessment, org = _assessment_for(request, assessment_id, query)
    results = assessment_results(
        assessment,
        org=org,
        date_from=query.from_,
        date_to=query.to,
        method=query.method,
        min_n=query.min_n,
    )
    return results_data(results)


def _assessment_for(request: HttpRequest, assessment_id: Id, query: Any) -> tuple[Any, Any]:
    """The assessment in the user's scope and the organisation the query asks about."""
    user = require_view(request)
    assessment = selectors.assessment_get(user=user, pk=assessment_id)
    return assessment, _scoped_org(user, assessment, query)


def _scoped_org(user: Actor, assessment: Any, query: Any) -> Any:
    """The organisation the query asks about (the assessment's audience only), once its date
    range is the right way round."""
    start, end = getattr(query, "from_", None), getattr(query, "to", None)
    if start and end and end < start:
        raise ApiError(
            400, "validation_error", "结束日期不能早于开始日期", {"to": "结束日期不能早于开始日期"}
        )
    try:
        return selectors.results_org(user=user, assessment=assessment, code=query.org)
    except selectors.OutsideAudience as exc:
        raise ApiError(400, "validation_error", str(exc), {"org": str(exc)}) from None


@router.get(
    "/assessments/{assessment_id}/items",
    response={200: schemas.AssessmentItemsOut, **ERRORS},
    summary="测评题目分析：难度、区分度、选项分析与信度",
    by_alias=True,
)
def assessment_items_view(
    request: HttpRequest,
    assessment_id: Id,
    query: Query[schemas.AssessmentItemsQuery],
) -> Any:
    """每题：难度（答对比例，%）、区分度（与其余各题总分的相关系数）、各选项选择比例及其
    平均总分、提示（过易 p>90%、过难 p<20%、区分度低 r<0.2、区分度为负 r<0）；全卷及各维度
    的信度（KR-20 或克隆巴赫α）与95%置信区间。"""
    assessment, org = _assessment_for(request, assessment_id, query)
    return items_data(item_analysis(assessment, org=org, date_from=query.from_, date_to=query.to))


@router.get(
    "/assessments/{assessment_id}/compare",
    response={200: schemas.AssessmentCompareOut, **ERRORS},
    summary="两次测评比较：加权比例之差、95%区间与z检验",
)
def assessment_compare_view(
    request: HttpRequest,
    assessment_id: Id,
    query: Query[schemas.AssessmentCompareQuery],
) -> Any:
    """同一组织两次测评（按结束日期先后）：总体及按性别、年龄段、文化程度的加权比例、差值
    （后一次减前一次，百分点）及其95%置信区间（两独立样本，各按有效样本量）、双侧z检验p值。"""
    user = require_view(request)
    assessment = selectors.assessment_get(user=user, pk=assessment_id)
    other = selectors.assessment_get(user=user, pk=query.with_)
    org = _scoped_org(user, assessment, query)
    try:
        comparison = assessment_compare(
            assessment=assessment, other=other, org=org, method=query.method, min_n=query.min_n
        )
    except NotComparable as exc:
        raise ApiError(400, "validation_error", str(exc), {"with": str(exc)}) from None
    return compare_data(comparison)


@router.get(
    "/assessments/{assessment_id}/sample",
    response={200: SampleOut, **ERRORS},
    summary="抽样设计：各层人数、应答率与按设计加权的比例",
)
def sample_get(request: HttpRequest, assessment_id: Id) -> Any:
    """抽样参数（分层、分配、随机种子）、各层在册/入样/备选/已替换/已作答人数与应答率，及按
    抽样设计加权（各层在册人数÷作答人数，再事后分层）的具备比例与按有效样本量的95%区间。"""
    assessment = selectors.assessment_get(user=require_view(request), pk=assessment_id)
    design = sample_selectors.design_for(assessment)
    if design is None:
        raise ApiError(404, "not_found", "本测评尚未抽样")
    return sample_data(sample_selectors.design_results(design))


@router.post(
    "/assessments/{assessment_id}/sample",
    response={201: SampleOut, **ERRORS},
    summary="抽取分层随机样本",
)
def sample_post(request: HttpRequest, assessment_id: Id, payload: SampleDrawIn) -> Status:
    """从测评组织及下级18岁及以上在册会员中抽样（每次测评一次）；给出 size 或 margin_points
    （按置信度、预计应答率与设计效应估算样本量）。随机种子记录在案，可重现。"""
    user = require_view(request)
    assessment = selectors.assessment_get(user=user, pk=assessment_id)
    design = sample_services.sample_draw(
        actor=user, assessment=assessment, data=payload.model_dump(), request=request
    )
    return Status(201, sample_data(sample_selectors.design_results(design)))
