"""Demo yearly evaluation rules (a `kesu demo` step): the city's rule for this year and
last (4 training hours and an assessment), and one district that asks for an activity
instead of hours. A handful of rows at any scale."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from kesu.archive.models import ArchiveRule
from kesu.demo.services import DemoContext
from kesu.orgs.models import Level


def archive_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("archive")
    year = timezone.localdate().year
    city = ctx.nodes[0]
    rules = [
        ArchiveRule(
            org_id=ctx.org_ids[city.code],
            year=y,
            min_hours=Decimal("4"),
            min_activities=0,
            assessment_required=True,
        )
        for y in (year - 1, year)
    ]
    districts = [n for n in ctx.nodes if n.level == Level.DISTRICT]
    if districts:
        district = rng.choice(districts)
        rules.append(
            ArchiveRule(
                org_id=ctx.org_ids[district.code],
                year=year,
                min_hours=Decimal("0"),
                min_activities=1,
                assessment_required=True,
            )
        )
    ArchiveRule.objects.bulk_create(rules)
    ctx.counts["archive_rules"] = len(rules)
    ctx.log(f"  定期评估规则 {len(rules)} 条（{city.name}：学时≥4、参加测评）")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("archive", archive_demo),)
AFTER = ()
