"""Writes to activities: create, update, copy as next year's template. Each one validates in
`clean_activity_data` and audits in its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.activities.models import COUNT_FIELDS, Activity
from kesu.activities.validation import campaign_for, clean_activity_data
from kesu.audit.services import diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import apply_in_scope

# Outputs a copy for next year starts without.
OUTPUT_FIELDS = ("person_times", *COUNT_FIELDS, "spending")
COPIED_FIELDS = (
    "title",
    "kind",
    "outreach",
    "place",
    "partners",
    "target_groups",
    "topics",
    "description",
    "responsible",
    "funding_source",
)


class ActivityError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def _resolve_co_orgs(actor: Actor, co_orgs: Iterable[Any], org: Organization) -> list[Organization]:
    """Co-organisers by code or object; outside the actor's scope answers 404 (as missing)."""
    out: list[Organization] = []
    for item in co_orgs:
        if isinstance(item, Organization):
            other = item
            access.ensure_org_in_scope(actor, other, access.VIEW)
        else:
            code = str(item).strip()
            if not code:
                continue
            other = access.get_org_for_user(actor, code, access.VIEW)
        if other.pk != org.pk and all(o.pk != other.pk for o in out):
            out.append(other)
    return out


# ---------------------------------------------------------------- writes


def activity_snapshot(activity: Activity) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in (*COPIED_FIELDS, "review_note", *OUTPUT_FIELDS):
        value = getattr(activity, field)
        out[field] = str(value) if isinstance(value, Decimal) else value
    out["start"] = activity.start.isoformat() if activity.start else None
    out["end"] = activity.end.isoformat() if activity.end else None
    out["org"] = activity.org.code
    out["campaign"] = activity.campaign_id
    if activity.pk:
        out["co_orgs"] = sorted(activity.co_orgs.values_list("code", flat=True))
    return out


def _save(activity: Activity) -> None:
    try:
        activity.full_clean(exclude=["co_orgs", "copied_from", "created_by"])
    except ValidationError as exc:
        raise ActivityError({k: "；".join(v) for k, v in exc.message_dict.items()}) from None
    activity.save()


def activity_create(
    *,
    actor: Actor,
    org: Organization,
    data: dict[str, Any],
    co_orgs: Iterable[Any] = (),
    request: HttpRequest | None = None,
) -> Activity:
    """Record an activity of `org` (inside the actor's scope) with its co-organisers."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    partners = _resolve_co_orgs(actor, co_orgs, org)
    clean, errors = clean_activity_data(data, org=org)
    if errors:
        raise ActivityError(errors)
    activity = Activity(org=org, created_by=actor if getattr(actor, "pk", None) else None, **clean)
    with transaction.atomic():
        _save(activity)
        activity.co_orgs.set(partners)
        audit_object(
            actor,
            "activity.create",
            activity,
            diff({}, activity_snapshot(activity)),
            request,
            org=org,
        )
    return activity


def activity_update(
    *, actor: Actor, activity: Activity, data: dict[str, Any], request: HttpRequest | None = None
) -> Activity:
    """Partial update: only keys present in `data` change. `org` (code or object) moves the
    activity inside the actor's scope; `co_orgs` (codes or objects) replaces the list."""
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    session = getattr(activity, "training_session", None)
    if session is not None:  # its time and place belong to the training course's session
        raise ActivityError(
            {"title": f"该活动是培训课程“{session.course.title}”的班次，请在培训课程中修改"}
        )
    data = dict(data)
    org = activity.org
    if "org" in data:
        raw = data.pop("org")
        org = (
            raw
            if isinstance(raw, Organization)
            else access.get_org_for_user(actor, str(raw), access.CHANGE)
        )
        access.ensure_org_in_scope(actor, org, access.CHANGE)
    partners = _resolve_co_orgs(actor, data.pop("co_orgs"), org) if "co_orgs" in data else None
    data["_current_start"], data["_current_end"] = activity.start, activity.end
    clean, errors = clean_activity_data(data, org=org, partial=True)
    if "campaign" not in data and activity.campaign_id and org.pk != activity.org_id:
        _c, problem = campaign_for(activity.campaign, org)
        if problem:
            errors["campaign"] = problem
    if errors:
        raise ActivityError(errors)
    before = activity_snapshot(activity)
    with transaction.atomic():
        apply_in_scope(actor, activity, clean, org)
        _save(activity)
        if partners is not None:
            activity.co_orgs.set(partners)
        changes = diff(before, activity_snapshot(activity))
        if changes:
            audit_object(actor, "activity.update", activity, changes, request, org=org)
    return activity


def _shift_year(value: dt.datetime, years: int) -> dt.datetime:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February into a common year
        return value.replace(year=value.year + years, day=28)


def activity_copy(
    *, actor: Actor, activity: Activity, year_shift: int = 1, request: HttpRequest | None = None
) -> Activity:
    """Copy as a template for another year: same settings, dates moved, outputs zeroed,
    review note and campaign (a campaign belongs to one year) cleared."""
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    local_start = timezone.localtime(activity.start)
    start = _shift_year(local_start, year_shift)
    end = _shift_year(timezone.localtime(activity.end), year_shift)
    copy = Activity(
        org=activity.org,
        copied_from=activity,
        start=start,
        end=end,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{field: getattr(activity, field) for field in COPIED_FIELDS},
    )
    old_year = str(local_start.year)
    if old_year in copy.title:
        copy.title = copy.title.replace(old_year, str(start.year))
    with transaction.atomic():
        _save(copy)
        copy.co_orgs.set(activity.co_orgs.all())
        audit_object(
            actor,
            "activity.copy",
            copy,
            {"copied_from": [None, activity.pk], **diff({}, activity_snapshot(copy))},
            request,
            target_type="activity",
        )
    return copy
