from __future__ import annotations

from django.db.models import QuerySet

from kesu.audit.models import AuditEntry
from kesu.orgs import access


def audit_list(
    *, user, target_type: str = "", action: str = "", q: str = ""
) -> QuerySet[AuditEntry]:
    """Audit entries of the user's subtree; only unit admins (and superusers) may read them."""
    if not access.can(user, access.MANAGE):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.all()
    prefix = access.scope_path(user)
    if prefix is not None:
        qs = qs.filter(org_path__startswith=prefix)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if action:
        qs = qs.filter(action=action)
    if q:
        qs = qs.filter(target_repr__icontains=q)
    return qs
