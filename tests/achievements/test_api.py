"""/api/v1/achievements and /api/v1/honours: scoped lists, create, detail, update, review."""

from __future__ import annotations

import pytest

from tests.api.conftest import error

pytestmark = pytest.mark.django_db


def test_list_is_scoped(api_as, achievement, achievement_b):
    body = api_as("staff_a").get("/api/v1/achievements").json()
    assert [i["title"] for i in body["items"]] == ["一种焊接检测装置"]
    item = body["items"][0]
    assert item["kind_name"] == "专利" and item["status_name"] == "待审核"
    assert item["members"][0]["name"] == "张三"
    assert api_as("city_admin").get("/api/v1/achievements", status="verified").json()["count"] == 1
    assert api_as("staff_a").get(f"/api/v1/achievements/{achievement_b.pk}").status_code == 404


def test_create_update_review(api_as, tree, members):
    client = api_as("staff_a")
    created = client.post(
        "/api/v1/achievements",
        {
            "org": tree.a.code,
            "kind": "five_small",
            "title": "夹具小发明",
            "achieved_on": "2026-02-02",
            "level": "enterprise",
            "members": [members.in_a2.pk],
        },
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    patched = client.patch(f"/api/v1/achievements/{pk}", {"level": "district"})
    assert patched.json()["level_name"] == "区级"
    reviewed = client.post(f"/api/v1/achievements/{pk}/review", {"decision": "verified"})
    assert reviewed.json()["status"] == "verified"


def test_bad_input_and_roles(api_as, tree, members, achievement):
    bad = api_as("staff_a").post(
        "/api/v1/achievements",
        {
            "org": tree.a.code,
            "kind": "patent",
            "title": "t",
            "achieved_on": "2026-02-30",
            "level": "宇宙级",
            "members": [members.in_b.pk],
        },
    )
    err = error(bad)
    assert bad.status_code == 400 and set(err["fields"]) == {"achieved_on", "level", "members"}
    assert "级别" in err["message"] and "完成人" in err["message"]
    viewer = api_as("viewer_a")
    assert viewer.patch(f"/api/v1/achievements/{achievement.pk}", {"title": "x"}).status_code == 403
    assert (
        api_as("admin_b")
        .patch(f"/api/v1/achievements/{achievement.pk}", {"title": "x"})
        .status_code
        == 404
    )
    assert api_as("member_a").get("/api/v1/achievements").status_code == 403
    returned = api_as("staff_a").post(
        f"/api/v1/achievements/{achievement.pk}/review", {"decision": "returned"}
    )
    assert returned.status_code == 400 and error(returned)["fields"] == {
        "note": "退回时请填写审核意见"
    }


def test_honours(api_as, tree, members, honour):
    client = api_as("staff_a")
    assert client.get("/api/v1/honours").json()["items"][0]["kind_name"] == "五一劳动奖章"
    team = client.post(
        "/api/v1/honours",
        {
            "org": tree.a1g.code,
            "kind": "national_pioneer",
            "level": "national",
            "year": 2024,
            "awarding_body": "中华全国总工会",
            "team_name": "质检班组",
        },
    )
    assert team.status_code == 201 and team.json()["members"] == []
    patched = client.patch(f"/api/v1/honours/{honour.pk}", {"year": 2024})
    assert patched.json()["year"] == 2024
    assert api_as("admin_b").get(f"/api/v1/honours/{honour.pk}").status_code == 404
    missing = client.post(
        "/api/v1/honours",
        {
            "org": tree.a1g.code,
            "kind": "model_worker",
            "level": "city",
            "year": 2024,
            "awarding_body": "市政府",
        },
    )
    assert error(missing)["fields"] == {"members": "请填写获奖会员或获奖集体"}
