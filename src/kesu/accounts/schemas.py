"""API shapes for the caller's own account and personal API tokens."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict

FIELD_LABELS = {"name": "令牌名称"}


class OrgRef(Schema):
    code: str
    name: str


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    role_label: str
    is_superuser: bool
    org: OrgRef | None
    can_view: bool
    can_change: bool
    can_manage: bool
    can_view_pii: bool


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="令牌开头几位，便于辨认；完整令牌只在创建时返回一次")
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("", max_length=60, description="用途说明，如“统计报送脚本”")


class TokenCreatedOut(TokenOut):
    token: str = Field(description="完整令牌：只显示这一次，请妥善保存")
