"""/api/v1/hardship-cases and /api/v1/assistance (wired in kesu/api.py). Thin: parse,
call one selector or service, render. Lists are masked for roles outside
KESU_HARDSHIP_ROLES; a file's detail is refused to them and audited for the others."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kesu.core.schemas import Id
from kesu.hardship import assistance as assistance_services
from kesu.hardship import schemas, selectors, services, services_lifecycle
from kesu.hardship.validation import ASSISTANCE_LABELS, CASE_LABELS
from kesu.web.api_records import RecordKit
from kesu.web.api_support import ERRORS, require_view

router = Router(tags=["困难职工帮扶"])
records = RecordKit(router, schemas, selectors, services)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "hardship-cases": CASE_LABELS,
    "assistance": ASSISTANCE_LABELS,
}


def _household(data: dict[str, Any]) -> dict[str, Any]:
    data["household"] = [
        h if isinstance(h, dict) else h.model_dump() for h in data.get("household") or []
    ]
    return data


records.add(
    "/hardship-cases",
    "case",
    ("困难职工档案列表", "建档"),
    ops=("index", "create"),
    out=schemas.CaseDetailOut,
    prepare=_household,
    notes={
        "index": "收入、证件号、电话仅对有困难档案权限的角色（KESU_HARDSHIP_ROLES）显示，其余角色姓名为掩码。"
    },
)


@router.get(
    "/hardship-cases/{case_id}", response={200: schemas.CaseDetailOut, **ERRORS}, summary="档案详情"
)
def case_detail(request: HttpRequest, case_id: Id) -> Any:
    """每次查看均记入审计日志（hardship.view）。"""
    return services.case_open(actor=require_view(request), pk=case_id, request=request)


@router.patch(
    "/hardship-cases/{case_id}", response={200: schemas.CaseDetailOut, **ERRORS}, summary="修改档案"
)
def case_patch(request: HttpRequest, case_id: Id, payload: schemas.CasePatchIn) -> Any:
    user = require_view(request)
    case = services.case_open(actor=user, pk=case_id, request=request)
    return services.case_update(actor=user, case=case, data=payload.data(), request=request)


@router.post(
    "/hardship-cases/{case_id}/transition",
    response={200: schemas.CaseDetailOut, **ERRORS},
    summary="档案状态变更",
)
def case_transition(request: HttpRequest, case_id: Id, payload: schemas.TransitionIn) -> Any:
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


records.add(
    "/assistance",
    "assistance",
    ("帮扶台账", "登记帮扶", "帮扶记录详情"),
    ops=("index", "create", "detail"),
    key="record_id",
    create_in=schemas.AssistanceIn,
    create=assistance_services.assistance_create,
    notes={"create": "金额不能为负；对象为已销档的困难档案时拒绝。"},
)


@router.delete("/assistance/{record_id}", response={204: None, **ERRORS}, summary="撤销帮扶记录")
def assistance_delete(request: HttpRequest, record_id: Id, reason: str = "") -> Status:
    """须在查询参数 reason 中说明撤销原因；记入审计日志。"""
    user = require_view(request)
    record = selectors.assistance_get(user=user, pk=record_id)
    assistance_services.assistance_delete(actor=user, record=record, reason=reason, request=request)
    return Status(204, None)
