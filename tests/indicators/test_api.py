"""/api/v1/indicators: shapes, evidence links, scope and Chinese errors."""

from __future__ import annotations

from tests.api.conftest import error

RANGE = {"from": "2026-01-01", "to": "2026-12-31"}


def _get(client, url, **params):
    return client.get(url, **{**RANGE, **params})


def test_values_shape(api_as, roster):
    response = _get(api_as("admin_a"), "/api/v1/indicators", org="HZ-A")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["org"], body["from"], body["to"]) == ("HZ-A", "2026-01-01", "2026-12-31")
    items = {item["code"]: item for item in body["items"]}
    assert set(items["members.count"]) == {"code", "name", "unit", "value", "evidence_url"}
    assert items["members.count"]["name"] == "会员人数"
    assert (items["members.count"]["value"], items["members.count"]["unit"]) == (5, "人")
    assert items["orgs.count"]["value"] == 3


def test_evidence_url_lists_the_counted_records(api_as, roster):
    client = api_as("admin_a")
    items = _get(client, "/api/v1/indicators", org="HZ-A").json()["items"]
    for item in items:
        response = client.client.get(
            item["evidence_url"], HTTP_AUTHORIZATION=f"Bearer {client.token}"
        )
        assert response.status_code == 200, response.content
        page = response.json()
        assert page["count"] == item["value"] == page["value"], item["code"]
        assert len(page["items"]) == page["count"]


def test_evidence_is_masked_and_paginated(api_as, roster):
    url = "/api/v1/indicators/members.count/evidence"
    page = _get(api_as("admin_a"), url, org="HZ-A", page=1, page_size=2).json()
    assert (page["count"], page["page"], page["page_size"]) == (5, 1, 2)
    assert len(page["items"]) == 2
    row = page["items"][0]
    assert "*" in row["id_number_masked"] and "id_number" not in row
    assert row["org"].startswith("HZ-A")


def test_code_filter(api_as, roster):
    body = _get(api_as("admin_a"), "/api/v1/indicators", org="HZ-A", code="orgs.count").json()
    assert [item["code"] for item in body["items"]] == ["orgs.count"]


def test_breakdown(api_as, roster):
    client = api_as("city_admin")
    body = _get(client, "/api/v1/indicators/members.count/breakdown", org="HZ", by="org").json()
    assert body["value"] == 7
    assert [(r["key"], r["value"]) for r in body["rows"]] == [("HZ", 0), ("HZ-A", 5), ("HZ-B", 2)]
    body = _get(client, "/api/v1/indicators/members.joined/breakdown", org="HZ", by="month").json()
    assert sum(r["value"] for r in body["rows"]) == body["value"] == 4
    response = _get(client, "/api/v1/indicators/orgs.count/breakdown", org="HZ", by="colour")
    assert response.status_code == 400
    assert error(response)["fields"] == {"by": "分组方式无效，可选：org、level"}


def test_from_after_to_is_a_chinese_validation_error(api_as, roster):
    client = api_as("admin_a")
    for url in (
        "/api/v1/indicators",
        "/api/v1/indicators/members.count/breakdown",
        "/api/v1/indicators/members.count/evidence",
    ):
        response = client.get(url, org="HZ-A", **{"from": "2026-12-31", "to": "2026-01-01"})
        assert response.status_code == 400, url
        err = error(response)
        assert err["code"] == "validation_error"
        assert err["message"] == "截止日期不能早于开始日期"
        assert set(err["fields"]) == {"to"}


def test_bad_or_missing_dates(api_as, tree):
    client = api_as("admin_a")
    response = client.get("/api/v1/indicators", org="HZ-A", **{"from": "2026-13-01"})
    err = error(response)
    assert err["code"] == "validation_error"
    assert err["fields"]["from"].startswith("日期")
    assert err["fields"]["to"] == "此项为必填项"
    assert "开始日期" in err["message"] and "截止日期" in err["message"]


def test_unknown_code_is_404(api_as, tree):
    client = api_as("admin_a")
    for url in (
        "/api/v1/indicators/nope.count/evidence",
        "/api/v1/indicators/nope.count/breakdown",
    ):
        response = _get(client, url, org="HZ-A")
        assert response.status_code == 404
        assert error(response)["code"] == "not_found"
    response = _get(client, "/api/v1/indicators", org="HZ-A", code="nope.count")
    assert response.status_code == 404


def test_other_subtree_is_404_like_a_missing_org(api_as, roster):
    client = api_as("admin_a")
    for url in (
        "/api/v1/indicators",
        "/api/v1/indicators/members.count/breakdown",
        "/api/v1/indicators/members.count/evidence",
    ):
        outside = _get(client, url, org="HZ-B")
        missing = _get(client, url, org="NOPE")
        assert outside.status_code == missing.status_code == 404
        assert error(outside) == error(missing)
    # The tree above one's own organisation is outside too.
    assert _get(client, "/api/v1/indicators", org="HZ").status_code == 404


def test_member_role_is_403(api_as, tree):
    response = _get(api_as("member_a"), "/api/v1/indicators", org="HZ-A-1-01")
    assert response.status_code == 403
    assert error(response)["code"] == "forbidden"


def test_anonymous_is_401(client, tree):
    response = client.get("/api/v1/indicators", {"org": "HZ", **RANGE})
    assert response.status_code == 401
