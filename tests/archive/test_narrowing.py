"""Verdicts narrowed in SQL (kesu.archive.narrowing) give exactly the verdicts of evaluating
every member: hours, activities, achievements and the assessment, inherited and overridden
rules, thresholds above and below the lowest, inactive members, other subtrees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from kesu.achievements import services as achievement_services
from kesu.achievements.choices import ReviewStatus
from kesu.activities.models import Attendance
from kesu.archive import narrowing, rules, services
from kesu.assessment.models import LiteracyAssessment
from kesu.members.choices import MemberStatus
from kesu.quiz.models import Paper
from kesu.training import services as training_services
from tests.archive.conftest import YEAR, at, make_activity
from tests.assessment.conftest import attempt, national  # noqa: F401 (fixture)
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _session(user, course, day: dt.date, hours: str):
    start = at(day, 14)
    return training_services.session_create(
        actor=user,
        course=course,
        data={
            "start": start,
            "end": start + dt.timedelta(hours=4),
            "hours": hours,
            "place": "职工之家",
        },
    )


@pytest.fixture
def year_of(users, tree, national):  # noqa: F811 (fixture)
    """Members of every subtree with this year's hours, activities, achievements and
    assessments in all combinations around the thresholds below."""
    m = SimpleNamespace(
        **{
            name: make_member(org, name=name)
            for name, org in (
                ("h4_t", tree.a1g),
                ("h2_t", tree.a1g),
                ("h4", tree.a1g),
                ("old_h_t", tree.a1g),
                ("h4_late_t", tree.a1g),
                ("h4_gone", tree.a1g),
                ("act_ach_t", tree.a),
                ("act_t", tree.a),
                ("act2_ach2_t", tree.a),
                ("b_t", tree.bg),
                ("b_old_t", tree.bg),
                ("b_none", tree.bg),
                ("city_h4_t", tree.city),
            )
        }
    )
    m.h4_gone.status = MemberStatus.WITHDRAWN
    m.h4_gone.save(update_fields=["status"])
    course = training_services.course_create(
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
    s1 = _session(users.staff_a, course, dt.date(YEAR, 3, 2), "2")
    s2 = _session(users.staff_a, course, dt.date(YEAR, 4, 6), "2")
    old = _session(users.staff_a, course, dt.date(YEAR - 1, 5, 4), "4")
    for session, who in (
        (s1, ["h4_t", "h2_t", "h4", "h4_late_t", "h4_gone", "city_h4_t"]),
        (s2, ["h4_t", "h4", "h4_late_t", "h4_gone", "city_h4_t"]),
        (old, ["old_h_t"]),
    ):
        for name in who:
            Attendance.objects.create(
                activity=session.activity, member=getattr(m, name), source="staff"
            )
    lecture = make_activity(tree.a, "科普讲座", dt.date(YEAR, 2, 10))
    fair = make_activity(tree.a, "科普市集", dt.date(YEAR, 9, 20))
    last_year = make_activity(tree.a, "去年讲座", dt.date(YEAR - 1, 9, 20))
    for activity, who in (
        (lecture, ["act_ach_t", "act_t", "act2_ach2_t", "h4"]),
        (fair, ["act2_ach2_t"]),
        (last_year, ["act_t"]),
    ):
        for name in who:
            Attendance.objects.create(activity=activity, member=getattr(m, name), source="staff")
    for title, day, who, verified in (
        ("合理化建议一", dt.date(YEAR, 1, 5), ["act_ach_t", "act2_ach2_t"], True),
        ("合理化建议二", dt.date(YEAR, 6, 5), ["act2_ach2_t", "act_t"], False),
        ("合理化建议三", dt.date(YEAR, 7, 5), ["act2_ach2_t"], True),
    ):
        achievement = achievement_services.achievement_create(
            actor=users.staff_a,
            data={
                "org": tree.a.code,
                "kind": "suggestion",
                "title": title,
                "achieved_on": day,
                "level": "enterprise",
                "members": [getattr(m, n).pk for n in who],
            },
        )
        if verified:
            achievement_services.achievement_review(
                actor=users.staff_a, achievement=achievement, decision=ReviewStatus.VERIFIED
            )
    paper = Paper.objects.create(org=tree.city, title="职工科学素质测评卷", purpose="assessment")
    LiteracyAssessment.objects.create(
        org=tree.city,
        title="职工科学素质测评",
        paper=paper,
        scheme=national,
        period_start=dt.date(YEAR, 1, 1),
        period_end=dt.date(YEAR, 12, 31),
    )
    for name in (
        "h4_t",
        "h2_t",
        "old_h_t",
        "h4_late_t",
        "h4_gone",
        "act_ach_t",
        "act_t",
        "act2_ach2_t",
        "b_t",
        "city_h4_t",
    ):
        attempt(paper, getattr(m, name), 50 if name == "b_t" else 80, day=dt.date(YEAR, 5, 1))
    attempt(paper, m.h4_late_t, 80, day=dt.date(YEAR + 1, 1, 3))  # latest: next year's
    attempt(paper, m.b_old_t, 80, day=dt.date(YEAR - 1, 5, 1))
    return m


def _rules(users, tree, **by_org):
    for org, data in by_org.items():
        services.rule_save(
            actor=users.city_admin, org=getattr(tree, org), data={"year": YEAR, **data}
        )


def _same_as_everyone(org) -> set[int]:
    full = {row["id"]: f for row, f in rules.evaluate(org, YEAR)}
    narrowed = list(rules.evaluate(org, YEAR, verdict_only=True))
    for row, f in narrowed:
        assert f.lacks == full[row["id"]].lacks, row
        assert f.rule == full[row["id"]].rule
    meeting = {mid for mid, f in full.items() if f.meets}
    assert {row["id"] for row, f in narrowed if f.meets} == meeting
    assert rules.meeting_count(org, YEAR) == len(meeting)
    assert {m.pk for m in rules.meeting_members(org, YEAR)} == meeting
    return meeting


def _names(year_of, ids: set[int]) -> set[str]:
    return {name for name, m in vars(year_of).items() if m.pk in ids}


def test_narrowed_verdicts_equal_evaluating_everyone(users, tree, year_of):
    _rules(
        users,
        tree,
        city={"min_hours": "4", "assessment_required": "on"},
        a={"min_activities": "1", "min_achievements": "1"},
        b={"assessment_required": "on"},
    )
    # the city's rule reaches HZ-A-1 only through HZ-A's own: HZ-A's applies there
    assert _names(year_of, _same_as_everyone(tree.city)) == {
        "act_ach_t",
        "act2_ach2_t",
        "b_t",
        "city_h4_t",
    }
    assert _names(year_of, _same_as_everyone(tree.a)) == {"act_ach_t", "act2_ach2_t"}
    assert _names(year_of, _same_as_everyone(tree.b)) == {"b_t"}


def test_hours_thresholds_above_the_lowest_and_the_latest_attempt(users, tree, year_of):
    _rules(
        users,
        tree,
        city={"min_hours": "2", "assessment_required": "on"},
        a1={"min_hours": "4", "assessment_required": "on"},
        a={"min_activities": "2", "min_achievements": "2"},
    )
    # HZ-A-1: 4 hours and an assessment this year (the next year's attempt is the latest one,
    # last year's hours do not count, the withdrawn member is not counted)
    assert _names(year_of, _same_as_everyone(tree.city)) == {"h4_t", "act2_ach2_t", "city_h4_t"}
    assert _names(year_of, _same_as_everyone(tree.a1g)) == {"h4_t"}
    lacks = {row["id"]: f.lacks for row, f in rules.evaluate(tree.a1g, YEAR, verdict_only=True)}
    assert lacks[year_of.h4_late_t.pk] == ["未参加科学素质测评"]
    assert year_of.h2_t.pk not in lacks and year_of.old_h_t.pk not in lacks  # not read at all


def test_narrowing_reads_one_year_of_each_kind(users, tree, year_of):
    hours = narrowing.hours_reaching(YEAR, Decimal("3"))  # the withdrawn one left out later
    assert set(hours) == {
        year_of.h4_t.pk,
        year_of.h4.pk,
        year_of.h4_late_t.pk,
        year_of.h4_gone.pk,
        year_of.city_h4_t.pk,
    }
    assert hours[year_of.h4.pk] == Decimal("4")
    assessed = narrowing.hours_reaching(YEAR, Decimal("3"), assessed=True)
    assert set(assessed) == {
        year_of.h4_t.pk,
        year_of.h4_late_t.pk,
        year_of.h4_gone.pk,
        year_of.city_h4_t.pk,
    }
    assert set(narrowing.activities_reaching(YEAR, 2)) == {year_of.act2_ach2_t.pk}
    assert set(narrowing.achievements_reaching(YEAR, 1)) == {
        year_of.act_ach_t.pk,
        year_of.act2_ach2_t.pk,
    }
    assert year_of.b_old_t.pk not in narrowing.assessed_in(YEAR)


def test_one_kind_asked_with_and_without_the_assessment(users, tree, year_of):
    _rules(
        users,
        tree,
        city={"min_hours": "4", "assessment_required": "on"},
        a1={"min_hours": "2"},
        b={"min_hours": "1", "min_activities": "1"},
    )
    assert _names(year_of, _same_as_everyone(tree.city)) == {
        "h4_t",
        "h2_t",
        "h4",
        "h4_late_t",
        "city_h4_t",
    }
    assert _same_as_everyone(tree.b) == set()


def test_rules_asking_for_nothing_count_everyone_under_them(users, tree, year_of):
    everyone_b = {"b_t", "b_old_t", "b_none"}
    _rules(
        users,
        tree,
        city={},
        a={"min_activities": "1", "min_achievements": "1"},
        a1={"min_hours": "4", "assessment_required": "on"},
    )
    assert _names(year_of, _same_as_everyone(tree.city)) == {
        "act_ach_t",
        "act2_ach2_t",
        "h4_t",
        "city_h4_t",
        *everyone_b,
    }
    assert _names(year_of, _same_as_everyone(tree.a)) == {"act_ach_t", "act2_ach2_t", "h4_t"}
    services.rule_save(actor=users.city_admin, org=tree.city, data={"year": YEAR, "min_hours": "2"})
    _rules(users, tree, b={}, a1={})
    # HZ-A-1's members all meet (the withdrawn one is not counted), HZ-B's too
    assert _names(year_of, _same_as_everyone(tree.city)) == {
        "h4_t",
        "h2_t",
        "h4",
        "old_h_t",
        "h4_late_t",
        "act_ach_t",
        "act2_ach2_t",
        "city_h4_t",
        *everyone_b,
    }
    assert _names(year_of, _same_as_everyone(tree.a1g)) == {
        "h4_t",
        "h2_t",
        "h4",
        "old_h_t",
        "h4_late_t",
    }


def test_no_assessment_held_nobody_meets_a_rule_asking_for_one(users, tree, story):
    _rules(
        users,
        tree,
        city={"min_activities": "1", "assessment_required": "on"},
        b={"assessment_required": "on"},
    )
    assert _same_as_everyone(tree.city) == set()
