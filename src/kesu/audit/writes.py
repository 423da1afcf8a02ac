"""The audit row of one written object, in one call.

Most services audit a model instance: its primary key, its name and its organisation's path
are read off the object, so a call says only what differs (the action, the changes, and the
few targets whose type, label or organisation are not the instance's own).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpRequest

from kesu.audit.models import AuditEntry
from kesu.audit.services import audit_record, diff
from kesu.core.actors import Actor


def audit_object(
    actor: Actor,
    action: str,
    obj: Any,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    *,
    target_type: str | None = None,
    target_id: Any = None,
    label: str | None = None,
    org: Any = None,
) -> AuditEntry:
    """Audit `action` on `obj` (inside the caller's transaction).

    Defaults: the model's name as target type, its pk, ``str(obj)`` as label and the path of
    ``obj.org`` (or of `org`; no organisation gives an empty path)."""
    org = org if org is not None else getattr(obj, "org", None)
    return audit_record(
        actor=actor,
        action=action,
        target_type=target_type or obj._meta.model_name,
        target_id=obj.pk if target_id is None else target_id,
        target_repr=str(obj) if label is None else label,
        org_path=org.path if org is not None else "",
        changes=changes,
        request=request,
    )


def audit_changes(
    actor: Actor,
    action: str,
    obj: Any,
    before: dict[str, Any],
    after: dict[str, Any],
    request: HttpRequest | None = None,
    **target: Any,
) -> dict[str, list[Any]]:
    """Audit `action` on `obj` with the fields that differ between the two snapshots, only
    when some do ({} before: a creation); the changes either way. `target`: as audit_object."""
    changes = diff(before, after)
    if changes:
        audit_object(actor, action, obj, changes, request, **target)
    return changes


def plain(value: Any) -> Any:
    """A field value as the audit log keeps it: dates as ISO text, decimals as text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """{field: plain value} of `obj`, for `audit.services.diff`."""
    return {field: plain(getattr(obj, field)) for field in fields}
