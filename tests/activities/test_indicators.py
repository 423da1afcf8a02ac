"""Activity indicators: values equal sums over their evidence, ranges and subtrees hold,
person-times and distinct persons stay apart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kesu.activities.selectors import activity_person_times
from kesu.indicators import registry, selectors
from tests.activities.conftest import check_in, make_activity

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
CODES = [
    "activities.count",
    "activities.person_times",
    "activities.checkin_persons",
    "activities.materials",
    "activities.consultations",
    "activities.display_boards",
    "activities.beneficiaries",
    "activities.new_followers",
    "activities.media_reports",
    "activities.spending",
]


def values(user, org, start=START, end=END):
    rows = selectors.indicator_values(user=user, org=org, start=start, end=end, codes=CODES)
    return {row.code: row.value for row in rows}


@pytest.fixture
def held(tree, members):
    first = make_activity(
        tree.a1g,
        day="2026-01-01",
        kind="campaign",
        person_times=120,
        materials_distributed=500,
        consultations=30,
        new_followers=100,
        display_boards=8,
        beneficiaries=600,
        media_reports=2,
        spending=Decimal("1200.50"),
    )
    undeclared = make_activity(tree.a1, day="2026-12-31", materials_distributed=50)
    before = make_activity(tree.a1g, day="2025-12-31", person_times=999, materials_distributed=9)
    in_b = make_activity(tree.bg, day="2026-06-01", person_times=77, materials_distributed=7)
    check_in(first, members.in_a, guests=("g1",))
    check_in(undeclared, members.in_a, members.in_a2, guests=("g1", "g2"))
    check_in(undeclared, members.in_a, session=1)
    check_in(before, members.in_a2)
    check_in(in_b, members.in_b)
    return first, undeclared, before, in_b


def test_units_and_names():
    assert registry.get("activities.count").unit == "场"
    assert registry.get("activities.person_times").unit == "人次"
    assert registry.get("activities.checkin_persons").unit == "人"
    assert registry.get("activities.media_reports").unit == "篇"
    assert registry.get("activities.spending").unit == "元"
    assert registry.get("activities.materials").name == "发放资料"


def test_values_respect_range_and_subtree(users, tree, held):
    first, undeclared, _before, _in_b = held
    got = values(users.admin_a, tree.a)
    assert got["activities.count"] == 2
    # declared 120 for the first; the undeclared one counts its 5 check-ins
    assert got["activities.person_times"] == 120 + 5
    # distinct persons over the range: 张三, 李四, guests g1 and g2 — never the 7 person-times
    assert got["activities.checkin_persons"] == 4
    assert got["activities.materials"] == 550
    assert got["activities.consultations"] == 30
    assert got["activities.new_followers"] == 100
    assert got["activities.display_boards"] == 8
    assert got["activities.beneficiaries"] == 600
    assert got["activities.media_reports"] == 2
    assert got["activities.spending"] == Decimal("1200.50")
    city = values(users.city_admin, tree.city)
    assert city["activities.count"] == 3 and city["activities.person_times"] == 125 + 77
    assert city["activities.checkin_persons"] == 5
    january = values(users.admin_a, tree.a, end=dt.date(2026, 1, 31))
    assert january["activities.count"] == 1 and january["activities.person_times"] == 120


def test_person_times_equals_the_sum_over_its_evidence(users, tree, held):
    for user, org in [(users.admin_a, tree.a), (users.city_admin, tree.city)]:
        rows = selectors.indicator_evidence(
            user=user, code="activities.person_times", org=org, start=START, end=END
        )
        total = sum(activity_person_times(a).effective for a in rows)
        assert total == values(user, org)["activities.person_times"]
        count = selectors.indicator_evidence(
            user=user, code="activities.count", org=org, start=START, end=END
        ).count()
        assert count == values(user, org)["activities.count"]


def test_breakdowns_add_up(users, tree, held):
    for by in ("kind", "month", "outreach", "org"):
        rows = selectors.indicator_breakdown(
            user=users.city_admin,
            code="activities.person_times",
            org=tree.city,
            start=START,
            end=END,
            by=by,
        )
        assert sum(r.value for r in rows) == 202, by
    kinds = selectors.indicator_breakdown(
        user=users.admin_a, code="activities.count", org=tree.a, start=START, end=END, by="kind"
    )
    assert {(r.key, r.value) for r in kinds} == {("campaign", 1), ("lecture", 1)}


def test_outsider_cannot_read_another_subtree(users, tree, held):
    from django.http import Http404

    with pytest.raises(Http404):
        values(users.admin_a, tree.b)
