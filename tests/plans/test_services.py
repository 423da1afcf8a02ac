"""Plan writes: target validation, audit, hand-down (direct children in scope, all or
nothing), tasks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kesu.audit.models import AuditEntry
from kesu.orgs import access
from kesu.plans import services, services_tasks
from kesu.plans.models import Plan, Target, Task

pytestmark = pytest.mark.django_db


def test_target_set_creates_plan_and_audits_before_after(tree, users):
    target = services.target_set(
        actor=users.admin_a, org=tree.a, year=2026, indicator="activities.count", value="20"
    )
    assert target.value == Decimal("20.00") and target.plan.org == tree.a
    services.target_set(
        actor=users.admin_a, org=tree.a, year=2026, indicator="activities.count", value=25
    )
    entries = AuditEntry.objects.filter(action="target.set").order_by("pk")
    assert [e.changes["value"] for e in entries] == [[None, "20.00"], ["20.00", "25.00"]]
    assert AuditEntry.objects.filter(action="plan.create").count() == 1
    assert Target.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "text"),
    [
        ({"indicator": "nope.count"}, "indicator", "未知的指标编码"),
        ({"value": "-1"}, "value", "不能为负数"),
        ({"value": "abc"}, "value", "应为数字"),
        ({"year": 1999}, "year", "2000至2100"),
        ({"year": 2101}, "year", "2000至2100"),
    ],
)
def test_target_validation_names_the_field(tree, users, kwargs, field, text):
    args = {"year": 2026, "indicator": "activities.count", "value": "1", **kwargs}
    with pytest.raises(services.PlanError) as exc:
        services.target_set(actor=users.admin_a, org=tree.a, **args)
    assert text in exc.value.errors[field]
    assert not Target.objects.exists()


def test_target_set_scope_and_role(tree, users):
    with pytest.raises(access.NotFound):
        services.target_set(
            actor=users.admin_b, org=tree.a, year=2026, indicator="activities.count", value=1
        )
    with pytest.raises(access.Forbidden):
        services.target_set(
            actor=users.viewer_a, org=tree.a, year=2026, indicator="activities.count", value=1
        )


def test_hand_down_sets_children_targets(tree, users):
    out = services.targets_hand_down(
        actor=users.city_admin,
        parent=tree.city,
        year=2026,
        values={
            "HZ-A": {"activities.count": "20", "members.count": ""},
            "HZ-B": {"activities.count": 15},
        },
    )
    assert len(out) == 2
    a = Target.objects.get(plan__org=tree.a, indicator="activities.count")
    assert a.value == 20 and a.handed_down_by == tree.city
    assert not Target.objects.filter(indicator="members.count").exists()


def test_hand_down_only_direct_children_all_or_nothing(tree, users):
    with pytest.raises(services.PlanError) as exc:
        services.targets_hand_down(
            actor=users.city_admin,
            parent=tree.city,
            year=2026,
            values={"HZ-A": {"activities.count": "20"}, "HZ-A-1": {"activities.count": "5"}},
        )
    assert "HZ-A-1" in exc.value.errors
    with pytest.raises(services.PlanError) as exc:
        services.targets_hand_down(
            actor=users.city_admin,
            parent=tree.city,
            year=2026,
            values={"HZ-A": {"activities.count": "20"}, "HZ-B": {"activities.count": "-3"}},
        )
    assert "不能为负数" in exc.value.errors["HZ-B.activities.count"]
    assert not Target.objects.exists() and not Plan.objects.exists()


def test_hand_down_outside_scope(tree, users):
    # admin_a handing down for the city: the parent itself is outside the scope.
    with pytest.raises(access.NotFound):
        services.targets_hand_down(
            actor=users.admin_a,
            parent=tree.city,
            year=2026,
            values={"HZ-B": {"activities.count": "1"}},
        )
    # From HZ-A, HZ-B-01 is not a child (and not visible): refused, nothing written.
    with pytest.raises(services.PlanError):
        services.targets_hand_down(
            actor=users.admin_a,
            parent=tree.a,
            year=2026,
            values={"HZ-A-1": {"activities.count": "1"}, "HZ-B-01": {"activities.count": "1"}},
        )
    assert not Target.objects.exists()


def test_task_create_update_and_responsible_subtree(tree, users):
    plan, created = services.plan_get_or_create(actor=users.admin_a, org=tree.a, year=2026)
    assert created
    task = services_tasks.task_create(
        actor=users.admin_a,
        plan=plan,
        data={"title": "开展讲座", "responsible": "staff_a", "deadline": "2026-06-30"},
    )
    assert task.status == "todo"
    services_tasks.task_update(actor=users.admin_a, task=task, data={"status": "已完成"})
    task.refresh_from_db()
    assert task.status == "done"
    actions = list(AuditEntry.objects.filter(target_type="task").values_list("action", flat=True))
    assert sorted(actions) == ["task.create", "task.update"]
    with pytest.raises(services.PlanError) as exc:
        services_tasks.task_create(
            actor=users.admin_a,
            plan=plan,
            data={"title": "x", "responsible": "admin_b", "deadline": dt.date(2026, 1, 1)},
        )
    assert "负责人" in exc.value.errors["responsible"]
    with pytest.raises(services.PlanError) as exc:
        services_tasks.task_create(actor=users.admin_a, plan=plan, data={})
    assert set(exc.value.errors) == {"title", "responsible", "deadline"}
    assert Task.objects.count() == 1
