"""/api/v1/activities/{id}/attendance: scoped, paginated, masked; staff additions."""

from __future__ import annotations

from kesu.activities.models import Attendance
from kesu.checkin import services
from tests.api.conftest import error


def _url(activity):
    return f"/api/v1/activities/{activity.pk}/attendance"


def test_list_is_masked_with_counts(api_as, activity, members):
    services.checkin_by_phone(activity=activity, session=0, name="张三", phone="13800001234")
    services.checkin_by_phone(activity=activity, session=0, name="来宾", phone="13700000001")
    response = api_as("viewer_a").get(_url(activity), page_size=1)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert body["person_times"] == 2 and body["persons"] == 2
    item = body["items"][0]
    assert item["name"] == "张三" and item["phone_masked"] == "138****1234"
    assert not item["is_guest"]
    second = api_as("viewer_a").get(_url(activity), page=2, page_size=1).json()["items"][0]
    assert second["is_guest"] and second["phone_masked"] == "137****0001"
    assert "13700000001" not in str(second)


def test_list_out_of_scope_is_404(api_as, activity):
    assert api_as("admin_b").get(_url(activity)).status_code == 404
    assert api_as("member_a").get(_url(activity)).status_code == 403


def test_add_members(api_as, activity, members):
    client = api_as("staff_a")
    response = client.post(_url(activity), {"member_ids": [members.in_a.pk, members.in_a2.pk]})
    assert response.status_code == 200, response.content
    assert response.json() == {"added": 2, "already": 0}
    assert client.post(_url(activity), {"member_ids": [members.in_a.pk]}).json() == {
        "added": 0,
        "already": 1,
    }
    assert Attendance.objects.filter(activity=activity).count() == 2


def test_add_members_refusals(api_as, activity, members):
    assert (
        api_as("viewer_a").post(_url(activity), {"member_ids": [members.in_a.pk]}).status_code
        == 403
    )
    assert (
        api_as("admin_b").post(_url(activity), {"member_ids": [members.in_b.pk]}).status_code == 404
    )
    outside = api_as("staff_a").post(_url(activity), {"member_ids": [members.in_b.pk]})
    assert outside.status_code == 404
    bad_session = api_as("staff_a").post(
        _url(activity), {"member_ids": [members.in_a.pk], "session": 5}
    )
    assert bad_session.status_code == 400
    assert "场次" in error(bad_session)["message"]
    assert api_as("staff_a").post(_url(activity), {"member_ids": []}).status_code == 422
    assert not Attendance.objects.exists()
