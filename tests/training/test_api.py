"""/api/v1/courses, /api/v1/sessions, /api/v1/enrolments: scope, roles, members' own."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.training.models import Course, Enrolment
from tests.api.conftest import error
from tests.training.conftest import at, attend

pytestmark = pytest.mark.django_db


def test_course_create_list_detail_and_scope(api_as, tree, course):
    staff = api_as("staff_a")
    r = staff.post(
        "/api/v1/courses",
        {
            "org": "HZ-A-1",
            "title": "宣讲员培训",
            "planned_hours": "4",
            "topics": ["tech", "健康生活"],
            "is_teacher_training": True,
            "capacity": 30,
        },
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["topics"] == ["tech", "health"] and body["topic_names"] == ["科技知识", "健康生活"]
    assert body["is_teacher_training"] and body["org"] == "HZ-A-1"
    r = staff.get("/api/v1/courses")
    assert r.json()["count"] == 2
    assert api_as("admin_b").get("/api/v1/courses").json()["count"] == 0
    assert api_as("admin_b").get(f"/api/v1/courses/{course.pk}").status_code == 404
    assert api_as("member_a").get("/api/v1/courses").status_code == 403


def test_course_bad_input_is_chinese(api_as):
    r = api_as("staff_a").post(
        "/api/v1/courses", {"org": "HZ-A", "title": "x", "planned_hours": "0", "pass_percent": 0}
    )
    assert r.status_code == 400
    e = error(r)
    assert e["fields"] == {"planned_hours": "必须大于0", "pass_percent": "应在1到100之间"}
    assert e["message"].startswith("计划学时：必须大于0")
    assert (
        api_as("staff_a")
        .post("/api/v1/courses", {"org": "HZ-B", "title": "x", "planned_hours": 1})
        .status_code
        == 404
    )
    assert (
        api_as("viewer_a")
        .post("/api/v1/courses", {"org": "HZ-A", "title": "x", "planned_hours": 1})
        .status_code
        == 403
    )
    assert not Course.objects.exists()


def test_sessions(api_as, course):
    staff = api_as("staff_a")
    start = at(2, 9)
    body = {
        "course": course.pk,
        "start": start.isoformat(),
        "end": (start + dt.timedelta(hours=1, minutes=30)).isoformat(),
        "hours": "3",
        "place": "礼堂",
    }
    r = staff.post("/api/v1/sessions", body)
    assert r.status_code == 400 and error(r)["fields"] == {"hours": "第1讲时长1.5小时，不能记3学时"}
    r = staff.post("/api/v1/sessions", {**body, "hours": "1.5"})
    assert r.status_code == 201
    session = r.json()
    assert session["number"] == 1 and session["activity"]
    assert staff.get(f"/api/v1/sessions?course={course.pk}").json()["count"] == 1
    assert api_as("admin_b").get(f"/api/v1/sessions/{session['id']}").status_code == 404
    assert api_as("admin_b").post("/api/v1/sessions", {**body, "hours": "1"}).status_code == 404
    assert api_as("viewer_a").post("/api/v1/sessions", {**body, "hours": "1"}).status_code == 403


def test_enrolments_staff_and_member_self(api_as, users, members, course, sessions, linked_member):
    staff = api_as("staff_a")
    r = staff.post("/api/v1/enrolments", {"course": course.pk, "member": members.in_a2.pk})
    assert r.status_code == 201 and r.json()["member_name"] == "李四"
    r = staff.post("/api/v1/enrolments", {"course": course.pk, "member": members.in_a2.pk})
    assert r.status_code == 400 and "不能重复报名" in error(r)["message"]
    assert (
        staff.post(
            "/api/v1/enrolments", {"course": course.pk, "member": members.in_b.pk}
        ).status_code
        == 404
    )
    assert (
        api_as("viewer_a")
        .post("/api/v1/enrolments", {"course": course.pk, "member": members.in_a.pk})
        .status_code
        == 403
    )
    member = api_as("member_a")
    r = member.post("/api/v1/enrolments", {"course": course.pk})
    assert r.status_code == 201, r.json()
    mine = r.json()
    assert (
        mine["member"] == linked_member.pk and mine["hours"] == "0.0" and mine["completed"] is False
    )
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, linked_member)
    r = member.get("/api/v1/enrolments")
    assert r.json()["count"] == 1
    item = r.json()["items"][0]
    assert item["hours"] == "5.5" and item["completed"] is True
    other = Enrolment.objects.get(member=members.in_a2)
    assert member.get(f"/api/v1/enrolments/{other.pk}").status_code == 404
    r = member.post("/api/v1/enrolments", {"course": course.pk, "member": members.in_a2.pk})
    assert r.status_code == 403
    assert staff.get("/api/v1/enrolments").json()["count"] == 2
    assert api_as("admin_b").get("/api/v1/enrolments").json()["count"] == 0


def test_enrolment_delete(api_as, users, members, course, linked_member):
    member = api_as("member_a")
    mine = member.post("/api/v1/enrolments", {"course": course.pk}).json()
    other = (
        api_as("staff_a")
        .post("/api/v1/enrolments", {"course": course.pk, "member": members.in_a2.pk})
        .json()
    )
    assert member.delete(f"/api/v1/enrolments/{other['id']}").status_code == 404
    assert api_as("viewer_a").delete(f"/api/v1/enrolments/{other['id']}").status_code == 403
    assert member.delete(f"/api/v1/enrolments/{mine['id']}").status_code == 204
    assert api_as("staff_a").delete(f"/api/v1/enrolments/{other['id']}").status_code == 204
    assert not Enrolment.objects.exists()
