"""The leadership and funds records as web.api_records declarations: every kind answers
through the kind-generic selectors (``record_list``/``record_get``) and its app's ``record_*``
services, and a record written is read back in the user's scope. A child kind (a group's
members, a team's volunteers, a volunteer's services) is listed and created under its parent."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from ninja import Router

from kesu.core.actors import Actor
from kesu.leadership import selectors
from kesu.leadership.schemas import RecordListQuery
from kesu.orgs import access
from kesu.web.api_records import Parent, Records, add_records
from kesu.web.api_support import ApiError

_ROUTES = ("index", "create", "detail", "patch", "delete")
_OPERATIONS = ("list", "create", "detail", "update", "delete")
_PAGING = {"page", "page_size"}


def _org(user: Actor, data: dict[str, Any]) -> Any:
    code = data.pop("org", None)
    if not code:
        raise ApiError(400, "validation_error", "所属组织：此项为必填项", {"org": "此项为必填项"})
    return access.get_org_for_user(user, code, access.CHANGE)


def _filters(query: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in query.items() if k not in _PAGING}


def add_kind(
    router: Router,
    services: ModuleType,
    schemas: ModuleType,
    row: tuple[str, str, str, str, tuple[str, str, str] | None],
) -> None:
    """Add the routes of one row of a KINDS table: (path, kind, Chinese label, the schemas'
    prefix, the parent as (its path, its kind, the foreign key that points at it) or None)."""
    path, kind, label, prefix, parent = row

    def get(*, user: Actor, pk: Any) -> Any:
        return selectors.record_get(kind=kind, user=user, pk=pk)

    def index(*, user: Actor, filters: dict[str, Any] | None = None, owner: Any = None) -> Any:
        rows = selectors.record_list(kind=kind, user=user, filters=filters)
        return rows if parent is None else rows.filter(**{parent[2]: owner})

    def create(*, actor: Actor, data: dict[str, Any], request: Any, owner: Any = None) -> Any:
        where = _org(actor, data) if owner is None else owner
        obj = services.record_add(kind, actor=actor, parent=where, data=data, request=request)
        return get(user=actor, pk=obj.pk)

    def update(*, actor: Actor, obj: Any, data: dict[str, Any], request: Any) -> Any:
        services.record_change(kind, actor=actor, obj=obj, data=data, request=request)
        return get(user=actor, pk=obj.pk)

    def delete(*, actor: Actor, obj: Any, request: Any) -> None:
        services.record_remove(kind, actor=actor, obj=obj, request=request)

    def parent_get(*, user: Actor, pk: Any) -> Any:
        assert parent is not None
        return selectors.record_get(kind=parent[1], user=user, pk=pk)

    schema_in = getattr(schemas, f"{prefix}In")
    summaries = (f"{label}列表", f"新增{label}", f"{label}详情", f"修改{label}", f"删除{label}")
    records = Records(
        path=f"/{path}",
        name=kind,
        summaries=summaries,
        out=getattr(schemas, f"{prefix}Out"),
        create_in=schema_in,
        patch_in=schema_in,
        list=index,
        get=get,
        create=create,
        update=update,
        delete=delete,
        ops=_ROUTES,
        key="pk",
        keyword="obj",
        operation_ids=tuple(f"{kind}_{op}" for op in _OPERATIONS),
        **(
            {"query": RecordListQuery, "filters": _filters, "org_in_data": True}
            if parent is None
            else {
                "parent": Parent(
                    f"/{parent[0]}", "parent_id", parent_get, "owner", list_by_user=True
                )
            }
        ),
    )
    add_records(router, records, module=__name__)
