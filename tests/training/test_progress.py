"""Hours and completion are computed from check-ins to the sessions' activities."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from kesu.quiz.models import Attempt, Paper
from kesu.training import enrolling, services
from kesu.training.progress import course_progress, member_hours
from tests.training.conftest import add_session, at, attend

pytestmark = pytest.mark.django_db


def test_hours_and_completion_follow_attendance(users, members, course, sessions):
    enrolling.enrol_members(
        actor=users.staff_a, course=course, members=[members.in_a, members.in_a2]
    )
    attend(sessions.s1, members.in_a)
    attend(sessions.s2, members.in_a)
    attend(sessions.s1, members.in_a2)
    rows = {e.member_id: p for e, p in course_progress(course)}
    zhang, li = rows[members.in_a.pk], rows[members.in_a2.pk]
    # 80% of 5.5 = 4.4 hours: 4.0 is not enough.
    assert zhang.hours == Decimal("4.0") and zhang.total_hours == Decimal("5.5")
    assert not zhang.completed and zhang.percent == 72
    assert li.hours == Decimal("2.0") and not li.completed
    attend(sessions.s3, members.in_a)
    zhang = {e.member_id: p for e, p in course_progress(course)}[members.in_a.pk]
    assert zhang.hours == Decimal("5.5") and zhang.completed
    assert zhang.completed_on == timezone.localtime(sessions.s3.start).date()


def test_completion_date_is_the_session_that_crossed_the_threshold(
    users, members, course, sessions
):
    course.pass_percent = 50
    course.save()
    enrolling.enrol_members(actor=users.staff_a, course=course, members=[members.in_a])
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, members.in_a)
    ((_, p),) = course_progress(course)
    assert p.completed_on == timezone.localtime(sessions.s2.start).date()


def test_guest_and_unenrolled_attendance_do_not_complete(users, members, course, sessions):
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, members.in_a)
    assert course_progress(course) == []  # not enrolled: no completion row
    # ... but the hours are still credited to the member for the year.
    year = timezone.localtime(sessions.s1.start).year
    assert member_hours([members.in_a.pk], year).get(members.in_a.pk, 0) > 0


def test_quiz_rule(users, members, tree, course, sessions):
    paper = Paper.objects.create(org=tree.a, title="安全生产结业测试")
    course.quiz_paper = paper
    course.save()
    enrolling.enrol_members(actor=users.staff_a, course=course, members=[members.in_a])
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, members.in_a)
    ((_, p),) = course_progress(course)
    assert p.quiz_required and not p.quiz_passed and not p.completed
    Attempt.objects.create(
        paper=paper,
        member=members.in_a,
        org=tree.a1g,
        passed=False,
        status="submitted",
        started_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    ((_, p),) = course_progress(course)
    assert not p.completed
    Attempt.objects.create(
        paper=paper,
        member=members.in_a,
        org=tree.a1g,
        passed=True,
        status="submitted",
        started_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    ((_, p),) = course_progress(course)
    assert p.completed and p.completed_on == timezone.localdate()


def test_member_hours_is_set_based(users, members, course, sessions, django_assert_num_queries):
    other = services.course_create(
        actor=users.staff_a, org=users.staff_a.org, data={"title": "健康讲堂", "planned_hours": "2"}
    )
    s = add_session(users.staff_a, other, 5, hours="1.5")
    attend(sessions.s1, members.in_a)
    attend(s, members.in_a)
    attend(sessions.s2, members.in_a2)
    year = timezone.localtime(sessions.s1.start).year
    ids = [members.in_a.pk, members.in_a2.pk, members.in_b.pk]
    with django_assert_num_queries(1):
        hours = member_hours(ids, year)
    expected = {members.in_a.pk: Decimal("2.0"), members.in_a2.pk: Decimal("2.0")}
    if timezone.localtime(s.start).year == year:
        expected[members.in_a.pk] += Decimal("1.5")
    assert hours == expected
    assert member_hours(ids, year - 5) == {}


def test_hours_belong_to_the_session_year(users, members, course):
    s = add_session(users.staff_a, course, 0)
    attend(s, members.in_a)
    year = timezone.localtime(at(0)).year
    assert member_hours([members.in_a.pk], year) == {members.in_a.pk: Decimal("2.0")}
    assert member_hours([members.in_a.pk], year + 1) == {}
