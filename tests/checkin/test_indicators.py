"""checkin.person_times and checkin.persons: separate figures, each equal to its evidence."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kesu.checkin import services
from kesu.indicators import registry
from kesu.indicators.registry import Scope
from tests.checkin.conftest import make_activity


def _setup(tree, members):
    act = make_activity(tree.a1, days=1)
    other = make_activity(tree.b, title="滨江活动")
    for session in (0, 1):
        services.checkin_by_phone(activity=act, session=session, name="张三", phone="13800001234")
        services.checkin_by_phone(activity=act, session=session, name="来宾", phone="13700000001")
    services.checkin_by_phone(activity=act, session=0, name="来宾二", phone="13700000002")
    services.checkin_by_phone(activity=other, session=0, name="王五", phone="13900005678")
    return act


def test_person_times_and_persons(tree, members):
    _setup(tree, members)
    today = timezone.localdate()
    week = (today - dt.timedelta(days=7), today + dt.timedelta(days=7))
    times = registry.get("checkin.person_times")
    persons = registry.get("checkin.persons")
    assert (times.unit, persons.unit) == ("人次", "人")
    scope_a = Scope(tree.a, *week)
    assert times.value(scope_a) == 5
    assert persons.value(scope_a) == 3
    scope_city = Scope(tree.city, *week)
    assert times.value(scope_city) == 6 and persons.value(scope_city) == 4
    for indicator, scope in [(times, scope_a), (persons, scope_a), (persons, scope_city)]:
        records = indicator.records(scope)
        assert indicator.value(scope) == indicator.measure(records)
    assert times.records(scope_a).count() == 5
    # Distinct persons by hand from the evidence rows.
    keys = {r.member_id or r.guest_phone_hash for r in persons.records(scope_city)}
    assert len(keys) == 4
    past = Scope(tree.city, today - dt.timedelta(days=60), today - dt.timedelta(days=30))
    assert times.value(past) == 0 and persons.value(past) == 0


def test_evidence_api_lists_the_checkins(api_as, tree, members):
    _setup(tree, members)
    today = timezone.localdate()
    client = api_as("admin_a")
    params = {"org": "HZ-A", "from": str(today - dt.timedelta(days=7)), "to": str(today)}
    items = {i["code"]: i for i in client.get("/api/v1/indicators", **params).json()["items"]}
    assert items["checkin.person_times"]["value"] == 5
    assert items["checkin.persons"]["value"] == 3
    for code in ("checkin.person_times", "checkin.persons"):
        response = client.client.get(
            items[code]["evidence_url"], HTTP_AUTHORIZATION=f"Bearer {client.token}"
        )
        assert response.status_code == 200, response.content
        assert response.json()["count"] == 5
        assert "13700000001" not in response.content.decode()
