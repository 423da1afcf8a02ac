"""/api/v1/contests and /{id}/leaderboard: shapes, errors, scope, roles."""

from __future__ import annotations

from kesu.contests.models import Contest
from tests.api.conftest import error
from tests.contests.conftest import make_attempt, make_paper
from tests.factories import make_member


def _played(contest, tree, members):
    make_attempt(contest.paper, members.in_a, 90, duration=100)
    make_attempt(contest.paper, make_member(tree.a1g, name="赵六"), 90, duration=50)
    make_attempt(contest.paper, members.in_b, 100)  # outside: not counted


def test_list_detail_and_scope(tree, users, contest, api_as):
    body = api_as("staff_a").get("/api/v1/contests").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["org"] == "HZ-A" and item["paper"] == contest.paper_id
    assert item["weight_participation"] == 40 and item["prize_rules"][0]["name"] == "一等奖"
    assert api_as("admin_b").get("/api/v1/contests").json()["count"] == 0
    for url in (f"/api/v1/contests/{contest.pk}", f"/api/v1/contests/{contest.pk}/leaderboard"):
        response = api_as("admin_b").get(url)
        assert response.status_code == 404 and error(response)["code"] == "not_found"
    assert api_as("member_a").get("/api/v1/contests").status_code == 403


def test_leaderboards(tree, users, members, contest, api_as):
    _played(contest, tree, members)
    client = api_as("staff_a")
    body = client.get(f"/api/v1/contests/{contest.pk}/leaderboard").json()
    assert body["level"] == "individual" and body["count"] == 2
    assert [(i["rank"], i["name"]) for i in body["items"]] == [(1, "赵六"), (2, "张三")]
    assert body["items"][0]["prize"] == "一等奖" and body["items"][0]["percent"] == "90.00"
    body = client.get(f"/api/v1/contests/{contest.pk}/leaderboard", level="org").json()
    assert body["org"] == "HZ-A"
    row = body["items"][0] if body["items"][0]["org"] == "HZ-A-1" else body["items"][1]
    assert row["participants"] == 2 and row["roster"] == 2
    body = client.get(
        f"/api/v1/contests/{contest.pk}/leaderboard", level="org", org="HZ-A-1"
    ).json()
    assert [i["org"] for i in body["items"]] == ["HZ-A-1-01"]
    response = client.get(f"/api/v1/contests/{contest.pk}/leaderboard", level="org", org="HZ-B")
    assert response.status_code == 404
    response = client.get(f"/api/v1/contests/{contest.pk}/leaderboard", level="x")
    assert response.status_code == 400 and "individual" in error(response)["message"]


def test_create_and_errors(tree, users, api_as):
    paper = make_paper(tree.a)
    client = api_as("staff_a")
    body = {
        "title": "区竞赛",
        "paper": paper.pk,
        "starts_at": "2026-06-01T09:00:00+08:00",
        "ends_at": "2026-06-02T09:00:00+08:00",
        "prize_rules": [{"name": "优秀奖", "min_percent": 85}],
    }
    response = client.post("/api/v1/contests", {**body, "ends_at": "2026-05-01T09:00"})
    err = error(response)
    assert response.status_code == 400 and "结束时间应晚于开始时间" in err["fields"]["ends_at"]
    assert "结束时间" in err["message"]
    response = client.post("/api/v1/contests", {**body, "paper": 999999})
    assert response.status_code == 400 and "试卷不存在" in error(response)["fields"]["paper"]
    response = client.post("/api/v1/contests", {**body, "org": "HZ-A-1"})
    assert response.status_code == 400 and "不一致" in error(response)["fields"]["paper"]
    assert not Contest.objects.exists()
    response = client.post("/api/v1/contests", body)
    assert response.status_code == 201, response.json()
    item = response.json()
    assert item["org"] == "HZ-A" and item["prize_rules"] == [
        {"name": "优秀奖", "top": None, "min_percent": "85"}
    ]
    again = client.post("/api/v1/contests", body)
    assert again.status_code == 400 and "已用于另一场竞赛" in error(again)["fields"]["paper"]
    response = client.patch(f"/api/v1/contests/{item['id']}", {"weight_average": 200})
    assert response.status_code == 400 and "平均分权重" in error(response)["message"]
    response = client.patch(f"/api/v1/contests/{item['id']}", {"title": "新名称"})
    assert response.json()["title"] == "新名称"


def test_roles_and_cross_org_writes(tree, users, contest, api_as):
    assert (
        api_as("viewer_a").patch(f"/api/v1/contests/{contest.pk}", {"title": "x"}).status_code
        == 403
    )
    assert (
        api_as("admin_b").patch(f"/api/v1/contests/{contest.pk}", {"title": "x"}).status_code == 404
    )
    paper = make_paper(tree.a)
    response = api_as("admin_b").post(
        "/api/v1/contests",
        {
            "title": "x",
            "paper": paper.pk,
            "starts_at": "2026-06-01T09:00",
            "ends_at": "2026-06-02T09:00",
        },
    )
    assert response.status_code == 400 and "无权使用" in error(response)["fields"]["paper"]
    response = api_as("admin_b").post(
        "/api/v1/contests",
        {
            "title": "x",
            "org": "HZ-A",
            "paper": paper.pk,
            "starts_at": "2026-06-01T09:00",
            "ends_at": "2026-06-02T09:00",
        },
    )
    assert response.status_code == 404
