"""The JSON routes every leadership and funds record has, declared once per kind: a list
with filters, create, detail, partial update and delete; a child kind (a group's members, a
team's volunteers, a volunteer's services) is created and listed under its parent."""

from types import ModuleType
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from kesu.core.schemas import Id
from kesu.leadership import selectors
from kesu.orgs import access
from kesu.web.api_support import ERRORS, ApiError, PageQuery, paginate, require_view


def _org(user: Any, data: dict[str, Any]) -> Any:
    code = data.pop("org", None)
    if not code:
        raise ApiError(400, "validation_error", "所属组织：此项为必填项", {"org": "此项为必填项"})
    return access.get_org_for_user(user, code, access.CHANGE)


def record_routes(
    router: Router,
    *,
    path: str,
    kind: str,
    label: str,
    services: ModuleType,
    schema_in: Any,
    schema_out: Any,
    page: Any,
    query: Any = None,
    parent: tuple[str, str, str] | None = None,
) -> None:
    """Register the routes of `kind` at /`path`; `parent` = (its path, its kind, the foreign
    key that points at it). No `from __future__ import annotations` here: ninja reads these
    annotations at declaration time, and they name this function's arguments."""
    ops = f"{kind}_"

    if parent is None:
        list_query = query or PageQuery

        @router.get(
            f"/{path}",
            response={200: page, **ERRORS},
            summary=f"{label}列表",
            operation_id=ops + "list",
        )
        def index(request: HttpRequest, q: Query[list_query]) -> Any:  # type: ignore[valid-type]
            filters = q.model_dump(exclude={"page", "page_size"})
            rows = selectors.record_list(kind=kind, user=require_view(request), filters=filters)
            return paginate(rows, page=q.page, page_size=q.page_size)

        @router.post(
            f"/{path}",
            response={201: schema_out, **ERRORS},
            summary=f"新增{label}",
            operation_id=ops + "create",
        )
        def create(request: HttpRequest, payload: schema_in) -> Status:  # type: ignore[valid-type]
            user = require_view(request)
            data = payload.data()
            org = _org(user, data)
            obj = services.record_add(kind, actor=user, parent=org, data=data, request=request)
            return Status(201, selectors.record_get(kind=kind, user=user, pk=obj.pk))

    else:
        parent_path, parent_kind, key = parent

        @router.get(
            f"/{parent_path}/{{parent_id}}/{path}",
            response={200: page, **ERRORS},
            summary=f"{label}列表",
            operation_id=ops + "list",
        )
        def child_index(request: HttpRequest, parent_id: Id, q: Query[PageQuery]) -> Any:
            user = require_view(request)
            owner = selectors.record_get(kind=parent_kind, user=user, pk=parent_id)
            rows = selectors.record_list(kind=kind, user=user).filter(**{key: owner})
            return paginate(rows, page=q.page, page_size=q.page_size)

        @router.post(
            f"/{parent_path}/{{parent_id}}/{path}",
            response={201: schema_out, **ERRORS},
            summary=f"新增{label}",
            operation_id=ops + "create",
        )
        def child_create(request: HttpRequest, parent_id: Id, payload: schema_in) -> Status:  # type: ignore[valid-type]
            user = require_view(request)
            owner = selectors.record_get(kind=parent_kind, user=user, pk=parent_id)
            obj = services.record_add(
                kind, actor=user, parent=owner, data=payload.data(), request=request
            )
            return Status(201, selectors.record_get(kind=kind, user=user, pk=obj.pk))

    @router.get(
        f"/{path}/{{pk}}",
        response={200: schema_out, **ERRORS},
        summary=f"{label}详情",
        operation_id=ops + "detail",
    )
    def detail(request: HttpRequest, pk: Id) -> Any:
        return selectors.record_get(kind=kind, user=require_view(request), pk=pk)

    @router.patch(
        f"/{path}/{{pk}}",
        response={200: schema_out, **ERRORS},
        summary=f"修改{label}",
        operation_id=ops + "update",
    )
    def update(request: HttpRequest, pk: Id, payload: schema_in) -> Any:  # type: ignore[valid-type]
        user = require_view(request)
        obj = selectors.record_get(kind=kind, user=user, pk=pk)
        services.record_change(kind, actor=user, obj=obj, data=payload.data(), request=request)
        return selectors.record_get(kind=kind, user=user, pk=pk)

    @router.delete(
        f"/{path}/{{pk}}",
        response={204: None, **ERRORS},
        summary=f"删除{label}",
        operation_id=ops + "delete",
    )
    def remove(request: HttpRequest, pk: Id) -> Status:
        user = require_view(request)
        obj = selectors.record_get(kind=kind, user=user, pk=pk)
        services.record_remove(kind, actor=user, obj=obj, request=request)
        return Status(204, None)
