"""/api/v1/employers, /api/v1/wage-agreements, /api/v1/medical-mutual (wired in kesu/api.py).
Thin: parse, call one service or selector, render. Out-of-scope ids answer 404."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from kesu.core.actors import Actor
from kesu.core.schemas import Id, Year
from kesu.employers import schemas, selectors, services
from kesu.employers.validation import LABELS
from kesu.orgs import access
from kesu.web.api_records import RecordKit
from kesu.web.api_support import ERRORS, ApiError, require_view

router = Router(tags=["企业建会与工资协商"])
records = RecordKit(router, schemas, selectors, services)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    "employers": LABELS,
    "wage-agreements": {**LABELS, "org": "协商工会"},
    "medical-mutual": {**LABELS, "org": "工会"},
}


def _fresh(user: Actor, pk: int) -> Any:
    return selectors.employer_list(user=user).get(pk=pk)


# ---------------------------------------------------------------- employers


records.add(
    "/employers",
    "employer",
    ("企业/单位列表",),
    ops=("index",),
    notes={
        "index": "筛选：所有制（ownership）、职工25人以上（size=25plus）、是否建会（union=yes/no）、乡镇、园区。"
    },
)


def _with_founding(user, employer, founding, request) -> None:
    if founding is not None:
        services.founding_save(actor=user, employer=employer, data=founding, request=request)


@router.post("/employers", response={201: schemas.EmployerOut, **ERRORS}, summary="登记企业/单位")
def employer_create(request: HttpRequest, payload: schemas.EmployerCreateIn) -> Status:
    user = require_view(request)
    data = payload.data()
    org = access.get_org_for_user(user, data.pop("org"))
    founding = data.pop("founding", None)
    with transaction.atomic():
        employer = services.employer_create(actor=user, org=org, data=data, request=request)
        _with_founding(user=user, employer=employer, founding=founding, request=request)
    return Status(201, _fresh(user, employer.pk))


@router.get(
    "/employers/{employer_id}", response={200: schemas.EmployerOut, **ERRORS}, summary="企业详情"
)
def employer_detail(request: HttpRequest, employer_id: Id) -> Any:
    user = require_view(request)
    return _fresh(user, selectors.employer_get(user=user, pk=employer_id).pk)


@router.patch(
    "/employers/{employer_id}", response={200: schemas.EmployerOut, **ERRORS}, summary="修改企业"
)
def employer_patch(request: HttpRequest, employer_id: Id, payload: schemas.EmployerPatchIn) -> Any:
    user = require_view(request)
    employer = selectors.employer_get(user=user, pk=employer_id)
    data = payload.data()
    founding = data.pop("founding", None)
    with transaction.atomic():
        services.employer_update(actor=user, employer=employer, data=data, request=request)
        _with_founding(user=user, employer=employer, founding=founding, request=request)
    return _fresh(user, employer.pk)


# ---------------------------------------------------------------- wage agreements


records.add("/wage-agreements", "agreement", ("工资集体协议", "登记协议", "协议详情", "修改协议"))


# ---------------------------------------------------------------- medical mutual


records.add(
    "/medical-mutual",
    "enrolment",
    ("医疗互助参保",),
    ops=("index",),
    page=schemas.MutualEnrolmentPage,
    query=schemas.MutualEnrolmentListQuery,
)


@router.post(
    "/medical-mutual", response={201: schemas.MutualEnrolmentOut, **ERRORS}, summary="登记参保份数"
)
def enrolment_create(request: HttpRequest, payload: schemas.MutualEnrolmentIn) -> Status:
    """同一企业同一年度再次提交即更新其份数。"""
    user = require_view(request)
    data = payload.data()
    employer_id, org_code = data.pop("employer", None), data.pop("org", None)
    employer = None
    if employer_id not in (None, ""):
        try:
            employer = selectors.employer_get(user=user, pk=int(str(employer_id)))
        except ValueError:
            raise ApiError(
                400, "validation_error", "企业/单位：应为企业编号", {"employer": "应为企业编号"}
            ) from None
    org = access.get_org_for_user(user, org_code) if org_code and employer is None else None
    return Status(
        201,
        services.enrolment_save(actor=user, org=org, employer=employer, data=data, request=request),
    )


@router.get(
    "/medical-mutual/completion",
    response={200: schemas.CompletionOut, **ERRORS},
    summary="年任务完成情况",
)
def enrolment_completion(request: HttpRequest, org: str, year: Year) -> Any:
    """本组织（含下级）某年度参保份数与年度计划目标的对比，如“5281份，占年任务4317份的122.3%”。"""
    user = require_view(request)
    organisation = access.get_org_for_user(user, org)
    return selectors.medical_completion(user=user, org=organisation, year=year)


records.add(
    "/medical-mutual", "enrolment", ("参保详情",), ops=("detail",), out=schemas.MutualEnrolmentOut
)
