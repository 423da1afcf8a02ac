"""Training entries in the member's archive."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kesu.training import enrolling
from kesu.training.archive import archive_entries
from kesu.training.certificates import certificate_for
from kesu.training.models import Enrolment
from tests.training.conftest import attend

pytestmark = pytest.mark.django_db


def test_archive_entries(users, members, course, sessions):
    enrolling.enrol_members(actor=users.staff_a, course=course, members=[members.in_a])
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, members.in_a)
    cert = certificate_for(Enrolment.objects.get())
    entries = archive_entries(members.in_a)
    kinds = [e.kind for e in entries]
    assert sorted(kinds) == ["certificate", "training"]
    training = next(e for e in entries if e.kind == "training")
    assert training.figures["学时"] == "5.5" and training.figures["结业"] == "已结业"
    assert course.title in training.title
    certificate = next(e for e in entries if e.kind == "certificate")
    assert certificate.figures["证书编号"] == cert.code
    later = timezone.localdate()
    assert archive_entries(members.in_a, date_from=later) == []
    assert archive_entries(members.in_b) == []
