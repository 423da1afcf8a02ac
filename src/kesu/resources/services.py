"""Writes to venues, visits, experts and publications. Each one checks scope, validates
(kesu.resources.validation) and writes its audit row in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from kesu.activities.models import Activity
from kesu.audit.writes import audit_changes, audit_object, snapshot
from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import apply_in_scope, org_to_write
from kesu.resources.models import Expert, Publication, Venue, VenueVisit
from kesu.resources.validation import (
    ResourceError,
    clean_expert,
    clean_publication,
    clean_venue,
    clean_visit,
)

__all__ = ["ResourceError"]

_AUDITED = {
    "venue": (
        "name",
        "kind",
        "address",
        "opened_on",
        "books_held",
        "area_m2",
        "is_active",
        "notes",
    ),
    "expert": ("name", "fields", "title", "employer", "phone_masked", "notes", "is_active"),
    "publication": ("channel", "title", "published_on", "link", "notes"),
}


def _snapshot(kind: str, obj: models.Model) -> dict[str, Any]:
    return snapshot(obj, _AUDITED[kind]) | {"org": obj.org.code}  # type: ignore[attr-defined]


def _lectures(actor: Actor, ids: Any) -> list[Activity]:
    """Activity ids the actor can see; anything else is an error at the field."""
    if ids is None:
        return []
    if isinstance(ids, str):
        ids = [part for part in ids.replace("，", ",").split(",") if part.strip()]
    try:
        wanted = sorted({int(str(i).strip()) for i in ids})
    except (TypeError, ValueError):
        raise ResourceError({"lectures": "讲座活动应为活动编号列表"}) from None
    found = list(access.restrict(Activity.objects.filter(pk__in=wanted), actor))
    missing = sorted(set(wanted) - {a.pk for a in found})
    if missing:
        shown = "、".join(str(i) for i in missing)
        raise ResourceError({"lectures": f"讲座活动编号 {shown} 不存在或无权访问"})
    return found


def _save(
    *, actor: Actor, kind: str, obj: Any, before: dict[str, Any], request: HttpRequest | None
) -> None:
    """Save and audit inside the caller's transaction; a creation when `before` is empty."""
    obj.full_clean(exclude=["org", "lectures"], validate_unique=False, validate_constraints=False)
    obj.save()
    action = f"{kind}.{'update' if before else 'create'}"
    audit_changes(actor, action, obj, before, _snapshot(kind, obj), request, target_type=kind)


def _create(kind, model, cleaner, *, actor, org, data, request, extra=None):
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    data = dict(data)
    lecture_ids = data.pop("lectures", None)
    clean, errors = cleaner(data)
    if errors:
        raise ResourceError(errors)
    lectures = _lectures(actor, lecture_ids) if kind == "expert" else []
    obj = model(org=org, **clean)
    with transaction.atomic():
        _save(actor=actor, kind=kind, obj=obj, before={}, request=request)
        if lectures:
            obj.lectures.set(lectures)
    return obj


def _update(kind, model, cleaner, *, actor, obj, data, request):
    access.ensure_org_in_scope(actor, obj.org, access.CHANGE)
    data = dict(data)
    new_org = data.pop("org", None)
    lecture_ids = data.pop("lectures", None)
    clean, errors = cleaner(data, partial=True)
    if errors:
        raise ResourceError(errors)
    if new_org is not None:
        new_org = org_to_write(actor, new_org)
    lectures = _lectures(actor, lecture_ids) if lecture_ids is not None else None
    before = _snapshot(kind, obj)
    with transaction.atomic():
        apply_in_scope(actor, obj, clean, new_org)
        _save(actor=actor, kind=kind, obj=obj, before=before, request=request)
        if lectures is not None:
            obj.lectures.set(lectures)
    return obj


def venue_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Venue:
    """Record a venue owned by `org` (inside the actor's scope)."""
    return _create("venue", Venue, clean_venue, actor=actor, org=org, data=data, request=request)


def venue_update(
    *, actor: Actor, venue: Venue, data: dict[str, Any], request: HttpRequest | None = None
) -> Venue:
    """Partial update: only keys present in `data` change (`org` moves it within scope)."""
    return _update("venue", Venue, clean_venue, actor=actor, obj=venue, data=data, request=request)


def venue_visit_add(
    *, actor: Actor, venue: Venue, data: dict[str, Any], request: HttpRequest | None = None
) -> VenueVisit:
    """Record the visitors of one period at `venue`."""
    access.ensure_org_in_scope(actor, venue.org, access.CHANGE)
    clean, errors = clean_visit(data)
    if errors:
        raise ResourceError(errors)
    visit = VenueVisit(venue=venue, **clean)
    with transaction.atomic():
        visit.save()
        audit_object(
            actor,
            "venue.visit_add",
            venue,
            {
                "period": [None, f"{visit.period_start}–{visit.period_end}"],
                "visitors": [None, visit.visitors],
            },
            request,
        )
    return visit


def expert_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Expert:
    """Add an expert to `org`'s pool; `lectures` (activity ids) links the lectures given."""
    return _create("expert", Expert, clean_expert, actor=actor, org=org, data=data, request=request)


def expert_update(
    *, actor: Actor, expert: Expert, data: dict[str, Any], request: HttpRequest | None = None
) -> Expert:
    return _update(
        "expert", Expert, clean_expert, actor=actor, obj=expert, data=data, request=request
    )


def publication_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Publication:
    return _create(
        "publication",
        Publication,
        clean_publication,
        actor=actor,
        org=org,
        data=data,
        request=request,
    )


def publication_update(
    *,
    actor: Actor,
    publication: Publication,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Publication:
    return _update(
        "publication",
        Publication,
        clean_publication,
        actor=actor,
        obj=publication,
        data=data,
        request=request,
    )


def expert_phone(*, actor: Actor, expert: Expert) -> str:
    """The expert's full phone for roles allowed to see personal data, else the mask."""
    from kesu.core import crypto

    if expert.phone_enc and access.can_view_pii(actor):
        return crypto.decrypt(expert.phone_enc)
    return expert.phone_masked
