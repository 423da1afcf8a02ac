"""Demo campaigns: the city union launches this year's and last year's theme-day campaigns,
and the demo activities held on those days are filed under them, so the coverage page shows
which units took part and which did not."""

from __future__ import annotations

from django.utils import timezone

from kesu.activities.campaigns.themedays import theme_day_dates
from kesu.activities.models import Activity, Campaign, ThemeDay
from kesu.demo.services import DemoContext


def create_demo_campaigns(ctx: DemoContext) -> None:
    root = next(node for node in ctx.nodes if node.parent_code is None)
    root_id = ctx.org_ids[root.code]
    creator = ctx.users.get("jn_admin")
    this_year = timezone.localdate().year
    created = filed = 0
    for year in (this_year - 1, this_year):
        for theme_day in ThemeDay.objects.filter(active=True).order_by("sort_order"):
            start, end = theme_day_dates(theme_day, year)
            campaign = Campaign.objects.create(
                org_id=root_id,
                name=f"{year}年{theme_day.name}",
                year=year,
                start=start,
                end=end,
                theme_day=theme_day,
                created_by=creator,
                description=f"{theme_day.name}主题活动：请各级工会按时开展并填报活动。",
            )
            created += 1
            filed += Activity.objects.filter(
                kind="campaign", campaign__isnull=True, start__date__range=(start, end)
            ).update(campaign=campaign)
    ctx.counts["campaigns"] = created
    ctx.log(f"  主题活动 {created} 个，归入活动 {filed} 场")
