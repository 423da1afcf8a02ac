"""indicator_values reads plain indicators over the same evidence in one query: each value
must equal the indicator computed on its own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kesu.core import oneview
from kesu.indicators import registry
from kesu.indicators.registry import Scope
from kesu.indicators.selectors import indicator_values
from tests.activities.conftest import check_in, make_activity

pytestmark = pytest.mark.django_db


def test_batched_values_equal_each_indicator_alone(tree, users, members):
    make_activity(tree.a1g, materials_distributed=120, consultations=7, person_times=None)
    make_activity(
        tree.a, day="2026-06-01", materials_distributed=30, spending="88.50", person_times=40
    )
    make_activity(tree.b, day="2026-07-01", display_boards=3, beneficiaries=11)
    check_in(make_activity(tree.a1g, day="2026-05-05"), members.in_a, members.in_a2)
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    for org in (tree.city, tree.a):
        scope = Scope(org=org, start=start, end=end)
        values = indicator_values(user=users.city_admin, org=org, start=start, end=end)
        alone = {ind.code: ind.value(scope) for ind in registry.all_indicators()}
        assert {v.code: v.value for v in values} == alone
    assert alone["activities.materials"] == 150 and alone["activities.count"] == 3


def test_activity_sums_share_one_roll_up_read(tree, users, settings):
    """The activity sums come from the roll-up (kesu.activities.tally), every one of them
    in one aggregate per view, and never from the activities themselves."""
    make_activity(tree.a1g, materials_distributed=5)
    codes = [
        "activities.count",
        "activities.materials",
        "activities.consultations",
        "activities.spending",
    ]
    ask = {
        "user": users.city_admin,
        "org": tree.city,
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 12, 31),
        "codes": codes,
    }
    with oneview.one_view():
        indicator_values(**ask)  # the roll-up counts the new activity's day
    settings.KESU_ROLLUP_CHECK = False  # the check would count from the records too
    with oneview.one_view(), CaptureQueriesContext(connection) as queries:
        values = indicator_values(**ask)
    assert [v.value for v in values] == [1, 5, 0, 0]
    tables = [q["sql"] for q in queries]
    assert sum("activities_activitytotal" in sql for sql in tables) == 1
    assert not any('"activities_activity"' in sql for sql in tables)


def test_breakdown_by_child_adds_up_per_organisation_exactly(tree, users, members):
    from kesu.indicators.selectors import indicator_breakdown

    for org, n in ((tree.city, 1), (tree.a, 2), (tree.a1, 1), (tree.a1g, 3), (tree.bg, 2)):
        for _ in range(n):
            check_in(make_activity(org, materials_distributed=10), members.in_a)
    ask = {
        "user": users.city_admin,
        "org": tree.city,
        "start": dt.date(2026, 1, 1),
        "end": dt.date(2026, 12, 31),
        "by": "org",
    }
    for code, expected in (
        ("activities.count", [("HZ", 1), ("HZ-A", 6), ("HZ-B", 2)]),
        ("activities.materials", [("HZ", 10), ("HZ-A", 60), ("HZ-B", 20)]),
        ("activities.person_times", [("HZ", 1), ("HZ-A", 6), ("HZ-B", 2)]),
        ("activities.checkin_persons", [("HZ", 1), ("HZ-A", 1), ("HZ-B", 1)]),  # distinct
    ):
        rows = indicator_breakdown(code=code, **ask)
        assert [(r.key, r.value) for r in rows] == expected, code
    rows = indicator_breakdown(code="activities.count", **{**ask, "org": tree.a})
    assert [(r.key, r.value) for r in rows] == [("HZ-A", 2), ("HZ-A-1", 4)]
