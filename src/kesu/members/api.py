"""/api/v1/members: the roster. Thin: parse, call the selector or service, render."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kesu.core.schemas import Id
from kesu.members import schemas, selectors, services
from kesu.members.models import Member, Transfer
from kesu.members.schemas import (
    MemberDetailOut,
    MemberOut,
    MemberPatchIn,
    TransferIn,
    TransferOut,
)
from kesu.orgs import access
from kesu.web.api_records import RecordKit
from kesu.web.api_support import ERRORS, ApiError, require_view

router = Router(tags=["会员"])
records = RecordKit(router, schemas, selectors, services)


records.add(
    "/members",
    "member",
    ("会员列表",),
    ops=("index",),
    notes={
        "index": "与会员名册页面相同的筛选条件；按所属工会、再按 id 排序，证件号和手机号只显示掩码。"
        "count：只按下拉条件（组织、性别、年龄段、文化程度、农民工、会籍状态）筛选时为精确人数"
        f"（读名册汇总表）；带 q 检索时最多数到 {selectors.COUNT_CAP + 1:,}，"
        f"等于 {selectors.COUNT_CAP + 1:,} 表示超过 {selectors.COUNT_CAP:,} 人"
        "（翻页照常，直到某页 items 少于 page_size）。"
    },
    count=selectors.member_list_count,
)


@router.get("/members/{member_id}", response={200: MemberDetailOut, **ERRORS}, summary="会员详情")
def member_detail(request: HttpRequest, member_id: Id, reveal: bool = False) -> MemberDetailOut:
    """`reveal=true` 返回完整身份证号和手机号：仅限有权限的角色（否则 403），且每次都记入审计日志。"""
    user = require_view(request)
    member = selectors.member_get(user=user, pk=member_id)
    out = MemberDetailOut.from_orm(member)
    if reveal:
        out = out.model_copy(
            update=services.member_reveal(actor=user, member=member, request=request)
        )
    return out


records.add("/members", "member", ("新增会员",), ops=("create",))


@router.patch("/members/{member_id}", response={200: MemberOut, **ERRORS}, summary="修改会员")
def member_patch(request: HttpRequest, member_id: Id, payload: MemberPatchIn) -> Member:
    """只修改请求中给出的字段。调整所属工会不在此处：请用转会接口。"""
    user = require_view(request)
    member = selectors.member_get(user=user, pk=member_id)
    data = payload.data()
    if "org" in data:
        message = "所属工会不能直接修改，请使用转会接口 POST /api/v1/members/{id}/transfer"
        raise ApiError(400, "validation_error", message, {"org": message})
    return services.member_update(actor=user, member=member, data=data, request=request)


@router.post(
    "/members/{member_id}/transfer",
    response={200: TransferOut, **ERRORS},
    summary="会员转会",
)
def member_transfer(request: HttpRequest, member_id: Id, payload: TransferIn) -> Transfer:
    """把会员转到当前用户管辖范围内的另一个组织，保留转会记录。"""
    user = require_view(request)
    member = selectors.member_get(user=user, pk=member_id)
    to_org = access.get_org_for_user(user, payload.to_org)
    return services.member_transfer(
        actor=user,
        member=member,
        to_org=to_org,
        on=payload.on,
        reason=payload.reason.strip(),
        request=request,
    )
