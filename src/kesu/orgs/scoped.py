"""Writes inside the actor's subtree: the organisation a record goes to, and the row re-read
under lock so an edit cannot land on a record moved out of scope meanwhile."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model

from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization

M = TypeVar("M", bound=Model)


def org_to_write(user: Actor, org: Any, action: str = access.CHANGE) -> Organization:
    """`org` (an Organization or its code) once it is inside the user's scope for `action`."""
    if not isinstance(org, Organization):
        org = access.get_org_for_user(user, str(org or ""), action)
    access.ensure_org_in_scope(user, org, action)
    return org


def lock_in_scope(user: Actor, obj: M, action: str = access.CHANGE) -> M:
    """`obj`'s row locked for the rest of the transaction, its organisation re-checked."""
    locked = type(obj)._default_manager.select_for_update().select_related("org").get(pk=obj.pk)
    access.ensure_org_in_scope(user, locked.org, action)  # type: ignore[attr-defined]
    return locked


def apply_in_scope(
    user: Actor, obj: M, clean: dict[str, Any], new_org: Organization | None = None
) -> M:
    """Inside a transaction: lock `obj` (its organisation re-checked), copy the validated
    `clean` values onto it and move it to `new_org` when given (the caller saves)."""
    lock_in_scope(user, obj)
    for field, value in clean.items():
        setattr(obj, field, value)
    if new_org is not None:
        obj.org = new_org  # type: ignore[attr-defined]
    return obj
