from __future__ import annotations

from django.db.models import QuerySet

from kesu.audit.models import AuditEntry
from kesu.core.filters import where_given
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
    return where_given(qs, target_type=target_type, action=action, target_repr__icontains=q)
