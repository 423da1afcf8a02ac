"""Items other parts of the platform add to the workbench, read only when they exist.

Two are being built beside the workbench: the campaigns' 催报 reminders
(`pending_reminders(org)`) and the sampled literacy assessments' invitations
(`pending_invitations(member)`). Until their module provides the function, the section
is simply empty; once it does, the workbench shows it with no change here.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# (module, function) each hook is read from; the first that exists is used.
REMINDERS = (("kesu.activities.selectors", "pending_reminders"),)
INVITATIONS = (("kesu.assessment.sample_selectors", "pending_invitations"),)


def _find(candidates: tuple[tuple[str, str], ...]) -> Any:
    for module_name, function in candidates:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError:
            continue
        found = getattr(module, function, None)
        if callable(found):
            return found
    return None


def campaign_reminders(org: Any) -> list[Any]:
    """催报 reminders sent to `org` by a higher level for a campaign it has not reported."""
    provider = _find(REMINDERS)
    return list(provider(org)) if provider and org is not None else []


def assessment_invitations(member: Any) -> list[Any]:
    """Sampled literacy assessments the member is invited to take."""
    provider = _find(INVITATIONS)
    return list(provider(member)) if provider and member is not None else []
