"""Demo budgets and other spending for the city and each district (a `kesu demo` step)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kesu.demo.services import DemoContext
from kesu.funds.models import Budget, Expense
from kesu.leadership.models import AreaKind
from kesu.orgs.models import Level

BUDGETS = {
    AreaKind.PUBLICITY: 30000,
    AreaKind.ACTIVITIES: 50000,
    AreaKind.VENUES: 20000,
    AreaKind.TRAINING: 25000,
    AreaKind.WORKER_SERVICES: 200000,
}
EXPENSES = [
    (AreaKind.PUBLICITY, "科普宣传品制作"),
    (AreaKind.VENUES, "职工书屋图书添置"),
    (AreaKind.TRAINING, "职工技能培训班课酬"),
    (AreaKind.WORKER_SERVICES, "劳动竞赛奖励"),
]


def funds_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("funds")
    today = timezone.localdate()
    upper = [n for n in ctx.nodes if n.level in (Level.CITY, Level.DISTRICT)]
    budgets, expenses = [], []
    for node in upper:
        org_id = ctx.org_ids[node.code]
        scale = 3 if node.level == Level.CITY else 1
        budgets += [
            Budget(
                org_id=org_id,
                year=today.year,
                area=area,
                amount=Decimal(base * scale + rng.randint(0, 10) * 1000),
            )
            for area, base in BUDGETS.items()
        ]
        for area, what in EXPENSES:
            day = dt.date(today.year, rng.randint(1, today.month), rng.randint(1, 28))
            expenses.append(
                Expense(
                    org_id=org_id,
                    area=area,
                    description=what,
                    spent_on=min(day, today),
                    amount=Decimal(rng.randint(20, 150) * 100),
                )
            )
    Budget.objects.bulk_create(budgets)
    Expense.objects.bulk_create(expenses)
    ctx.counts.update(budgets=len(budgets), expenses=len(expenses))
    ctx.log(f"工作经费：预算 {len(budgets)} 项，其他支出 {len(expenses)} 笔")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps).
STEPS = (("funds", funds_demo),)
