"""API shapes for the organisation tree. Codes identify organisations; ids never leave."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

from kesu.orgs.models import Organization
from kesu.web.api_schemas import page_of
from kesu.web.api_support import PageQuery

FIELD_LABELS = {
    "code": "编码",
    "name": "名称",
    "level": "层级",
    "kind": "类型",
    "parent": "上级组织",
    "is_active": "启用",
    "root": "起始组织",
    "depth": "层数",
}


class OrgNode(Schema):
    code: str
    name: str
    level: str
    kind: str
    is_active: bool
    children: list[OrgNode] = []


class OrgOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    kind: str
    kind_label: str
    parent: str | None = Field(None, description="上级组织编码")
    path: str = Field(description="由编码组成的路径，如 /HZ/HZ-A/")
    depth: int
    is_active: bool

    @staticmethod
    def resolve_parent(obj: Organization) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_level_label(obj: Organization) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_kind_label(obj: Organization) -> str:
        return str(obj.get_kind_display())


OrgPage = page_of(OrgOut)


class OrgListQuery(PageQuery):
    flat: bool = Field(False, description="true：分页的平铺列表；默认返回树")
    q: str = Field("", description="按名称或编码查找（仅平铺列表）")
    level: str = Field("", description="层级：city/district/township/grassroots（仅平铺列表）")
    root: str = Field("", description="只返回该组织及其下级（仅树）")
    depth: int | None = Field(None, ge=0, description="从起始组织向下的层数（仅树，需 root）")


class OrgCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(description="编码：字母、数字、下划线和短横线")
    name: str
    level: str = Field(description="city/district/township/grassroots，也接受“市”“区/县”等")
    kind: str = "union"
    parent: str | None = Field(None, description="上级组织编码；只有平台管理员可以省略")


class OrgPatchIn(Schema):
    """Only the keys present change; a `parent` moves the whole subtree."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    level: str | None = None
    kind: str | None = None
    is_active: bool | None = None
    parent: str | None = Field(None, description="新的上级组织编码（整棵子树随之移动）")

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)
