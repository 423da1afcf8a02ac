"""/api/v1/hardship-cases and /api/v1/assistance (wired in kesu/api.py). Thin: parse,
call one selector or service, render. Lists are masked for roles outside
KESU_HARDSHIP_ROLES; a file's detail is refused to them and audited for the others."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.core.schemas import Id
from kesu.hardship import assistance as assistance_services
from kesu.hardship import selectors, services, services_lifecycle
from kesu.hardship.schemas import (
    AssistanceIn,
    AssistanceListQuery,
    AssistanceOut,
    AssistancePage,
    CaseCreateIn,
    CaseDetailOut,
    CaseListQuery,
    CasePage,
    CasePatchIn,
    TransitionIn,
)
from kesu.hardship.validation import ASSISTANCE_LABELS, CASE_LABELS
from kesu.orgs import access
from kesu.web.api_support import ERRORS, paginate, require_view

router = Router(tags=["困难职工帮扶"])

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "hardship-cases": CASE_LABELS,
    "assistance": ASSISTANCE_LABELS,
}


@router.get("/hardship-cases", response={200: CasePage, **ERRORS}, summary="困难职工档案列表")
def case_index(request: HttpRequest, query: Query[CaseListQuery]) -> dict[str, Any]:
    """收入、证件号、电话仅对有困难档案权限的角色（KESU_HARDSHIP_ROLES）显示，其余角色姓名为掩码。"""
    user = require_view(request)
    filters = selectors.CaseFilters.from_mapping(query.model_dump())
    rows = selectors.case_list(user=user, filters=filters)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/hardship-cases", response={201: CaseDetailOut, **ERRORS}, summary="建档")
def case_create(request: HttpRequest, payload: CaseCreateIn) -> Status:
    user = require_view(request)
    data = payload.data()
    data["household"] = [
        h if isinstance(h, dict) else h.model_dump() for h in data.get("household") or []
    ]
    org = access.get_org_for_user(user, data.pop("org"))
    case = services.case_create(actor=user, org=org, data=data, request=request)
    return Status(201, case)


@router.get(
    "/hardship-cases/{case_id}", response={200: CaseDetailOut, **ERRORS}, summary="档案详情"
)
def case_detail(request: HttpRequest, case_id: Id) -> Any:
    """每次查看均记入审计日志（hardship.view）。"""
    return services.case_open(actor=require_view(request), pk=case_id, request=request)


@router.patch(
    "/hardship-cases/{case_id}", response={200: CaseDetailOut, **ERRORS}, summary="修改档案"
)
def case_patch(request: HttpRequest, case_id: Id, payload: CasePatchIn) -> Any:
    user = require_view(request)
    case = services.case_open(actor=user, pk=case_id, request=request)
    return services.case_update(actor=user, case=case, data=payload.data(), request=request)


@router.post(
    "/hardship-cases/{case_id}/transition",
    response={200: CaseDetailOut, **ERRORS},
    summary="档案状态变更",
)
def case_transition(request: HttpRequest, case_id: Id, payload: TransitionIn) -> Any:
    """assisting（帮扶中）、out（解困脱困）、closed（销档），或 regular（临时档案转正式）；须填写原因。"""
    user = require_view(request)
    case = services.case_open(actor=user, pk=case_id, request=request)
    data = payload.data()
    service = (
        services_lifecycle.case_make_regular
        if data.get("status") == "regular"
        else services_lifecycle.case_transition
    )
    return service(actor=user, case=case, data=data, request=request)


@router.get("/assistance", response={200: AssistancePage, **ERRORS}, summary="帮扶台账")
def assistance_index(request: HttpRequest, query: Query[AssistanceListQuery]) -> Any:
    user = require_view(request)
    filters = selectors.AssistanceFilters.from_mapping(query.model_dump())
    rows = selectors.assistance_list(user=user, filters=filters)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/assistance", response={201: AssistanceOut, **ERRORS}, summary="登记帮扶")
def assistance_create(request: HttpRequest, payload: AssistanceIn) -> Status:
    """金额不能为负；对象为已销档的困难档案时拒绝。"""
    user = require_view(request)
    data = payload.data()
    org = access.get_org_for_user(user, data.pop("org"))
    record = assistance_services.assistance_create(actor=user, org=org, data=data, request=request)
    return Status(201, record)


@router.get(
    "/assistance/{record_id}", response={200: AssistanceOut, **ERRORS}, summary="帮扶记录详情"
)
def assistance_detail(request: HttpRequest, record_id: Id) -> Any:
    return selectors.assistance_get(user=require_view(request), pk=record_id)


@router.delete("/assistance/{record_id}", response={204: None, **ERRORS}, summary="撤销帮扶记录")
def assistance_delete(request: HttpRequest, record_id: Id, reason: str = "") -> Status:
    """须在查询参数 reason 中说明撤销原因；记入审计日志。"""
    user = require_view(request)
    record = selectors.assistance_get(user=user, pk=record_id)
    assistance_services.assistance_delete(actor=user, record=record, reason=reason, request=request)
    return Status(204, None)
