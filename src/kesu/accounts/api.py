"""/api/v1/me and /api/v1/tokens: the caller's own account and personal API tokens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from kesu.accounts import services
from kesu.accounts.schemas import MeOut, TokenCreatedOut, TokenCreateIn, TokenOut
from kesu.accounts.selectors import token_list
from kesu.core.schemas import Id
from kesu.orgs import access
from kesu.web.api_support import ERRORS

router = Router(tags=["账号与令牌"])


@router.get("/me", response={200: MeOut, **ERRORS}, summary="当前用户")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "role_label": str(user.get_role_display()),
        "is_superuser": user.is_superuser,
        "org": user.org,
        "can_view": access.can(user, access.VIEW),
        "can_change": access.can(user, access.CHANGE),
        "can_manage": access.can(user, access.MANAGE),
        "can_view_pii": access.can_view_pii(user),
    }


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, summary="我的令牌")
def token_index(request: HttpRequest) -> Any:
    return token_list(user=request.auth)  # type: ignore[attr-defined]


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS}, summary="创建令牌")
def token_create(request: HttpRequest, payload: TokenCreateIn) -> Status:
    """完整令牌只在此响应中出现一次；服务器只保存其摘要。"""
    token, plain = services.token_create(user=request.auth, name=payload.name, request=request)  # type: ignore[attr-defined]
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": plain})


@router.delete("/tokens/{token_id}", response={204: None, **ERRORS}, summary="吊销令牌")
def token_revoke(request: HttpRequest, token_id: Id) -> Status:
    services.token_revoke(user=request.auth, token_id=token_id, request=request)  # type: ignore[attr-defined]
    return Status(204, None)
