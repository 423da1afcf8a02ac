"""One campaign per theme and year across the tree (同一主题、同一年度只有一个主题活动).

A campaign gathers the activities of every organisation below its launcher, so a second
campaign of the same theme and year lower in the tree would count the same units twice, with
different coverage. Creating one is refused with the higher campaign named (the unit files
its activities under it instead); a duplicate made before this rule is merged into the
higher one (`campaign_join`). Units below that have filed nothing are reminded (催报,
`campaign_remind`); their workbench reads `kesu.activities.selectors.pending_reminders`.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kesu.activities.campaigns.services import CampaignError, campaign_coverage
from kesu.activities.models import Activity, Campaign, CampaignReminder, ThemeDay
from kesu.audit.services import audit_record
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization

NOTE_MAX = 200
_YEAR_PREFIX = re.compile(r"^\s*\d{4}\s*年(度)?")


def theme_of(name: str) -> str:
    """The theme a campaign name stands for: "2026年 全国科普日" -> "全国科普日"."""
    return re.sub(r"\s+", "", _YEAR_PREFIX.sub("", name or ""))


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _same_theme(qs: QuerySet[Campaign], name: str, theme_day: ThemeDay | None) -> list[Campaign]:
    theme = theme_of(name)
    return [
        c
        for c in qs.select_related("org", "theme_day").order_by("org__depth", "id")
        if (theme_day is not None and c.theme_day_id == theme_day.pk) or theme_of(c.name) == theme
    ]


def same_theme_above(
    *,
    org: Organization,
    name: str,
    year: int,
    theme_day: ThemeDay | None = None,
    exclude: Campaign | None = None,
    strict: bool = False,
) -> Campaign | None:
    """The highest campaign of this theme and year launched by `org` or an ancestor (only
    ancestors with `strict`), or None."""
    paths = _ancestor_paths(org.path)
    if strict:
        paths = paths[:-1]
    qs = Campaign.objects.filter(year=year, org__path__in=paths)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    found = _same_theme(qs, name, theme_day)
    return found[0] if found else None


def higher_duplicate(campaign: Campaign) -> Campaign | None:
    """The campaign of the same theme and year above this one's launcher, if any."""
    return same_theme_above(
        org=campaign.org,
        name=campaign.name,
        year=campaign.year,
        theme_day=campaign.theme_day,
        exclude=campaign,
        strict=True,
    )


def lower_duplicates(*, user: Actor, campaign: Campaign) -> list[Campaign]:
    """Campaigns of the same theme and year launched below this one (visible to `user`)."""
    qs = Campaign.objects.filter(
        year=campaign.year, org__path__startswith=campaign.org.path
    ).exclude(pk=campaign.pk)
    qs = qs.filter(org__in=access.orgs_for(user))
    return _same_theme(qs, campaign.name, campaign.theme_day)


def refuse_duplicate(
    org: Organization,
    name: str,
    year: int,
    theme_day: ThemeDay | None,
    exclude: Campaign | None = None,
) -> None:
    """Raise CampaignError naming the campaign of this theme and year at `org` or above."""
    existing = same_theme_above(org=org, name=name, year=year, theme_day=theme_day, exclude=exclude)
    if existing is None:
        return
    where = "本单位" if existing.org_id == org.pk else f"上级“{existing.org.name}”"
    error = CampaignError(
        {
            "name": f"{where}已发起{existing.year}年度同主题的“{existing.name}”，同一主题每年只设一个"
            "主题活动：请把活动归入该主题活动，不必另建。",
        }
    )
    error.existing = existing  # type: ignore[attr-defined]
    raise error


def campaign_join(
    *, actor: Actor, campaign: Campaign, request: HttpRequest | None = None
) -> Campaign:
    """Merge a lower duplicate into the campaign of the same theme and year above it (并入上级
    主题活动): its activities move to the higher campaign and it is removed, so coverage is
    counted once. Audited on both campaigns; returns the higher campaign."""
    access.ensure_org_in_scope(actor, campaign.org, access.CHANGE)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().select_related("org").get(pk=campaign.pk)
        higher = higher_duplicate(locked)
        if higher is None:
            raise CampaignError({"campaign": "上级没有同主题、同年度的主题活动，无需并入"})
        moved = Activity.objects.filter(campaign=locked).update(campaign=higher)
        changes = {"joined": locked.name, "into": higher.name, "activities": moved}
        for target, path in ((locked, locked.org.path), (higher, higher.org.path)):
            audit_record(
                actor=actor,
                action="campaign.join",
                target_type="campaign",
                target_id=target.pk,
                target_repr=target.name,
                org_path=path,
                changes=changes,
                request=request,
            )
        locked.delete()
    return higher


def remindable(*, user: Actor, campaign: Campaign) -> list[Organization]:
    """The units of the coverage table that have filed nothing for the campaign."""
    return [row.org for row in campaign_coverage(user=user, campaign=campaign) if row.missing]


def reminded_today(campaign: Campaign) -> set[int]:
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    sent = CampaignReminder.objects.filter(campaign=campaign, sent_at__gte=start)
    return set(sent.values_list("org_id", flat=True))


def campaign_remind(
    *, actor: Actor, campaign: Campaign, note: str = "", request: HttpRequest | None = None
) -> list[Organization]:
    """催报: remind every unit of the coverage table that has not reported (at most once a day
    each). Only staff who may change the campaign; audited as "campaign.remind"."""
    access.ensure_org_in_scope(actor, campaign.org, access.CHANGE)  # = can_change_campaign
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise CampaignError({"note": f"附言最多{NOTE_MAX}个字"})
    with transaction.atomic():
        done = reminded_today(campaign)
        targets = [o for o in remindable(user=actor, campaign=campaign) if o.pk not in done]
        if not targets:
            raise CampaignError({"campaign": "没有需要催报的单位（均已填报，或今天已催报过）"})
        CampaignReminder.objects.bulk_create(
            [CampaignReminder(campaign=campaign, org=o, note=note, sent_by=actor) for o in targets]
        )
        audit_object(
            actor,
            "campaign.remind",
            campaign,
            {"orgs": [o.name for o in targets], "note": note},
            request,
        )
    return targets
