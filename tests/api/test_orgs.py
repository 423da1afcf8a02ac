"""/api/v1/orgs: tree visibility, flat list, create, update and subtree moves."""

from __future__ import annotations

import pytest

from kesu.audit.models import AuditEntry
from kesu.orgs.models import Organization
from tests.api.conftest import error

pytestmark = pytest.mark.django_db


def codes(nodes: list[dict]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        out |= {node["code"]} | codes(node["children"])
    return out


def test_tree_is_nested_and_scoped(api_as, tree):
    body = api_as("admin_a").get("/api/v1/orgs").json()
    assert [n["code"] for n in body] == ["HZ-A"]
    assert body[0]["children"][0]["code"] == "HZ-A-1"
    assert body[0]["children"][0]["children"][0]["code"] == "HZ-A-1-01"
    assert codes(body) == {"HZ-A", "HZ-A-1", "HZ-A-1-01"}


def test_outsider_cannot_see_other_district(api_as, tree):
    client = api_as("admin_b")
    assert codes(client.get("/api/v1/orgs").json()) == {"HZ-B", "HZ-B-01"}
    flat = client.get("/api/v1/orgs", flat="true", q="HZ-A").json()
    assert flat["count"] == 0 and flat["items"] == []
    missing = client.get("/api/v1/orgs/NO-SUCH")
    for code in ("HZ-A", "HZ-A-1", "HZ"):
        response = client.get(f"/api/v1/orgs/{code}")
        assert response.status_code == 404
        assert response.json() == missing.json()
    assert client.get("/api/v1/orgs", root="HZ-A").status_code == 404


def test_superuser_sees_whole_tree(api_as, tree):
    body = api_as("root").get("/api/v1/orgs").json()
    assert codes(body) == {"HZ", "HZ-A", "HZ-A-1", "HZ-A-1-01", "HZ-B", "HZ-B-01"}


def test_tree_from_root_with_depth(api_as, tree):
    body = api_as("city_admin").get("/api/v1/orgs", root="HZ-A", depth=1).json()
    assert codes(body) == {"HZ-A", "HZ-A-1"}


def test_flat_list_filters_and_pagination(api_as, tree):
    client = api_as("city_admin")
    page1 = client.get("/api/v1/orgs", flat="true", page_size=4).json()
    assert page1["count"] == 6 and page1["page"] == 1 and page1["page_size"] == 4
    page2 = client.get("/api/v1/orgs", flat="true", page_size=4, page=2).json()
    seen = [o["code"] for o in page1["items"] + page2["items"]]
    assert len(seen) == len(set(seen)) == 6
    districts = client.get("/api/v1/orgs", flat="true", level="district").json()
    assert {o["code"] for o in districts["items"]} == {"HZ-A", "HZ-B"}
    item = districts["items"][0]
    assert item["parent"] == "HZ" and item["level_label"] == "区/县"
    assert "id" not in item


def test_page_size_over_limit_is_chinese_validation_error(api_as, tree):
    response = api_as("admin_a").get("/api/v1/orgs", flat="true", page_size=501)
    assert response.status_code == 422
    err = error(response)
    assert err["code"] == "validation_error"
    assert err["fields"] == {"page_size": "不能大于500"}
    assert "每页条数" in err["message"]


def test_create_under_own_subtree(api_as, tree):
    response = api_as("admin_a").post(
        "/api/v1/orgs",
        {"code": "HZ-A-2", "name": "灵隐街道总工会", "level": "乡镇/街道", "parent": "HZ-A"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["level"] == "township"
    assert Organization.objects.get(code="HZ-A-2").path == "/HZ/HZ-A/HZ-A-2/"


def test_create_outside_subtree_is_404(api_as, tree):
    client = api_as("admin_a")
    response = client.post(
        "/api/v1/orgs", {"code": "HZ-B-02", "name": "越权", "level": "grassroots", "parent": "HZ-B"}
    )
    assert response.status_code == 404
    assert error(response)["code"] == "not_found"
    assert not Organization.objects.filter(code="HZ-B-02").exists()


def test_create_root_needs_superuser(api_as, tree):
    body = {"code": "NB", "name": "宁波市总工会", "level": "city"}
    response = api_as("city_admin").post("/api/v1/orgs", body)
    assert response.status_code == 403
    assert "平台管理员" in error(response)["message"]
    assert api_as("root").post("/api/v1/orgs", body).status_code == 201


def test_create_validation_errors_name_the_field(api_as, tree):
    client = api_as("admin_a")
    dup = client.post(
        "/api/v1/orgs", {"code": "HZ-A-1", "name": "重复", "level": "township", "parent": "HZ-A"}
    )
    assert dup.status_code == 400
    assert error(dup)["fields"] == {"code": "编码“HZ-A-1”已被使用"}
    bad_level = client.post(
        "/api/v1/orgs", {"code": "HZ-A-3", "name": "x", "level": "省", "parent": "HZ-A"}
    )
    assert error(bad_level)["fields"].keys() == {"level"}
    assert "层级" in error(bad_level)["message"]
    missing = client.post("/api/v1/orgs", {"code": "HZ-A-3", "parent": "HZ-A"})
    assert missing.status_code == 422
    assert error(missing)["fields"] == {"name": "此项为必填项", "level": "此项为必填项"}
    unknown = client.post(
        "/api/v1/orgs",
        {"code": "HZ-A-3", "name": "x", "level": "township", "parent": "HZ-A", "path": "/x/"},
    )
    assert error(unknown)["fields"] == {"path": "不支持该字段"}


def test_patch_fields(api_as, tree):
    response = api_as("admin_a").patch(
        "/api/v1/orgs/HZ-A-1", {"name": "北山街道", "is_active": False}
    )
    assert response.status_code == 200
    org = Organization.objects.get(code="HZ-A-1")
    assert (org.name, org.is_active) == ("北山街道", False)
    assert AuditEntry.objects.filter(action="org.update", target_id="HZ-A-1").exists()


def test_move_within_subtree(api_as, tree):
    client = api_as("admin_a")
    client.post(
        "/api/v1/orgs",
        {"code": "HZ-A-2", "name": "灵隐街道", "level": "township", "parent": "HZ-A"},
    )
    response = client.patch("/api/v1/orgs/HZ-A-1", {"parent": "HZ-A-2"})
    assert response.status_code == 200, response.content
    assert response.json()["parent"] == "HZ-A-2"
    assert Organization.objects.get(code="HZ-A-1-01").path == "/HZ/HZ-A/HZ-A-2/HZ-A-1/HZ-A-1-01/"


def test_move_outside_subtree_is_404_and_changes_nothing(api_as, tree):
    before = list(Organization.objects.values_list("code", "name", "path", "parent_id", "depth"))
    client = api_as("admin_a")
    audits = AuditEntry.objects.count()
    missing = client.patch("/api/v1/orgs/HZ-A-1", {"parent": "NO-SUCH", "name": "改名"})
    response = client.patch("/api/v1/orgs/HZ-A-1", {"parent": "HZ-B", "name": "改名"})
    assert response.status_code == 404
    assert response.json() == missing.json()
    after = list(Organization.objects.values_list("code", "name", "path", "parent_id", "depth"))
    assert after == before
    assert AuditEntry.objects.count() == audits


def test_failed_move_rolls_back_field_edits(api_as, tree):
    # Moving an org under its own descendant fails after the name was already updated.
    response = api_as("admin_a").patch(
        "/api/v1/orgs/HZ-A-1", {"name": "改名", "parent": "HZ-A-1-01"}
    )
    assert response.status_code == 400
    assert error(response)["fields"].keys() == {"parent"}
    assert Organization.objects.get(code="HZ-A-1").name == "北山街道总工会"


def test_move_own_org_refused(api_as, tree):
    response = api_as("admin_a").patch("/api/v1/orgs/HZ-A", {"parent": "HZ-A-1"})
    assert response.status_code == 400


def test_parent_null_is_validation_error(api_as, tree):
    response = api_as("admin_a").patch("/api/v1/orgs/HZ-A-1", {"parent": None})
    assert response.status_code == 400
    assert error(response)["fields"] == {"parent": "上级组织不能为空"}
