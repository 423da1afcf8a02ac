"""Writes to the organisation tree. Each service checks scope, writes, and audits in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.http import HttpRequest
from django.utils import timezone

from kesu.audit.services import diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.text import clean_name
from kesu.orgs import access
from kesu.orgs.models import Kind, Level, Organization


class OrgError(ServiceError):
    """A Chinese message about bad input, optionally tied to a field."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message, field=field or None)


_LEVEL_WORDS = {str(label): value for value, label in Level.choices} | {
    "市总工会": "city",
    "区": "district",
    "县": "district",
    "区县": "district",
    "乡镇": "township",
    "街道": "township",
    "基层工会": "grassroots",
}
_KIND_WORDS = {str(label): value for value, label in Kind.choices} | {
    "总工会": "union",
    "行业联合会": "industry_federation",
    "区域联合会": "regional_federation",
}


def parse_level(value: str) -> str:
    value = (value or "").strip()
    if value in Level.values:
        return value
    if value in _LEVEL_WORDS:
        return _LEVEL_WORDS[value]
    raise OrgError(f"层级“{value}”无法识别，可选：市、区/县、乡镇/街道、基层", "level")


def parse_kind(value: str) -> str:
    value = (value or "").strip() or Kind.UNION
    if value in Kind.values:
        return value
    if value in _KIND_WORDS:
        return _KIND_WORDS[value]
    raise OrgError(f"类型“{value}”无法识别，可选：工会、行业工会联合会、区域工会联合会", "kind")


def _snapshot(org: Organization) -> dict[str, Any]:
    return {
        "code": org.code,
        "name": org.name,
        "level": org.level,
        "kind": org.kind,
        "parent": org.parent.code if org.parent_id else None,
        "is_active": org.is_active,
    }


def org_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    level: str,
    kind: str = Kind.UNION,
    parent: Organization | None = None,
    request: HttpRequest | None = None,
) -> Organization:
    """Create an organisation under `parent` (a root needs a superuser)."""
    if parent is None:
        if not getattr(actor, "is_superuser", False):
            raise access.Forbidden("只有平台管理员可以创建顶级组织")
    else:
        access.ensure_org_in_scope(actor, parent, access.MANAGE)
    code = (code or "").strip()
    org = Organization(
        code=code,
        name=clean_name(str(name or "")),
        level=parse_level(level),
        kind=parse_kind(kind),
        parent=parent,
        path=(parent.path if parent else "/") + code + "/",
        depth=(parent.depth + 1) if parent else 0,
    )
    _validate(org)
    with transaction.atomic():
        org.save()
        _audit(actor, "org.create", org, diff({}, _snapshot(org)), request)
    return org


def _audit(
    actor: Actor,
    action: str,
    org: Organization,
    changes: dict[str, Any],
    request: HttpRequest | None,
    *,
    at: Organization | None = None,
) -> None:
    """An organisation is audited by its stable code and name, at its own path (or `at`)."""
    audit_object(
        actor, action, org, changes, request, target_id=org.code, label=org.name, org=at or org
    )


def _validate(org: Organization) -> None:
    from django.core.exceptions import ValidationError

    try:
        org.full_clean(exclude=["parent"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        if field == "code" and any("已存在" in m or "exists" in m for m in messages):
            raise OrgError(f"编码“{org.code}”已被使用", "code") from None
        raise OrgError(messages[0], field) from None


def org_update(
    *,
    actor: Actor,
    org: Organization,
    request: HttpRequest | None = None,
    **changes: Any,
) -> Organization:
    """Update name/level/kind/is_active. Codes are stable and never change."""
    access.ensure_org_in_scope(actor, org, access.MANAGE)
    before = _snapshot(org)
    for field in ("name", "level", "kind", "is_active"):
        if field in changes and changes[field] is not None:
            value = changes[field]
            if field == "level":
                value = parse_level(value)
            elif field == "kind":
                value = parse_kind(value)
            elif field == "name":
                value = clean_name(str(value))
            setattr(org, field, value)
    _validate(org)
    with transaction.atomic():
        org.save()
        delta = diff(before, _snapshot(org))
        if delta:
            _audit(actor, "org.update", org, delta, request)
    return org


def org_move(
    *,
    actor: Actor,
    org: Organization,
    new_parent: Organization,
    request: HttpRequest | None = None,
) -> Organization:
    """Move a subtree under a new parent: one UPDATE rewrites every path below it."""
    access.ensure_org_in_scope(actor, org, access.MANAGE)
    access.ensure_org_in_scope(actor, new_parent, access.MANAGE)
    if actor.org_id == org.pk and not actor.is_superuser:
        raise OrgError("不能移动自己所在的组织", "parent")
    if new_parent.is_within(org):
        raise OrgError("不能把组织移动到它自己或其下级组织之下", "parent")
    if org.parent_id == new_parent.pk:
        return org
    old_path, old_parent = org.path, org.parent
    new_path = new_parent.path + org.code + "/"
    depth_shift = new_parent.depth + 1 - org.depth
    with transaction.atomic():
        moved = Organization.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
            depth=F("depth") + depth_shift,
            updated_at=timezone.now(),  # the tree's stamp (orgs.selectors.tree_stamp) moves
        )
        Organization.objects.filter(pk=org.pk).update(parent=new_parent)
        org.refresh_from_db()
        _audit(
            actor,
            "org.move",
            org,
            {
                "parent": [old_parent.code if old_parent else None, new_parent.code],
                "path": [old_path, new_path],
                "subtree_size": moved,
            },
            request,
            at=new_parent,
        )
    return org


def org_edit(
    *,
    actor: Actor,
    org: Organization,
    new_parent: Organization | None = None,
    request: HttpRequest | None = None,
    **changes: Any,
) -> Organization:
    """Field edits and an optional move as one outcome: a failed move keeps no edit."""
    with transaction.atomic():
        if changes:
            org = org_update(actor=actor, org=org, request=request, **changes)
        if new_parent is not None:
            org = org_move(actor=actor, org=org, new_parent=new_parent, request=request)
    return org
