"""/api/v1/venues, /experts, /publications: shapes, errors, scope, roles."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kesu.activities.models import Activity
from tests.api.conftest import error


def _activity(org, title="健康讲座", day=dt.date(2026, 4, 10)):
    start = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())
    return Activity.objects.create(
        title=title, kind="lecture", org=org, start=start, end=start + dt.timedelta(hours=2)
    )


def test_venue_list_shape_and_scope(res, api_as):
    body = api_as("admin_b").get("/api/v1/venues").json()
    assert body["count"] == 1 and body["page"] == 1 and body["page_size"] == 50
    item = body["items"][0]
    assert item["org"] == "HZ-B-01" and item["kind"] == "science_base"
    assert item["kind_name"] == "科普基地"
    body = api_as("admin_a").get("/api/v1/venues", kind="worker_library", new_in="2026").json()
    assert [i["name"] for i in body["items"]] == ["科技公司职工书屋"]


def test_idor_answers_404(res, api_as):
    client = api_as("admin_b")
    for url in (
        f"/api/v1/venues/{res.va.pk}",
        f"/api/v1/experts/{res.ea.pk}",
        f"/api/v1/publications/{res.pa.pk}",
        f"/api/v1/venues/{res.va.pk}/visits",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert error(response)["code"] == "not_found"
    response = client.patch(f"/api/v1/venues/{res.va.pk}", {"name": "x"})
    assert response.status_code == 404
    response = client.post("/api/v1/venues", {"org": "HZ-A", "name": "x", "kind": "other"})
    assert response.status_code == 404


def test_viewer_cannot_write(res, api_as):
    client = api_as("viewer_a")
    assert client.get(f"/api/v1/venues/{res.va.pk}").status_code == 200
    response = client.patch(f"/api/v1/venues/{res.va.pk}", {"name": "x"})
    assert response.status_code == 403
    assert error(response)["code"] == "forbidden"
    response = client.post(
        "/api/v1/publications",
        {"org": "HZ-A", "channel": "wechat", "title": "t", "published_on": "2026-01-01"},
    )
    assert response.status_code == 403


def test_venue_create_patch_and_visits(tree, users, api_as):
    client = api_as("staff_a")
    response = client.post(
        "/api/v1/venues",
        {
            "org": "HZ-A-1",
            "name": "街道科技馆",
            "kind": "museum",
            "area_m2": "320.5",
            "opened_on": "2026-06-01",
        },
    )
    assert response.status_code == 201, response.json()
    venue_id = response.json()["id"]
    response = client.patch(f"/api/v1/venues/{venue_id}", {"books_held": -3})
    err = error(response)
    assert response.status_code == 400 and err["code"] == "validation_error"
    assert err["fields"] == {"books_held": "藏书不能为负数"}
    response = client.post(
        f"/api/v1/venues/{venue_id}/visits",
        {"period_start": "2026-07-01", "period_end": "2026-09-30", "visitors": 450},
    )
    assert response.status_code == 201
    assert response.json()["visitors"] == 450
    response = client.post(
        f"/api/v1/venues/{venue_id}/visits",
        {"period_start": "2026-07-01", "period_end": "2026-06-30", "visitors": 1},
    )
    assert error(response)["fields"] == {"period_end": "结束日期不能早于开始日期"}
    body = client.get(f"/api/v1/venues/{venue_id}/visits").json()
    assert body["count"] == 1
    response = client.post("/api/v1/venues", {"org": "NOPE", "name": "x", "kind": "museum"})
    assert response.status_code == 404


def test_expert_phone_masked_unless_pii_role(res, api_as, settings):
    settings.KESU_PII_ROLES = ["admin"]
    staff = api_as("staff_a").get(f"/api/v1/experts/{res.ea.pk}").json()
    assert staff["phone"] == "138****5678"
    assert staff["fields"] == ["health", "safety"] and staff["field_names"] == ["健康", "安全生产"]
    admin = api_as("admin_a").get(f"/api/v1/experts/{res.ea.pk}").json()
    assert admin["phone"] == "13812345678"
    listed = api_as("staff_a").get("/api/v1/experts", field="health").json()
    assert [i["phone"] for i in listed["items"]] == ["138****5678"]


def test_expert_lectures_link_only_visible_activities(res, tree, api_as):
    mine, theirs = _activity(tree.a1g), _activity(tree.bg)
    client = api_as("admin_a")
    response = client.patch(f"/api/v1/experts/{res.ea.pk}", {"lectures": [mine.pk, theirs.pk]})
    assert response.status_code == 400
    assert str(theirs.pk) in error(response)["fields"]["lectures"]
    response = client.patch(f"/api/v1/experts/{res.ea.pk}", {"lectures": [mine.pk]})
    assert response.status_code == 200 and response.json()["lectures"] == [mine.pk]
    response = client.post("/api/v1/experts", {"org": "HZ-A", "name": "张", "fields": "天文学"})
    assert "专业领域“天文学”无效" in error(response)["fields"]["fields"]


def test_publication_endpoints(res, api_as):
    client = api_as("admin_a")
    body = client.get("/api/v1/publications", channel="wechat").json()
    assert [i["title"] for i in body["items"]] == ["开展世界气象日宣传"]
    assert body["items"][0]["channel_name"] == "微信公众号"
    response = client.post(
        "/api/v1/publications",
        {
            "org": "HZ-A",
            "channel": "weibo",
            "title": "t",
            "published_on": "2026-02-01",
            "link": "ftp://x",
        },
    )
    assert error(response)["fields"] == {"link": "链接应为以 http:// 或 https:// 开头的网址"}
    response = client.patch(f"/api/v1/publications/{res.pa.pk}", {"title": "新标题", "bogus": 1})
    assert response.status_code == 422
    response = client.patch(f"/api/v1/publications/{res.pa.pk}", {"title": "新标题"})
    assert response.json()["title"] == "新标题"
