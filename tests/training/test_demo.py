"""The demo step writes courses, sessions, enrolments, check-ins and certificates."""

from __future__ import annotations

import io

import pytest

from kesu.demo.services import demo_generate
from kesu.training.models import Certificate, Course, Enrolment, Session

pytestmark = pytest.mark.django_db(transaction=True)


def test_small_demo_has_training():
    result = demo_generate(scale="small", seed=7, stdout=io.StringIO())
    assert result.counts["training_courses"] == Course.objects.count() > 0
    assert Course.objects.filter(is_teacher_training=True).exists()
    assert Session.objects.filter(activity__kind="training").count() == Session.objects.count()
    assert Enrolment.objects.exists() and Certificate.objects.exists()
