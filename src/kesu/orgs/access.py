"""The access layer: the one place where roles and the organisation tree become filters.

Every view, API endpoint, export and report gets its querysets and objects from here.
Objects outside the user's subtree are reported exactly like missing ones (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import Http404

from kesu.orgs import subtree
from kesu.orgs.models import Organization

if TYPE_CHECKING:
    from kesu.accounts.models import User

M = TypeVar("M", bound=Model)

VIEW = "view"
CHANGE = "change"
MANAGE = "manage"  # users, organisations, audit log

_ROLE_ACTIONS = {
    "admin": {VIEW, CHANGE, MANAGE},
    "staff": {VIEW, CHANGE},
    "viewer": {VIEW},
    "member": set(),  # self-service only; no roster or tree access
}


class NotFound(Http404):
    """Raised for both missing and out-of-scope objects, with one message."""

    def __init__(self, message: str = "未找到该对象或无权访问") -> None:
        super().__init__(message)


class Forbidden(PermissionError):
    """The user is known and the object is visible, but the role may not do this."""

    def __init__(self, message: str = "当前角色无权执行此操作") -> None:
        super().__init__(message)
        self.message = message


def can(user: User, action: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if user.org_id is None:
        return False
    return action in _ROLE_ACTIONS.get(user.role, set())


def require(user: User, action: str) -> None:
    if not can(user, action):
        raise Forbidden()


def can_view_pii(user: User) -> bool:
    """Full ID numbers and phones are shown only to the roles listed in KESU_PII_ROLES."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.role in settings.KESU_PII_ROLES


def scope_path(user: User) -> str | None:
    """The path prefix of what the user may see; None means everything (superuser)."""
    if user.is_superuser:
        return None
    if user.org_id is None:
        return "\x00no-scope"
    return user.org.path


def orgs_for(user: User, action: str = VIEW) -> QuerySet[Organization]:
    if not can(user, action):
        return Organization.objects.none()
    prefix = scope_path(user)
    qs = Organization.objects.all()
    return qs if prefix is None else subtree.under(qs, "", prefix)


def restrict(
    qs: QuerySet[M], user: User, action: str = VIEW, org_field: str = "org"
) -> QuerySet[M]:
    """Filter any queryset of org-owned records down to the user's subtree."""
    if not can(user, action):
        return qs.none()
    prefix = scope_path(user)
    if prefix is None:
        return qs
    return subtree.under(qs, org_field, prefix)


def get_for_user(
    qs: QuerySet[M], user: User, action: str = VIEW, org_field: str = "org", **lookup
) -> M:
    """Fetch one object within the user's scope or raise NotFound (never reveals existence)."""
    try:
        return restrict(qs, user, action, org_field).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def get_org_for_user(user: User, code: str, action: str = VIEW) -> Organization:
    return get_for_user(Organization.objects.all(), user, action, org_field="", code=code)


def may(user: User, org: Organization, action: str = CHANGE) -> bool:
    """Whether `ensure_org_in_scope` would let `user` do `action` in `org`: for showing a
    button exactly when the view it opens would answer."""
    if not can(user, action):
        return False
    prefix = scope_path(user)
    return prefix is None or org.path.startswith(prefix)


def ensure_org_in_scope(user: User, org: Organization, action: str = CHANGE) -> None:
    """Guard for writes that place an object in `org`: the target must be inside the scope."""
    if not can(user, action):
        raise Forbidden()
    if not may(user, org, action):
        raise NotFound()
