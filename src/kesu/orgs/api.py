"""/api/v1/orgs: the organisation tree. Thin: parse, call the selector or service, render."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.orgs import access, selectors, services
from kesu.orgs.models import Organization
from kesu.orgs.schemas import OrgCreateIn, OrgListQuery, OrgNode, OrgOut, OrgPage, OrgPatchIn
from kesu.web.api_support import ERRORS, ApiError, paginate, require_view

router = Router(tags=["工会组织"])


@router.get("/orgs", response={200: list[OrgNode] | OrgPage, **ERRORS}, summary="组织树或组织列表")
def org_index(request: HttpRequest, query: Query[OrgListQuery]) -> Any:
    """默认返回当前用户可见的组织树（嵌套）；`flat=true` 时返回分页的平铺列表，可按 q、level 筛选。"""
    user = require_view(request)
    if query.flat:
        rows = selectors.org_list(user=user, q=query.q.strip(), level=query.level.strip())
        return paginate(rows, page=query.page, page_size=query.page_size)
    root = access.get_org_for_user(user, query.root) if query.root else None
    return selectors.org_tree(user=user, root=root, max_depth=query.depth)


@router.get("/orgs/{code}", response={200: OrgOut, **ERRORS}, summary="组织详情")
def org_detail(request: HttpRequest, code: str) -> Organization:
    user = require_view(request)
    return access.get_org_for_user(user, code)


@router.post("/orgs", response={201: OrgOut, **ERRORS}, summary="新建组织")
def org_create(request: HttpRequest, payload: OrgCreateIn) -> Status:
    """在上级组织下新建组织；上级必须在当前用户的管辖范围内（否则 404）。"""
    user = require_view(request)
    parent = access.get_org_for_user(user, payload.parent) if payload.parent else None
    # The body's code, name, level and kind as sent; the parent as the organisation.
    fields = payload.model_dump(exclude={"parent"})
    org = services.org_create(actor=user, parent=parent, request=request, **fields)
    return Status(201, org)


@router.patch("/orgs/{code}", response={200: OrgOut, **ERRORS}, summary="修改组织")
def org_patch(request: HttpRequest, code: str, payload: OrgPatchIn) -> Organization:
    """修改名称、层级、类型、启用状态；给出 `parent` 时把整棵子树移到新的上级组织之下。"""
    user = require_view(request)
    org = access.get_org_for_user(user, code)
    changes = payload.changes()
    new_parent = None
    if "parent" in changes:
        parent_code = changes.pop("parent")
        if not parent_code:
            raise ApiError(
                400, "validation_error", "上级组织不能为空", {"parent": "上级组织不能为空"}
            )
        # Resolved before any write: a parent outside the scope answers 404 and changes nothing.
        new_parent = access.get_org_for_user(user, parent_code)
    return services.org_edit(actor=user, org=org, new_parent=new_parent, request=request, **changes)
