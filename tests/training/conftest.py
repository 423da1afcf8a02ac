"""Training fixtures: a course of HZ-A with three past sessions (2 + 2 + 1.5 hours)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kesu.activities.models import Attendance
from kesu.training import services
from kesu.training.models import Course, Session
from tests.api.conftest import api_as  # noqa: F401 (the API tests use it)


def at(days_ago: int, hour: int = 14) -> dt.datetime:
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def add_session(user, course: Course, days_ago: int, hours: str = "2", span: float = 2) -> Session:
    start = at(days_ago)
    return services.session_create(
        actor=user,
        course=course,
        data={
            "start": start,
            "end": start + dt.timedelta(hours=span),
            "hours": hours,
            "place": "职工之家",
        },
    )


def attend(session: Session, member) -> Attendance:
    return Attendance.objects.create(activity=session.activity, member=member, source="staff")


@pytest.fixture
def course(users, tree):
    return services.course_create(
        actor=users.staff_a,
        org=tree.a,
        data={
            "title": "安全生产知识培训",
            "planned_hours": "6",
            "topics": "safety",
            "capacity": "",
            "pass_percent": "80",
            "self_enrol": True,
        },
    )


@pytest.fixture
def sessions(users, course):
    return SimpleNamespace(
        s1=add_session(users.staff_a, course, 30),
        s2=add_session(users.staff_a, course, 20),
        s3=add_session(users.staff_a, course, 10, hours="1.5"),
    )


@pytest.fixture
def linked_member(users, members):
    """member_a's login is linked to 张三 (HZ-A-1-01) on the roster."""
    users.member_a.member = members.in_a
    users.member_a.save(update_fields=["member"])
    return members.in_a


TOTAL = Decimal("5.5")
