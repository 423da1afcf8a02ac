"""Reads of users and tokens, scoped like everything else."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kesu.accounts.models import ApiToken, User
from kesu.core.actors import Actor
from kesu.orgs import access


def token_list(*, user: Actor) -> QuerySet[ApiToken]:
    """Only ever the caller's own tokens: there is no way to name someone else's."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def user_list(*, user: Actor, q: str = "") -> QuerySet[User]:
    """Logins of the caller's subtree, for unit admins (MANAGE)."""
    qs = access.restrict(User.objects.select_related("org"), user, access.MANAGE)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    return qs.order_by("org__path", "username")
