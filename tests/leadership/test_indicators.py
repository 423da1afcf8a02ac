"""Leadership indicators equal the records created in the test, by subtree and range; the
demo step runs."""

from __future__ import annotations

import io
from decimal import Decimal

from kesu.demo.services import demo_generate
from kesu.indicators import selectors
from kesu.indicators.registry import Scope, get
from kesu.leadership.models import LeadingGroup, VolunteerService
from tests.leadership.conftest import END, START


def _value(code, org, start=START, end=END):
    return get(code).value(Scope(org, start, end))


def test_values_follow_records(work, tree):
    assert _value("leadership.members", tree.a) == 4
    assert _value("leadership.members", tree.b) == 0
    assert _value("leadership.work_areas", tree.a) == 1
    assert _value("meetings.held", tree.a) == 2  # the district's and the township's, not 2025's
    assert _value("meetings.held", tree.a1) == 1
    assert _value("meetings.attended", tree.a) == 1
    assert _value("teams.count", tree.a) == 2 and _value("teams.count", tree.city) == 3
    assert _value("volunteers.count", tree.a) == 3
    assert _value("volunteers.services", tree.a) == 2
    assert _value("volunteers.hours", tree.a) == Decimal("5.5")
    assert _value("volunteers.hours", tree.a, START.replace(year=2025), END) == Decimal("9.5")


def test_members_split_by_role(work, tree, users):
    # Group members have a field named "group": the breakdown's own column must not clash.
    rows = selectors.indicator_breakdown(
        user=users.root, code="leadership.members", org=tree.a, start=START, end=END, by="role"
    )
    assert {(r.key, r.label, r.value) for r in rows} == {
        ("deputy", "副组长", 1),
        ("leader", "组长", 1),
        ("member", "成员", 2),
    }


def test_evidence_is_the_counted_records(work, tree):
    records = get("volunteers.hours").records(Scope(tree.a, START, END))
    assert set(records) == set(VolunteerService.objects.filter(served_on__year=2026))


def test_demo_step_writes_the_records(db):
    demo_generate(scale="small", seed=3, stdout=io.StringIO())
    assert LeadingGroup.objects.exists() and VolunteerService.objects.exists()
