"""Writing audit rows. Callers invoke this inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.audit import chain
from kesu.audit.models import AuditEntry
from kesu.core.actors import Actor
from kesu.core.proxies import client_ip

# Request context is passed down explicitly by views; CLI actions have none.


def audit_record(
    *,
    actor: Actor,
    action: str,
    target_type: str,
    target_id: Any = "",
    target_repr: str = "",
    org_path: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    actor_obj = actor if getattr(actor, "pk", None) else None
    entry = AuditEntry(
        created_at=timezone.now(),
        actor=actor_obj,
        actor_name=str(getattr(actor, "username", "") or "system"),
        action=action,
        target_type=target_type,
        target_id=str(target_id or ""),
        target_repr=str(target_repr)[:200],
        org_path=org_path,
        changes=changes or {},
        ip=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:200] if request else ""),
    )
    # The row is chained to the newest one under a lock held to the end of the caller's
    # transaction (opened here when there is none), so no two rows share a predecessor.
    with transaction.atomic(savepoint=False):
        entry.prev_hash = chain.lock_and_last_hash()
        entry.row_hash = chain.row_digest(vars(entry), entry.prev_hash)
        entry.save(force_insert=True)
        chain.remember(entry.row_hash)
    return entry


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
