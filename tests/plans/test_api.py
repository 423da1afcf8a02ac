"""/api/v1/plans, /api/v1/targets, /api/v1/tasks: shapes, scope, roles, error shape."""

from __future__ import annotations

import pytest

from kesu.plans.models import Target
from tests.api.conftest import error
from tests.plans.conftest import make_activity

pytestmark = pytest.mark.django_db


def test_plans_create_and_list(api_as, tree):
    api = api_as("admin_a")
    r = api.post("/api/v1/plans", {"org": "HZ-A", "year": 2026})
    assert r.status_code == 201, r.json()
    assert r.json()["org"] == "HZ-A" and r.json()["year"] == 2026
    assert api.post("/api/v1/plans", {"org": "HZ-A", "year": 2026}).status_code == 200
    body = api.get("/api/v1/plans", year=2026).json()
    assert body["count"] == 1 and body["items"][0]["org_name"] == "西湖区总工会"


def test_targets_put_reads_back_actual_and_completion(api_as, tree):
    make_activity(tree.a1g, day="2025-05-01")
    api = api_as("admin_a")
    body = {"org": "HZ-A", "year": 2025, "indicator": "activities.count", "value": "4"}
    r = api.call("PUT", "/api/v1/targets", body)
    assert r.status_code == 200, r.json()
    out = r.json()
    assert out["actual"] == 1 and out["completion"] == "25.0" and out["light"] == "red"
    assert out["value"] == "4.00" and out["handed_down_by"] is None
    listed = api.get("/api/v1/targets", org="HZ-A", year=2025).json()
    assert listed["count"] == 1 and listed["items"][0]["indicator_name"] == "科普活动"


def test_targets_validation_error_shape(api_as, tree):
    body = {"org": "HZ-A", "year": 2026, "indicator": "nope", "value": "-1"}
    r = api_as("admin_a").call("PUT", "/api/v1/targets", body)
    assert r.status_code == 400
    err = error(r)
    assert err["code"] == "validation_error" and set(err["fields"]) == {"indicator", "value"}
    assert "指标" in err["message"]


def test_scope_outsider_404_and_viewer_403(api_as, tree):
    body = {"org": "HZ-A", "year": 2026, "indicator": "activities.count", "value": "4"}
    assert error(api_as("admin_b").call("PUT", "/api/v1/targets", body))["code"] == "not_found"
    r = api_as("admin_b").get("/api/v1/targets", org="HZ-A", year=2026)
    assert r.status_code == 404
    r = api_as("viewer_a").call("PUT", "/api/v1/targets", body)
    assert r.status_code == 403 and error(r)["code"] == "forbidden"
    assert api_as("viewer_a").get("/api/v1/targets", org="HZ-A", year=2026).status_code == 200
    assert not Target.objects.exists()


def test_hand_down(api_as, tree):
    api = api_as("admin_a")
    body = {"parent": "HZ-A", "year": 2026, "values": {"HZ-A-1": {"activities.count": 3}}}
    r = api.call("PUT", "/api/v1/targets/hand-down", body)
    assert r.status_code == 200, r.json()
    assert r.json()["items"][0]["handed_down_by"] == "HZ-A"
    body["values"] = {"HZ-B": {"activities.count": 3}}
    assert api.call("PUT", "/api/v1/targets/hand-down", body).status_code == 400


def test_tasks_crud_and_scope(api_as, tree, users):
    api = api_as("admin_a")
    body = {
        "org": "HZ-A",
        "year": 2026,
        "title": "讲座",
        "responsible": "staff_a",
        "deadline": "2020-01-31",
    }
    r = api.post("/api/v1/tasks", body)
    assert r.status_code == 201, r.json()
    task = r.json()
    assert task["overdue"] is True and task["status_name"] == "未开始"
    r = api.patch(f"/api/v1/tasks/{task['id']}", {"status": "done"})
    assert r.status_code == 200 and r.json()["overdue"] is False
    mine = api_as("staff_a").get("/api/v1/tasks", mine="true").json()
    assert [t["id"] for t in mine["items"]] == [task["id"]]
    assert (
        api_as("admin_b").patch(f"/api/v1/tasks/{task['id']}", {"status": "doing"}).status_code
        == 404
    )
    assert (
        api_as("viewer_a").patch(f"/api/v1/tasks/{task['id']}", {"status": "doing"}).status_code
        == 403
    )
    assert api_as("admin_b").get("/api/v1/tasks").json()["count"] == 0
    r = api.post("/api/v1/tasks", {**body, "responsible": "admin_b"})
    assert r.status_code == 400 and "responsible" in error(r)["fields"]
