"""Campaigns (主题活动): audited writes and scoped reads.

A campaign belongs to the organisation that launched it and gathers the activities of every
organisation below. So a user sees the campaigns of their own subtree *and* those launched by
their ancestors (to file activities under them), but may change only those inside their
subtree. Coverage tells the launcher which child organisations have filed nothing yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from kesu.activities.campaigns.themedays import YEAR_MAX, YEAR_MIN, theme_day_dates
from kesu.activities.models import Activity, Campaign, ThemeDay
from kesu.audit.services import diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import lock_in_scope

EDITABLE = ("name", "year", "start", "end", "theme_day", "description")


class CampaignError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


# ---------------------------------------------------------------- selectors


def _ancestor_paths(path: str) -> list[str]:
    """ "/HZ/HZ-A/" -> ["/HZ/", "/HZ/HZ-A/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def campaign_list(*, user: Actor, year: int | None = None) -> QuerySet[Campaign]:
    """Campaigns launched inside the user's subtree or by one of its ancestors."""
    if not access.can(user, access.VIEW):
        return Campaign.objects.none()
    qs = Campaign.objects.select_related("org", "theme_day")
    prefix = access.scope_path(user)
    if prefix is not None:
        qs = qs.filter(Q(org__path__startswith=prefix) | Q(org__path__in=_ancestor_paths(prefix)))
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-start", "-id")


def campaign_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Campaign:
    """One campaign, or NotFound. VIEW follows campaign_list; CHANGE needs the campaign's
    own organisation in scope (a district reads the city's campaign but cannot edit it)."""
    if action == access.VIEW:
        try:
            return campaign_list(user=user).get(pk=pk)
        except (Campaign.DoesNotExist, ValueError, TypeError):
            raise access.NotFound() from None
    return access.get_for_user(
        Campaign.objects.select_related("org", "theme_day"), user, action, pk=pk
    )


def can_change_campaign(user: Actor, campaign: Campaign) -> bool:
    """Only campaigns launched inside the user's own subtree are editable."""
    if not access.can(user, access.CHANGE):
        return False
    prefix = access.scope_path(user)
    return prefix is None or campaign.org.path.startswith(prefix)


def campaign_activities(*, user: Actor, campaign: Campaign) -> QuerySet[Activity]:
    """The campaign's activities the user may see (their own subtree only)."""
    qs = Activity.objects.filter(campaign=campaign).select_related("org")
    return access.restrict(qs, user).order_by("-start", "-id")


@dataclass(frozen=True)
class CoverageRow:
    org: Organization
    activities: int

    @property
    def missing(self) -> bool:
        return self.activities == 0


def campaign_coverage(
    *, user: Actor, campaign: Campaign, level: str | None = None
) -> list[CoverageRow]:
    """Per direct child of the campaign's organisation (or, with `level`, per descendant
    at that level) visible to the user: activities filed for the campaign in its subtree."""
    orgs = access.orgs_for(user).filter(path__startswith=campaign.org.path)
    orgs = orgs.filter(level=level) if level else orgs.filter(parent=campaign.org)
    orgs = list(orgs.order_by("path"))
    paths = list(
        access.restrict(Activity.objects.filter(campaign=campaign), user).values_list(
            "org__path", flat=True
        )
    )
    return [
        CoverageRow(org=org, activities=sum(1 for p in paths if p.startswith(org.path)))
        for org in orgs
    ]


# ---------------------------------------------------------------- services


def _validate(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not str(data.get("name") or "").strip():
        errors["name"] = "请填写名称"
    elif len(data["name"].strip()) > 120:
        errors["name"] = "名称最多120个字符"
    year = data.get("year")
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        errors["year"] = f"年度应在{YEAR_MIN}至{YEAR_MAX}之间"
    start, end = data.get("start"), data.get("end")
    if not isinstance(start, dt.date):
        errors["start"] = "请填写开始日期"
    if not isinstance(end, dt.date):
        errors["end"] = "请填写结束日期"
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        errors["end"] = "结束日期不能早于开始日期"
    theme_day = data.get("theme_day")
    if theme_day is not None and not isinstance(theme_day, ThemeDay):
        errors["theme_day"] = "主题日不存在"
    return errors


def campaign_snapshot(campaign: Campaign) -> dict[str, Any]:
    return {
        "name": campaign.name,
        "year": campaign.year,
        "start": campaign.start.isoformat(),
        "end": campaign.end.isoformat(),
        "theme_day": campaign.theme_day.name if campaign.theme_day else None,
        "description": campaign.description,
        "org": campaign.org.code,
    }


def campaign_create(
    *,
    actor: Actor,
    org: Organization,
    name: str,
    year: int,
    start: dt.date,
    end: dt.date,
    theme_day: ThemeDay | None = None,
    description: str = "",
    request: HttpRequest | None = None,
) -> Campaign:
    """Launch a campaign for `org` (CHANGE on it); audited as "campaign.create"."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    data = {"name": name, "year": year, "start": start, "end": end, "theme_day": theme_day}
    errors = _validate(data)
    if errors:
        raise CampaignError(errors)
    from kesu.activities.campaigns.tree import refuse_duplicate  # it imports this module

    refuse_duplicate(org, name, year, theme_day)
    campaign = Campaign(
        org=org,
        name=name.strip(),
        year=year,
        start=start,
        end=end,
        theme_day=theme_day,
        description=(description or "").strip(),
        created_by=actor if actor.pk else None,
    )
    with transaction.atomic():
        campaign.save()
        audit_object(
            actor,
            "campaign.create",
            campaign,
            diff({}, campaign_snapshot(campaign)),
            request,
            org=org,
        )
    return campaign


def campaign_from_theme_day(
    *,
    actor: Actor,
    org: Organization,
    theme_day: ThemeDay,
    year: int,
    request: HttpRequest | None = None,
) -> Campaign:
    """ "2026年全国科普日" with the dates the theme day's rule gives for `year`."""
    if not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise CampaignError({"year": f"年度应在{YEAR_MIN}至{YEAR_MAX}之间"})
    start, end = theme_day_dates(theme_day, year)
    return campaign_create(
        actor=actor,
        org=org,
        name=f"{year}年{theme_day.name}",
        year=year,
        start=start,
        end=end,
        theme_day=theme_day,
        description=theme_day.description,
        request=request,
    )


def campaign_update(
    *, actor: Actor, campaign: Campaign, data: dict[str, Any], request: HttpRequest | None = None
) -> Campaign:
    """Partial update of name, year, dates, theme day and description; audited."""
    access.ensure_org_in_scope(actor, campaign.org, access.CHANGE)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise CampaignError({key: "该字段不能修改" for key in sorted(unknown)})
    merged = {field: getattr(campaign, field) for field in EDITABLE} | data
    errors = _validate(merged)
    if errors:
        raise CampaignError(errors)
    from kesu.activities.campaigns.tree import refuse_duplicate  # it imports this module

    refuse_duplicate(campaign.org, merged["name"], merged["year"], merged["theme_day"], campaign)
    before = campaign_snapshot(campaign)
    merged["name"] = merged["name"].strip()
    merged["description"] = (merged.get("description") or "").strip()
    for field, value in merged.items():
        setattr(campaign, field, value)
    with transaction.atomic():
        lock_in_scope(actor, campaign)
        campaign.save()
        changes = diff(before, campaign_snapshot(campaign))
        if changes:
            audit_object(actor, "campaign.update", campaign, changes, request)
    return campaign
