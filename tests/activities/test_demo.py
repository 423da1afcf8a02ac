"""The activities demo step runs in the small demo, deterministically."""

from __future__ import annotations

import io

import pytest

from kesu.activities.models import Activity, Attendance
from kesu.demo.services import demo_generate

pytestmark = pytest.mark.django_db


def test_small_demo_has_activities_and_checkins():
    result = demo_generate(scale="small", seed=7, stdout=io.StringIO())
    # training sessions are activities too (kind 培训), written by the training step
    own = Activity.objects.filter(training_session__isnull=True)
    assert result.counts["activities"] == own.count() == 100
    own_attendance = Attendance.objects.filter(activity__training_session__isnull=True)
    assert result.counts["attendances"] == own_attendance.count() > 0
    assert (
        Activity.objects.filter(title__contains="世界气象日").exists()
        or Activity.objects.filter(kind="campaign").exists()
    )
    assert all(a.end >= a.start for a in Activity.objects.all())
    fingerprint = list(Activity.objects.order_by("pk").values_list("title", "org__code", "start"))
    assert len({f[1] for f in fingerprint}) > 5
