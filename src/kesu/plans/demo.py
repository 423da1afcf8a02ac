"""Demo plans: the city union sets this year's targets, hands targets down to its districts,
splits the plan into tasks, and runs a target evaluation of the districts — so a newcomer
sees completion lights, "my tasks" and a ranking with data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kesu.accounts.services import operator
from kesu.demo.services import DemoContext
from kesu.evaluations.services import item_add, scheme_create
from kesu.orgs.models import Level, Organization
from kesu.plans.services import plan_get_or_create, target_set, targets_hand_down
from kesu.plans.services_tasks import task_create

# Yearly targets of the city and, per district, as a share of the city's.
CITY_TARGETS = {
    "activities.count": 60,
    "activities.person_times": 8000,
    "activities.materials": 20000,
    "activities.consultations": 1500,
    "publications.count": 120,
    "venues.new": 5,
}
TASKS = [
    ("制定年度科普工作计划并分解到各区县", 2, "done"),
    ("组织全国科普日系列活动", 9, "doing"),
    ("开展职工科学素质测评", 10, "todo"),
    ("编写年度工作总结并上报", 12, "todo"),
]


# The items of the demo district scheme (kesu.evaluations.services.item_add).
SCHEME_ITEMS: tuple[dict[str, Any], ...] = (
    {"indicator": "activities.count", "points": 30, "rule": "proportional", "cap": 120},
    {"indicator": "activities.person_times", "points": 30, "rule": "proportional", "cap": 120},
    {
        "indicator": "publications.count",
        "points": 20,
        "rule": "steps",
        "steps": [[60, 10], [100, 20]],
    },
    {"indicator": "venues.new", "points": 20, "rule": "pass_fail"},
)


def create_demo_plans(ctx: DemoContext) -> None:
    actor = operator()
    year = timezone.localdate().year
    city = Organization.objects.get(
        pk=ctx.org_ids[next(n.code for n in ctx.nodes if n.parent_code is None)]
    )
    for code, value in CITY_TARGETS.items():
        target_set(actor=actor, org=city, year=year, indicator=code, value=value)
    districts = list(
        Organization.objects.filter(parent=city, level=Level.DISTRICT).order_by("code")
    )
    share = Decimal(1) / max(len(districts), 1)
    targets_hand_down(
        actor=actor,
        parent=city,
        year=year,
        values={
            d.code: {c: int(v * share) or 1 for c, v in CITY_TARGETS.items()} for d in districts
        },
    )
    # The reference district's year: 5,281 mutual-medical shares (written by the employers
    # step) against a yearly task of 4,317 — "占年任务4317份的122.3%" in its summary.
    if districts:
        target_set(
            actor=actor, org=districts[0], year=year, indicator="medical_mutual.shares", value=4317
        )
    plan, _created = plan_get_or_create(actor=actor, org=city, year=year)
    owner = ctx.users.get("jn_admin")
    for title, month, status in TASKS:
        task_create(
            actor=actor,
            plan=plan,
            data={
                "title": title,
                "responsible": owner,
                "deadline": dt.date(year, month, 28),
                "status": status,
            },
        )
    scheme = scheme_create(
        actor=actor,
        org=city,
        year=year,
        level=Level.DISTRICT,
        title=f"{year}年度区县科普工作目标考评",
    )
    for item in SCHEME_ITEMS:
        item_add(actor=actor, scheme=scheme, **item)
    ctx.counts["targets"] = len(CITY_TARGETS) * (1 + len(districts))
    ctx.log(f"  年度目标 {ctx.counts['targets']} 项、任务 {len(TASKS)} 项、考评方案 1 个")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("plans", create_demo_plans),)
AFTER = ("activities", "resources")
