"""The audit log for unit admins: entries of their subtree, with readable before/after values."""

from __future__ import annotations

from django.shortcuts import render

from kesu.audit import registry
from kesu.audit.display import with_change_rows
from kesu.audit.selectors import audit_list
from kesu.orgs import access
from kesu.web.views import is_partial, paginate, web_view

RESULTS = "audit-results"


def _sorted(labels: dict) -> dict[str, str]:
    """Filter choices grouped by code (an app's actions together), shown by label."""
    return dict(sorted(((k, str(v)) for k, v in labels.items()), key=lambda kv: kv[0]))


@web_view(access.MANAGE, methods=["GET"])
def audit_log(request):
    target_type = request.GET.get("target_type", "")
    action = request.GET.get("action", "")
    q = request.GET.get("q", "").strip()
    page = paginate(
        request, audit_list(user=request.user, target_type=target_type, action=action, q=q)
    )
    page.object_list = with_change_rows(list(page.object_list))
    context = {
        "page": page,
        "hx_target": RESULTS,
        "target_types": _sorted(registry.TARGETS),
        "actions": _sorted(registry.ACTIONS),
        "selected": {"target_type": target_type, "action": action, "q": q},
    }
    template = "audit/_results.html" if is_partial(request, RESULTS) else "audit/list.html"
    return render(request, template, context)
