"""Progress comes from the registry; completion and light boundaries; tasks overdue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kesu.indicators.selectors import indicator_values
from kesu.orgs import access
from kesu.plans import selectors, services, services_tasks
from kesu.plans.selectors import AMBER, GREEN, RED, evaluate
from tests.factories import make_member
from tests.plans.conftest import make_activity

pytestmark = pytest.mark.django_db


def test_actual_equals_registry_value(tree, users, members):
    make_activity(tree.a1g, day="2025-03-01", person_times=120)
    make_activity(tree.a1, day="2025-07-01", person_times=80)
    make_activity(tree.a1, day="2024-12-31", person_times=999)  # previous year
    make_activity(tree.bg, day="2025-05-01", person_times=50)  # other district
    make_member(tree.a1g)
    for code, value in [
        ("activities.count", 4),
        ("activities.person_times", 200),
        ("members.count", 10),
    ]:
        services.target_set(actor=users.admin_a, org=tree.a, year=2025, indicator=code, value=value)
    rows = selectors.plan_progress(user=users.admin_a, org=tree.a, year=2025)
    registry_values = {
        v.code: v.value
        for v in indicator_values(
            user=users.admin_a,
            org=tree.a,
            start=dt.date(2025, 1, 1),
            end=dt.date(2025, 12, 31),
            codes=[r.indicator for r in rows],
        )
    }
    assert {r.indicator: r.actual for r in rows} == registry_values
    by_code = {r.indicator: r for r in rows}
    assert by_code["activities.count"].actual == 2
    assert by_code["activities.count"].completion == Decimal("50.0")
    assert by_code["activities.person_times"].actual == 200
    assert by_code["activities.person_times"].light == GREEN


def test_progress_period_stops_today(tree, users):
    make_activity(tree.a, day="2026-02-01")
    make_activity(tree.a, day="2026-08-01")
    services.target_set(
        actor=users.admin_a, org=tree.a, year=2026, indicator="activities.count", value=4
    )
    [row] = selectors.plan_progress(
        user=users.admin_a, org=tree.a, year=2026, today=dt.date(2026, 3, 1)
    )
    assert row.actual == 1 and row.completion == Decimal("25.0")
    assert row.expected == Decimal("16.4")  # 60 of 365 days
    assert row.light == AMBER


@pytest.mark.parametrize(
    ("target", "actual", "pace", "completion", "light"),
    [
        (Decimal(1000), 999, Decimal(1), Decimal("99.9"), RED),
        (Decimal(1000), 1000, Decimal(1), Decimal("100.0"), GREEN),
        (Decimal(10000), 9999, Decimal("0.5"), Decimal("99.9"), AMBER),  # rounds down
        (Decimal(100), 50, Decimal("0.5"), Decimal("50.0"), AMBER),
        (Decimal(100), 49, Decimal("0.5"), Decimal("49.0"), RED),
        (Decimal(0), 0, Decimal(1), None, GREEN),
        (Decimal(3), 1, Decimal(0), Decimal("33.3"), AMBER),
    ],
)
def test_completion_and_light_boundaries(target, actual, pace, completion, light):
    assert evaluate(target, actual, pace) == (completion, light)


def test_period_pace():
    assert selectors.period(2026, dt.date(2027, 2, 1))[1:] == (dt.date(2026, 12, 31), Decimal(1))
    assert selectors.period(2026, dt.date(2025, 6, 1))[2] == 0
    assert selectors.period(2026, dt.date(2026, 1, 1))[2] == Decimal(1) / Decimal(365)


def test_children_progress_grid(tree, users):
    make_activity(tree.a1g, day="2025-04-01")
    services.targets_hand_down(
        actor=users.admin_a,
        parent=tree.a,
        year=2025,
        values={"HZ-A-1": {"activities.count": 2}},
    )
    columns, rows = selectors.children_progress(user=users.admin_a, parent=tree.a, year=2025)
    assert columns == ["activities.count"]
    [row] = rows
    assert row.org == tree.a1 and row.cells[0].actual == 1
    assert row.cells[0].completion == Decimal("50.0")
    with pytest.raises(access.NotFound):
        selectors.children_progress(user=users.admin_b, parent=tree.a, year=2025)


def test_tasks_overdue_and_my_tasks(tree, users):
    plan, _ = services.plan_get_or_create(actor=users.admin_a, org=tree.a, year=2026)
    data = {"responsible": users.staff_a}
    late = services_tasks.task_create(
        actor=users.admin_a, plan=plan, data={**data, "title": "逾期", "deadline": "2026-03-01"}
    )
    done = services_tasks.task_create(
        actor=users.admin_a,
        plan=plan,
        data={**data, "title": "完成", "deadline": "2026-02-01", "status": "done"},
    )
    due_today = services_tasks.task_create(
        actor=users.admin_a, plan=plan, data={**data, "title": "今天", "deadline": "2026-03-02"}
    )
    services_tasks.task_create(
        actor=users.admin_a,
        plan=plan,
        data={"title": "别人", "responsible": users.viewer_a, "deadline": "2026-01-01"},
    )
    today = dt.date(2026, 3, 2)
    tasks = selectors.with_overdue(list(selectors.my_tasks(user=users.staff_a)), today)
    assert [t.pk for t in tasks] == [late.pk, due_today.pk, done.pk]
    assert [t.overdue for t in tasks] == [True, False, False]
    assert selectors.task_list(user=users.admin_b).count() == 0
    with pytest.raises(access.NotFound):
        selectors.task_get(user=users.admin_b, pk=late.pk)
