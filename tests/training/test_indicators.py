"""training.* indicators: subtree of the course organiser, session dates, completion dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kesu.indicators.registry import Scope, get
from kesu.training import enrolling, services
from tests.training.conftest import add_session, attend

pytestmark = pytest.mark.django_db


def values(org, start, end) -> dict[str, object]:
    codes = [
        "courses",
        "sessions",
        "trainees",
        "person_times",
        "hours",
        "completions",
        "teachers_trained",
    ]
    scope = Scope(org=org, start=start, end=end)
    return {c: get(f"training.{c}").value(scope) for c in codes}


def test_training_indicators(users, members, tree, course, sessions):
    teacher = services.course_create(
        actor=users.staff_a,
        org=tree.a1,
        data={"title": "科普宣讲员培训", "planned_hours": "2", "is_teacher_training": True},
    )
    t1 = add_session(users.staff_a, teacher, 5)
    enrolling.enrol_members(
        actor=users.staff_a, course=course, members=[members.in_a, members.in_a2]
    )
    enrolling.enrol_members(actor=users.staff_a, course=teacher, members=[members.in_a])
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, members.in_a)
    attend(sessions.s1, members.in_a2)
    attend(t1, members.in_a)
    today = timezone.localdate()
    start = today - dt.timedelta(days=60)
    v = values(tree.city, start, today)
    assert v == {
        "courses": 2,
        "sessions": 4,
        "trainees": 2,
        "person_times": 5,
        "hours": Decimal("9.5"),
        "completions": 2,
        "teachers_trained": 1,
    }
    # Other subtree: nothing.
    assert set(values(tree.b, start, today).values()) == {0}
    # Only the last 15 days: session 3 (10 days ago) and the teacher session (5 days ago).
    v = values(tree.a, today - dt.timedelta(days=15), today)
    assert (v["sessions"], v["person_times"], v["hours"]) == (2, 2, Decimal("3.5"))
    # Both completions happened in that window (on sessions 3 and t1).
    assert v["completions"] == 2 and v["teachers_trained"] == 1
    # Before session 3, 张三 had not completed the course yet.
    v = values(tree.a, start, today - dt.timedelta(days=11))
    assert v["completions"] == 0 and v["courses"] == 1
    # Evidence: the records behind the figure.
    scope = Scope(org=tree.a, start=start, end=today)
    assert get("training.completions").records(scope).count() == 2
    assert get("training.hours").unit == "学时"


def test_training_sessions_count_as_training_activities(users, tree, course, sessions):
    scope = Scope(
        org=tree.a, start=timezone.localdate() - dt.timedelta(days=60), end=timezone.localdate()
    )
    assert get("activities.count").records(scope).filter(kind="training").count() == 3


def test_indicator_evidence_api(api_as, users, members, tree, course, sessions):
    enrolling.enrol_members(actor=users.staff_a, course=course, members=[members.in_a])
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, members.in_a)
    client = api_as("admin_a")
    today = timezone.localdate()
    params = {
        "org": "HZ-A",
        "from": (today - dt.timedelta(days=60)).isoformat(),
        "to": today.isoformat(),
    }
    counts = {}
    for code in ("courses", "sessions", "person_times", "completions", "hours", "trainees"):
        r = client.get(f"/api/v1/indicators/training.{code}/evidence", **params)
        assert r.status_code == 200, r.content
        counts[code] = r.json()["count"]
    assert counts == {
        "courses": 1,
        "sessions": 3,
        "person_times": 3,
        "completions": 1,
        "hours": 3,
        "trainees": 3,
    }
    r = api_as("admin_b").get("/api/v1/indicators/training.courses/evidence", **params)
    assert r.status_code == 404
