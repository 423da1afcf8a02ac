"""Writes to budgets and other spending: scope-checked, validated by the model's own rules
and audited in the same transaction (kesu.leadership.records)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kesu.core.actors import Actor
from kesu.funds.models import Budget, Expense
from kesu.leadership.records import Kind, RecordError, delete_record, record_create, record_update

__all__ = ["RecordError"]

KINDS = {
    "budget": Kind("budget", Budget, ("year", "area", "amount", "notes"), "org", "经费预算"),
    "expense": Kind(
        "expense", Expense, ("spent_on", "area", "amount", "description"), "org", "其他支出"
    ),
}


def record_add(
    kind: str,
    *,
    actor: Actor,
    parent: Any,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Any:
    """A budget line or an expense of the organisation `parent`."""
    obj = record_create(KINDS[kind], actor=actor, parent=parent, data=data, request=request)
    if kind == "expense" and obj.created_by_id is None and getattr(actor, "pk", None):
        obj.created_by = actor
        obj.save(update_fields=["created_by"])
    return obj


def record_change(
    kind: str, *, actor: Actor, obj: Any, data: dict[str, Any], request: HttpRequest | None = None
) -> Any:
    """Partial update: only the keys present in `data` change."""
    return record_update(KINDS[kind], actor=actor, obj=obj, data=data, request=request)


def record_remove(kind: str, *, actor: Actor, obj: Any, request: HttpRequest | None = None) -> None:
    """Delete a record of `kind` (its children go with it); audited."""
    delete_record(obj, actor=actor, kind=KINDS[kind].code, request=request)
