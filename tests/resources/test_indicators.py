"""Resource indicators equal their evidence and respect the range; the demo step runs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from kesu.activities.models import Activity
from kesu.demo.services import demo_generate
from kesu.indicators.registry import Scope, get
from kesu.resources import services
from kesu.resources.models import Expert, Publication, Venue, VenueVisit

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _visit(venue, start, end, n):
    VenueVisit.objects.create(venue=venue, period_start=start, period_end=end, visitors=n)


@pytest.fixture
def figures(res, tree, users):
    _visit(res.va, dt.date(2026, 1, 1), dt.date(2026, 3, 31), 100)
    _visit(res.va, dt.date(2025, 10, 1), dt.date(2025, 12, 31), 70)  # before the range
    _visit(res.va, dt.date(2026, 12, 31), dt.date(2027, 1, 30), 5)  # starts on the last day
    _visit(res.vb, dt.date(2026, 4, 1), dt.date(2026, 6, 30), 40)
    services.venue_create(
        actor=users.root,
        org=tree.a,
        data={"name": "旧基地", "kind": "science_base", "opened_on": "2019-01-01"},
    )
    services.venue_create(
        actor=users.root,
        org=tree.a,
        data={"name": "停用书屋", "kind": "worker_library", "is_active": False},
    )
    start = dt.datetime(2026, 5, 1, 9, tzinfo=timezone.get_current_timezone())
    inside = Activity.objects.create(
        title="讲座", kind="lecture", org=tree.a1g, start=start, end=start + dt.timedelta(hours=1)
    )
    before = Activity.objects.create(
        title="旧讲座",
        kind="lecture",
        org=tree.a1g,
        start=start.replace(year=2025),
        end=start.replace(year=2025),
    )
    res.ea.lectures.set([inside, before])
    res.eb.lectures.set([inside])  # two experts at one lecture: still one 场
    return res


@pytest.mark.parametrize(
    ("code", "org", "expected"),
    [
        ("venues.count", "a", 2),
        ("venues.count", "city", 3),
        ("venues.new", "a", 1),
        ("venues.new", "city", 2),
        ("venues.visits", "a", 105),
        ("venues.visits", "city", 145),
        ("venues.libraries", "a", 1),
        ("experts.count", "a", 1),
        ("experts.count", "city", 2),
        ("experts.lectures", "a", 1),
        ("experts.lectures", "b", 0),
        ("publications.count", "a", 1),
        ("publications.count", "city", 2),
    ],
)
def test_value_equals_evidence(figures, tree, code, org, expected):
    indicator = get(code)
    scope = Scope(getattr(tree, org), START, END)
    records = indicator.records(scope)
    assert indicator.value(scope) == expected
    assert indicator.measure(records) == expected


def test_range_is_respected(figures, tree):
    q1 = Scope(tree.city, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert get("venues.visits").value(q1) == 100
    assert get("venues.new").value(q1) == 1
    assert get("publications.count").value(q1) == 1
    assert get("experts.lectures").value(q1) == 0
    by_channel = get("publications.count").records(Scope(tree.city, START, END))
    assert sorted(by_channel.values_list("channel", flat=True)) == ["website", "wechat"]


@pytest.mark.django_db
def test_demo_step_runs_in_small_demo():
    result = demo_generate(scale="small", seed=3, stdout=io.StringIO())
    assert result.counts["venues"] == Venue.objects.count() > 0
    assert Venue.objects.filter(kind="worker_library", books_held__gt=0).exists()
    assert Venue.objects.filter(kind="science_base").exists()
    assert VenueVisit.objects.exists() and Expert.objects.count() == 20
    assert Publication.objects.values("channel").distinct().count() >= 3
    assert Expert.objects.exclude(phone_masked="").count() == 20


@pytest.mark.parametrize(
    "code", ["venues.count", "venues.new", "venues.visits", "experts.count", "publications.count"]
)
def test_evidence_endpoint_lists_the_records(figures, api_as, code):
    client = api_as("admin_a")
    params = {"org": "HZ-A", "from": "2026-01-01", "to": "2026-12-31"}
    page = client.get(f"/api/v1/indicators/{code}/evidence", **params)
    assert page.status_code == 200, page.content
    body = page.json()
    assert body["count"] == len(body["items"]) > 0
    assert "13812345678" not in page.content.decode()
