"""/api/v1/courses, /api/v1/sessions, /api/v1/enrolments (wired in kesu/api.py). Thin:
parse, call one selector or service, render. Members may list their own enrolments and
enrol themselves (POST /enrolments without `member`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.core.schemas import Id
from kesu.members.models import Member
from kesu.orgs import access
from kesu.training import enrolling, schemas, selectors, services
from kesu.training.models import Course, Enrolment
from kesu.training.progress import progress_for
from kesu.training.validation import LABELS
from kesu.web.api_records import RecordKit
from kesu.web.api_support import ERRORS, ApiError, paginate, require_view

router = Router(tags=["培训"])
records = RecordKit(router, schemas, selectors, services)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = dict.fromkeys(("courses", "sessions", "enrolments"), LABELS)


def _codes(data: dict[str, Any]) -> dict[str, Any]:
    for key in ("topics", "target_groups"):
        if isinstance(data.get(key), list):
            data[key] = ",".join(data[key])
    return data


# ---------------------------------------------------------------- courses


records.add(
    "/courses",
    "course",
    ("培训课程列表", "新建培训课程", "培训课程详情", "修改培训课程"),
    prefetch=("experts",),
    prepare=_codes,
)


# ---------------------------------------------------------------- sessions


@router.get("/sessions", response={200: schemas.SessionPage, **ERRORS}, summary="培训讲次列表")
def session_index(request: HttpRequest, query: Query[schemas.SessionListQuery]) -> Any:
    rows = selectors.session_list(user=require_view(request), course_id=query.course)
    return paginate(rows, page=query.page, page_size=query.page_size)


@router.post("/sessions", response={201: schemas.SessionOut, **ERRORS}, summary="添加培训讲次")
def session_create(request: HttpRequest, payload: schemas.SessionIn) -> Status:
    user = require_view(request)
    data = payload.data()
    course = selectors.course_get(user=user, pk=data.pop("course"))
    return Status(
        201, services.session_create(actor=user, course=course, data=data, request=request)
    )


records.add("/sessions", "session", ("培训讲次详情",), ops=("detail",))


# ---------------------------------------------------------------- enrolments


def _with_progress(items: list[Enrolment]) -> list[Enrolment]:
    progress = progress_for(Enrolment.objects.filter(pk__in=[e.pk for e in items]))
    for e in items:
        p = progress[e.pk]
        e.hours, e.completed, e.completed_on = p.hours, p.completed, p.completed_on
        cert = getattr(e, "certificate", None)
        e.cert_code = cert.code if cert else ""
    return items


def _auth_user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "/enrolments",
    response={200: schemas.EnrolmentPage, **ERRORS},
    summary="报名列表（含学时与结业）",
)
def enrolment_index(request: HttpRequest, query: Query[schemas.EnrolmentListQuery]) -> Any:
    """工作人员：管辖范围内课程的报名；会员：本人的报名。"""
    user = _auth_user(request)
    rows = selectors.enrolment_list(user=user, course_id=query.course).select_related("certificate")
    page = paginate(rows, page=query.page, page_size=query.page_size)
    page["items"] = _with_progress(list(page["items"]))
    return page


@router.post("/enrolments", response={201: schemas.EnrolmentOut, **ERRORS}, summary="报名")
def enrolment_create(request: HttpRequest, payload: schemas.EnrolmentIn) -> Status:
    """工作人员为管辖范围内的会员报名（member 必填）；会员本人报名时省略 member。"""
    user = _auth_user(request)
    if access.can(user, access.VIEW):
        course = selectors.course_get(user=user, pk=payload.course)
        if payload.member is None:
            raise ApiError(
                400, "validation_error", "会员：此项为必填项", {"member": "此项为必填项"}
            )
        member = access.get_for_user(Member.objects.all(), user, pk=payload.member)
        enrolment = enrolling.enrol_one(actor=user, course=course, member=member, request=request)
    else:
        course = Course.objects.select_related("org").filter(pk=payload.course).first()
        if course is None:
            raise access.NotFound()
        if payload.member is not None and payload.member != getattr(user, "member_id", None):
            raise access.Forbidden("会员只能为本人报名")
        enrolment = enrolling.enrol_self(user=user, course=course, request=request)
    return Status(201, _with_progress([selectors.enrolment_get(user=user, pk=enrolment.pk)])[0])


@router.get(
    "/enrolments/{enrolment_id}", response={200: schemas.EnrolmentOut, **ERRORS}, summary="报名详情"
)
def enrolment_detail(request: HttpRequest, enrolment_id: Id) -> Any:
    return _with_progress([selectors.enrolment_get(user=_auth_user(request), pk=enrolment_id)])[0]


@router.delete("/enrolments/{enrolment_id}", response={204: None, **ERRORS}, summary="取消报名")
def enrolment_delete(request: HttpRequest, enrolment_id: Id) -> Status:
    """工作人员取消管辖范围内的报名；会员取消本人的报名。已发证书的报名不能取消。"""
    user = _auth_user(request)
    enrolment = selectors.enrolment_get(user=user, pk=enrolment_id)
    enrolling.enrolment_cancel(actor=user, enrolment=enrolment, request=request)
    return Status(204, None)
