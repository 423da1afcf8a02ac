"""/api/v1/activities: shapes, filters, errors in the common shape, scope and roles."""

from __future__ import annotations

import pytest

from kesu.activities.models import Activity
from kesu.audit.models import AuditEntry
from tests.activities.conftest import check_in, make_activity
from tests.api.conftest import error

pytestmark = pytest.mark.django_db

NEW = {
    "org": "HZ-A-1-01",
    "title": "3·23世界气象日进校园",
    "kind": "campaign",
    "start": "2026-03-23T09:00",
    "end": "2026-03-23T11:00",
    "outreach": "school",
    "topics": ["disaster"],
    "target_groups": ["youth"],
    "co_orgs": ["HZ-A-1"],
    "partners": "市气象局",
    "materials_distributed": 500,
    "consultations": 30,
    "new_followers": 100,
    "spending": "1200.50",
}


def test_create_read_and_list(api_as, users, tree, members):
    api = api_as("staff_a")
    response = api.post("/api/v1/activities", NEW)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["org"] == "HZ-A-1-01" and body["co_orgs"] == ["HZ-A-1"]
    assert body["topics"] == ["disaster"] and body["target_groups"] == ["youth"]
    assert body["materials_distributed"] == 500 and body["spending"] == "1200.50"
    assert body["person_times"] is None and body["checkin_person_times"] == 0
    assert body["checkin_persons"] == 0 and body["person_times_warning"] == ""
    activity = Activity.objects.get(pk=body["id"])
    check_in(activity, members.in_a, members.in_a2)
    check_in(activity, members.in_a, session=1)
    detail = api.get(f"/api/v1/activities/{activity.pk}").json()
    assert (detail["checkin_person_times"], detail["checkin_persons"]) == (3, 2)
    listed = api.get("/api/v1/activities", kind="campaign", topic="disaster").json()
    assert listed["count"] == 1 and listed["items"][0]["checkin_person_times"] == 3
    assert api.get("/api/v1/activities", kind="lecture").json()["count"] == 0
    assert api.get("/api/v1/activities", date_from="2026-04-01").json()["count"] == 0


def test_validation_errors_name_the_field_in_chinese(api_as, tree):
    api = api_as("staff_a")
    response = api.post(
        "/api/v1/activities", {**NEW, "end": "2026-03-22T09:00", "consultations": -3}
    )
    assert response.status_code == 400
    err = error(response)
    assert err["code"] == "validation_error"
    assert err["fields"]["end"] == "结束时间不能早于开始时间"
    assert err["fields"]["consultations"] == "不能为负数"
    assert "结束时间" in err["message"] and "接受咨询" in err["message"]
    response = api.post("/api/v1/activities", {**NEW, "kind": "party"})
    assert "kind" in error(response)["fields"]
    response = api.post("/api/v1/activities", {**NEW, "colour": "red"})
    assert response.status_code == 422 and "colour" in error(response)["fields"]
    assert not Activity.objects.exists()


def test_unknown_or_outside_orgs_are_404_naming_the_field(api_as, tree):
    api = api_as("staff_a")
    for payload, field in [
        ({**NEW, "org": "HZ-B-01"}, "org"),
        ({**NEW, "org": "NOPE"}, "org"),
        ({**NEW, "co_orgs": ["HZ-B"]}, "co_orgs"),
    ]:
        response = api.post("/api/v1/activities", payload)
        assert response.status_code == 404
        assert field in error(response)["fields"]
    assert not Activity.objects.exists()


def test_idor_and_roles(api_as, tree):
    in_b = make_activity(tree.bg)
    mine = make_activity(tree.a1g)
    api = api_as("admin_a")
    assert api.get("/api/v1/activities").json()["count"] == 1
    for response in (
        api.get(f"/api/v1/activities/{in_b.pk}"),
        api.patch(f"/api/v1/activities/{in_b.pk}", {"title": "改"}),
        api.post(f"/api/v1/activities/{in_b.pk}/copy"),
        api.get("/api/v1/activities/999999"),
    ):
        assert response.status_code == 404
        assert error(response)["code"] == "not_found"
    viewer = api_as("viewer_a")
    assert viewer.get(f"/api/v1/activities/{mine.pk}").status_code == 200
    assert viewer.post("/api/v1/activities", NEW).status_code == 403
    assert viewer.patch(f"/api/v1/activities/{mine.pk}", {"title": "改"}).status_code == 403
    assert viewer.post(f"/api/v1/activities/{mine.pk}/copy").status_code == 403
    assert api_as("member_a").get("/api/v1/activities").status_code == 403
    in_b.refresh_from_db()
    assert in_b.title == "科普讲座" and Activity.objects.count() == 2


def test_patch_and_copy(api_as, tree):
    activity = make_activity(tree.a1g, title="2026年科普日活动", person_times=10)
    api = api_as("staff_a")
    response = api.patch(
        f"/api/v1/activities/{activity.pk}", {"person_times": 80, "co_orgs": ["HZ-A"]}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["person_times"] == 80 and response.json()["co_orgs"] == ["HZ-A"]
    assert AuditEntry.objects.filter(action="activity.update").count() == 1
    response = api.patch(f"/api/v1/activities/{activity.pk}", {"spending": "-1"})
    assert response.status_code == 400 and "spending" in error(response)["fields"]
    response = api.post(f"/api/v1/activities/{activity.pk}/copy")
    assert response.status_code == 201
    copy = response.json()
    assert copy["copied_from"] == activity.pk and copy["title"] == "2027年科普日活动"
    assert copy["person_times"] is None and copy["start"].startswith("2027-03-23")
