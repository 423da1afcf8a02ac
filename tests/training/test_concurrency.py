"""Self-enrolment under concurrency: the locked course row means no overbooking."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from kesu.training import enrolling
from kesu.training.models import Enrolment
from kesu.training.validation import TrainingError
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_last_place_goes_to_one_member_only(users, tree, course):
    course.capacity = 3
    course.save()
    logins = []
    for i in range(8):
        member = make_member(tree.a1g, name=f"并发{i}")
        logins.append(make_user(f"m{i}", tree.a1g, "member", member=member))
    # SQLite's shared in-memory test database refuses concurrent writers outright (a table
    # lock, not a wait), so there the members come one after another; PostgreSQL races them.
    serial = connection.vendor == "sqlite"
    barrier = threading.Barrier(1 if serial else len(logins))
    outcomes: list[str] = []

    def enrol(user):
        try:
            barrier.wait()
            enrolling.enrol_self(user=user, course=course)
            outcomes.append("ok")
        except TrainingError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enrol, args=(u,)) for u in logins]
    for t in threads:
        t.start()
        if serial:
            t.join()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 3
    assert Enrolment.objects.filter(course=course).count() == 3
    assert all(o == "报名人数已满（名额3人）" for o in outcomes if o != "ok")
