"""/api/v1/campaigns and /api/v1/theme-days: shapes, scope, Chinese errors."""

from __future__ import annotations

import pytest

from kesu.activities.models import Campaign
from tests.activities_campaigns.conftest import make_activity, make_campaign
from tests.api.conftest import error

pytestmark = pytest.mark.django_db


def test_list_shape_and_scope(tree, users, api_as):
    city = make_campaign(tree.city, "市级")
    make_campaign(tree.b, "滨江区")
    body = api_as("admin_a").get("/api/v1/campaigns", year=2026).json()
    assert body["count"] == 1 and body["page"] == 1
    item = body["items"][0]
    assert item == {
        "id": city.pk,
        "org": "HZ",
        "org_name": "杭州市总工会",
        "name": "市级",
        "year": 2026,
        "start": "2026-09-19",
        "end": "2026-09-20",
        "theme_day": None,
        "theme_day_name": None,
        "description": "",
    }
    assert api_as("member_a").get("/api/v1/campaigns").status_code == 403


def test_create_manual_and_from_theme_day(tree, users, api_as, kepu_day):
    api = api_as("admin_a")
    r = api.post(
        "/api/v1/campaigns",
        {"org": "HZ-A", "name": "气象日", "year": 2026, "start": "2026-03-23", "end": "2026-03-23"},
    )
    assert r.status_code == 201 and r.json()["org"] == "HZ-A"
    r = api.post("/api/v1/campaigns", {"org": "HZ-A", "year": 2024, "theme_day": kepu_day.pk})
    assert r.status_code == 201
    assert (r.json()["name"], r.json()["start"], r.json()["end"]) == (
        "2024年全国科普日",
        "2024-09-21",
        "2024-09-22",
    )
    assert r.json()["theme_day_name"] == "全国科普日"


def test_create_errors_are_chinese(tree, users, api_as):
    api = api_as("admin_a")
    r = api.post(
        "/api/v1/campaigns",
        {"org": "HZ-A", "name": "x", "year": 2026, "start": "2026-03-23", "end": "2026-03-01"},
    )
    assert r.status_code == 400
    err = error(r)
    assert err["code"] == "validation_error"
    assert err["fields"] == {"end": "结束日期不能早于开始日期"}
    assert "结束日期" in err["message"]
    # The year's bounds are in the schema (and the OpenAPI document): refused before any rule.
    r = api.post(
        "/api/v1/campaigns",
        {"org": "HZ-A", "name": "x", "year": 1990, "start": "2026-03-23", "end": "2026-03-24"},
    )
    assert r.status_code == 422 and error(r)["fields"] == {"year": "不能小于2000"}
    r = api.post("/api/v1/campaigns", {"org": "HZ-A", "year": 2026, "theme_day": 99999})
    assert error(r)["fields"] == {"theme_day": "主题日不存在"}
    r = api.post(
        "/api/v1/campaigns",
        {"org": "HZ-B", "name": "x", "year": 2026, "start": "2026-03-23", "end": "2026-03-23"},
    )
    assert r.status_code == 404 and error(r)["code"] == "not_found"
    r = api.post("/api/v1/campaigns", {"org": "HZ-A", "year": "abc"})
    assert r.status_code == 422 and error(r)["fields"]["year"] == "应为整数"
    assert error(r)["message"].startswith("年度：应为整数")
    assert Campaign.objects.count() == 0


def test_detail_patch_and_idor(tree, users, api_as):
    mine = make_campaign(tree.a)
    city = make_campaign(tree.city)
    api = api_as("staff_a")
    assert api.get(f"/api/v1/campaigns/{city.pk}").status_code == 200
    r = api.patch(f"/api/v1/campaigns/{mine.pk}", {"name": "改名"})
    assert r.status_code == 200 and r.json()["name"] == "改名"
    r = api.patch(f"/api/v1/campaigns/{mine.pk}", {"end": "2020-01-01"})
    assert error(r)["fields"] == {"end": "结束日期不能早于开始日期"}
    r = api.patch(f"/api/v1/campaigns/{city.pk}", {"name": "x"})
    assert r.status_code == 403 and "只能查看" in error(r)["message"]
    assert (
        api_as("viewer_a").patch(f"/api/v1/campaigns/{mine.pk}", {"name": "x"}).status_code == 403
    )
    outsider = api_as("admin_b")
    assert outsider.get(f"/api/v1/campaigns/{mine.pk}").status_code == 404
    assert outsider.patch(f"/api/v1/campaigns/{mine.pk}", {"name": "x"}).status_code == 404
    assert outsider.get(f"/api/v1/campaigns/{mine.pk}/coverage").status_code == 404


def test_coverage(tree, users, api_as):
    c = make_campaign(tree.city)
    make_activity(tree.a1g, c)
    body = api_as("city_admin").get(f"/api/v1/campaigns/{c.pk}/coverage").json()
    assert body == {
        "campaign": c.pk,
        "covered": 1,
        "missing": 1,
        "rows": [
            {
                "org": "HZ-A",
                "org_name": "西湖区总工会",
                "level": "district",
                "activities": 1,
                "missing": False,
            },
            {
                "org": "HZ-B",
                "org_name": "滨江区总工会",
                "level": "district",
                "activities": 0,
                "missing": True,
            },
        ],
    }


def test_theme_days(users, api_as):
    body = api_as("viewer_a").get("/api/v1/theme-days", year=2024).json()
    kepu = next(d for d in body if d["code"] == "kepu-day")
    assert (kepu["start"], kepu["end"], kepu["name"]) == ("2024-09-21", "2024-09-22", "全国科普日")
    assert kepu["rule_text"] == "每年9月第3个星期六起，共2天"
    r = api_as("viewer_a").get("/api/v1/theme-days", year=1900)
    assert r.status_code == 422 and error(r)["fields"]["year"] == "不能小于2000"
