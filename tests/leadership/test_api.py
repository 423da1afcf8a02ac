"""/api/v1/leading-groups, work-areas, meetings, teams…: shapes, errors, scope, roles."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from kesu.leadership.models import GroupMember
from tests.api.conftest import error


def test_leading_group_shape_and_filters(work, api_as):
    body = api_as("admin_a").get("/api/v1/leading-groups", year=2026).json()
    assert body["count"] == 1
    group = body["items"][0]
    assert group["org"] == "HZ-A" and group["office_section"] == "宣教部"
    assert [(m["role"], m["role_name"], m["name"]) for m in group["members"]][:2] == [
        ("leader", "组长", "王建国"),
        ("deputy", "副组长", "李丽华"),
    ]
    assert api_as("admin_a").get("/api/v1/leading-groups", year=2025).json()["count"] == 0


def test_create_update_and_children(work, api_as, users):
    client = api_as("admin_a")
    response = client.post(
        "/api/v1/work-areas",
        {
            "org": "HZ-A-1",
            "year": 2026,
            "area": "training",
            "leader_in_charge": "李丽华",
            "lead_section": "经济技术部",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["area_name"] == "教育培训"
    pk = response.json()["id"]
    response = client.patch(f"/api/v1/work-areas/{pk}", {"responsible_staff": "钱多"})
    assert response.json()["responsible_staff"] == "钱多"
    response = client.post(
        f"/api/v1/leading-groups/{work.group.pk}/group-members",
        {"role": "member", "name": "周敏", "user": users.staff_a.pk},
    )
    assert response.status_code == 201 and response.json()["user"] == users.staff_a.pk
    rows = client.get(f"/api/v1/leading-groups/{work.group.pk}/group-members").json()
    assert rows["count"] == GroupMember.objects.filter(group=work.group).count() == 5
    response = client.post(
        f"/api/v1/teams/{work.team.pk}/volunteers", {"name": "外聘专家", "phone": "13900001111"}
    )
    assert response.json()["phone"] == "13900001111"  # an admin sees personal data
    body = api_as("viewer_a").get(f"/api/v1/volunteers/{response.json()['id']}").json()
    assert body["phone"] == "139****1111"


def test_errors_in_the_common_shape(work, api_as):
    client = api_as("admin_a")
    response = client.post("/api/v1/meetings", {"org": "HZ-A", "mode": "held"})
    assert response.status_code == 400
    err = error(response)
    assert err["code"] == "validation_error" and "held_on" in err["fields"]
    assert "日期" in err["message"]
    response = client.post("/api/v1/meetings", {"mode": "held"})
    assert error(response)["fields"] == {"org": "此项为必填项"}
    response = client.post(
        "/api/v1/budgets", {"org": "HZ-A", "year": 2026, "area": "publicity", "amount": "12.345"}
    )
    assert response.status_code == 422


def test_other_subtrees_answer_404(work, api_as):
    client = api_as("admin_b")
    for url in (
        f"/api/v1/leading-groups/{work.group.pk}",
        f"/api/v1/teams/{work.team.pk}",
        f"/api/v1/meetings/{work.held.pk}",
        f"/api/v1/volunteers/{work.outside.pk}",
        f"/api/v1/teams/{work.team.pk}/volunteers",
    ):
        assert client.get(url).status_code == 404, url
    assert client.patch(f"/api/v1/teams/{work.team.pk}", {"name": "x"}).status_code == 404
    assert client.delete(f"/api/v1/meetings/{work.held.pk}").status_code == 404
    assert (
        client.post("/api/v1/teams", {"org": "HZ-A", "kind": "volunteers", "name": "x"}).status_code
        == 404
    )
    assert [t["name"] for t in client.get("/api/v1/teams").json()["items"]] == ["滨江志愿队"]


def test_viewer_reads_but_cannot_write(work, api_as):
    client = api_as("viewer_a")
    assert client.get(f"/api/v1/teams/{work.team.pk}").status_code == 200
    response = client.patch(f"/api/v1/teams/{work.team.pk}", {"name": "x"})
    assert response.status_code == 403 and error(response)["code"] == "forbidden"


def test_minutes_upload(work, api_as):
    api = api_as("admin_a")
    url = f"/api/v1/meetings/{work.held.pk}/minutes"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api.token}"}
    empty = SimpleUploadedFile("纪要.pdf", b"", content_type="application/pdf")
    response = api.client.post(url, {"file": empty}, **auth)
    assert response.status_code == 400 and error(response)["fields"] == {"file": "文件为空"}
    pdf = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = api.client.post(url, {"file": pdf}, **auth)
    assert response.status_code == 200 and response.json()["minutes_name"] == "纪要.pdf"
