"""Reads of the leadership records: pages, API and the summary share these."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from kesu.core.actors import Actor
from kesu.funds.models import Budget, Expense
from kesu.leadership.models import (
    GroupMember,
    LeadingGroup,
    Meeting,
    Team,
    Volunteer,
    VolunteerService,
    WorkArea,
)
from kesu.orgs import access, subtree
from kesu.orgs.models import Organization

# kind -> (model, path to its organisation, related rows to load, default order)
SOURCES: dict[str, tuple[Any, str, tuple[str, ...], tuple[str, ...]]] = {
    "leading_group": (LeadingGroup, "org", ("org",), ("-year", "org_id")),
    "group_member": (GroupMember, "group__org", ("group__org", "user"), ("position", "id")),
    "work_area": (WorkArea, "org", ("org",), ("-year", "org_id", "area")),
    "meeting": (Meeting, "org", ("org",), ("-held_on", "-id")),
    "team": (Team, "org", ("org",), ("org_id", "kind", "id")),
    "volunteer": (Volunteer, "team__org", ("team__org", "member"), ("team_id", "id")),
    "volunteer_service": (
        VolunteerService,
        "volunteer__team__org",
        ("volunteer__team__org", "activity"),
        ("-served_on", "-id"),
    ),
    "budget": (Budget, "org", ("org",), ("-year", "org_id", "area")),
    "expense": (Expense, "org", ("org",), ("-spent_on", "-id")),
}
# The filters a list takes (besides the organisation): query key -> lookup.
FILTERS = {
    "year": "year",
    "area": "area",
    "kind": "kind",
    "mode": "mode",
    "role": "role",
    "team": "team_id",
    "group": "group_id",
    "volunteer": "volunteer_id",
}


def _base(kind: str) -> tuple[QuerySet, str]:
    model, org_field, related, order = SOURCES[kind]
    return model.objects.select_related(*related).order_by(*order), org_field


def record_list(*, kind: str, user: Actor, filters: dict[str, Any] | None = None) -> QuerySet:
    """The `kind` records the user may see; `org` (a code) narrows to that subtree (an
    unknown or out-of-scope code gives nothing), other keys of FILTERS match exactly."""
    qs, org_field = _base(kind)
    qs = access.restrict(qs, user, org_field=org_field)
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    code = filters.pop("org", "")
    if code:
        org = access.orgs_for(user).filter(code=code).first()
        qs = subtree.under(qs, org_field, org.path) if org else qs.none()
    model_fields = {f.attname for f in qs.model._meta.concrete_fields}
    for key, value in filters.items():
        lookup = FILTERS.get(key)
        if lookup and lookup in model_fields:
            qs = qs.filter(**{lookup: value})
    return qs


def record_get(*, kind: str, user: Actor, pk: Any, action: str = access.VIEW) -> Any:
    """One record inside the user's scope; NotFound (404) for missing and not-yours alike."""
    qs, org_field = _base(kind)
    return access.get_for_user(qs, user, action, org_field=org_field, pk=pk)


def team_totals(teams: QuerySet[Team]) -> QuerySet[Team]:
    """Teams with their active volunteers (`people`) and service hours (`hours`)."""
    return teams.annotate(
        people=Count("volunteers", distinct=True),
        hours=Sum("volunteers__services__hours"),
    )


def group_of(*, user: Actor, org: Organization, year: int) -> LeadingGroup | None:
    """The organisation's own leading group for `year` (None when not on record)."""
    qs = access.restrict(LeadingGroup.objects.filter(org=org, year=year), user)
    return qs.prefetch_related("members").first()
