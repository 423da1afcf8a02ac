"""Competitions, entries, 安康杯 employers, libraries and culture events: services,
indicators, API and pages, with scope and roles."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.competitions import selectors, services
from kesu.competitions.models import CompetitionEntry
from kesu.indicators.selectors import indicator_values
from kesu.resources import services as resources
from tests.api.conftest import error
from tests.conftest import login

pytestmark = pytest.mark.django_db
Y = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def values(user, org, *codes, start=Y[0], end=Y[1]):
    rows = indicator_values(user=user, org=org, start=start, end=end, codes=codes)
    return {r.code: r.value for r in rows}


@pytest.fixture
def welding(tree, users, emp, members):
    root = users.root
    contest = services.competition_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "skill",
            "title": "焊工技能比赛",
            "start_on": "2026-06-18",
            "end_on": "2026-06-18",
            "employers": [emp.a1.pk, emp.a2.pk],
            "extra_participants": 47,
        },
    )
    services.entry_add(
        actor=root,
        competition=contest,
        data={
            "member": members.in_a.pk,
            "score": "96.5",
            "rank": 1,
            "result": "一等奖",
            "sent_on": True,
        },
    )
    services.entry_add(
        actor=root,
        competition=contest,
        data={"name": "外来焊工", "employer": emp.a2.pk, "rank": 2, "sent_on": "是"},
    )
    services.entry_add(actor=root, competition=contest, data={"name": "赵六", "rank": 3})
    return contest


def test_participants_and_indicators(tree, users, emp, welding):
    assert selectors.participants(welding) == 50
    got = values(
        users.admin_a,
        tree.a,
        "competitions.count",
        "competitions.participants",
        "competitions.sent_on",
    )
    assert got == {
        "competitions.count": 1,
        "competitions.participants": 50,
        "competitions.sent_on": 2,
    }
    assert values(users.admin_b, tree.b, "competitions.count")["competitions.count"] == 0
    entry = CompetitionEntry.objects.get(rank=1)
    assert entry.name == "张三" and entry.member_id is not None


def test_entry_errors(users, members, welding):
    with pytest.raises(services.CompetitionError) as exc:
        services.entry_add(
            actor=users.admin_a, competition=welding, data={"member": members.in_a.pk}
        )
    assert exc.value.errors == {"member": "该会员已在参赛名单中"}
    with pytest.raises(services.CompetitionError) as exc:
        services.entry_add(
            actor=users.admin_a,
            competition=welding,
            data={"member": members.in_b.pk, "score": "-1"},
        )
    assert exc.value.errors == {"score": "成绩不能为负数", "member": "会员不存在或无权访问"}
    with pytest.raises(services.CompetitionError) as exc:
        services.entry_add(actor=users.admin_a, competition=welding, data={})
    assert exc.value.errors == {"name": "请填写姓名或选择会员"}


def test_ankang_new_employers(tree, users, emp):
    root = users.root
    services.competition_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "safety",
            "title": "2025安康杯",
            "start_on": "2025-03-01",
            "end_on": "2025-11-30",
            "employers": [emp.a1.pk],
        },
    )
    services.competition_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "安康杯竞赛",
            "title": "2026安康杯",
            "start_on": "2026-03-01",
            "end_on": "2026-11-30",
            "employers": [emp.a1.pk, emp.a2.pk, emp.a3.pk],
        },
    )
    got = values(users.admin_a, tree.a, "ankang.employers", "ankang.new_employers")
    assert got == {"ankang.employers": 3, "ankang.new_employers": 2}
    names = {e.name for e in selectors.ankang_employers(user=users.admin_a, year=2026)}
    assert names == {"西湖科技有限公司", "北山机械厂", "小作坊"}
    assert not selectors.ankang_employers(user=users.admin_b, year=2026).exists()


def test_libraries_and_culture(tree, users):
    root = users.root
    venue = resources.venue_create(
        actor=root,
        org=tree.a1g,
        data={"name": "科技公司职工书屋", "kind": "worker_library", "opened_on": "2026-04-01"},
    )
    other = resources.venue_create(
        actor=root, org=tree.a1g, data={"name": "科普基地", "kind": "science_base"}
    )
    services.library_record_save(
        actor=root,
        venue=venue,
        data={
            "year": 2026,
            "books": 3000,
            "new_books": 3000,
            "borrowings": 420,
            "is_new": True,
            "recognition": "全国职工书屋示范点",
        },
    )
    with pytest.raises(services.CompetitionError) as exc:
        services.library_record_save(actor=root, venue=other, data={"year": 2026})
    assert exc.value.errors == {"venue": "该阵地不是职工书屋"}
    with pytest.raises(services.CompetitionError) as exc:
        services.library_record_save(actor=root, venue=venue, data={"year": 2026, "books": -1})
    assert exc.value.errors == {"books": "藏书不能为负数"}
    services.culture_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "ball",
            "title": "“中国梦·劳动美”气排球比赛",
            "start_on": "2026-04-25",
            "end_on": "2026-04-30",
            "teams": 46,
            "participants": 518,
            "results": "西湖科技队获冠军",
        },
    )
    got = values(
        users.admin_a,
        tree.a,
        "libraries.new",
        "libraries.borrowings",
        "culture.count",
        "culture.participants",
        "culture.teams",
    )
    assert got == {
        "libraries.new": 1,
        "libraries.borrowings": 420,
        "culture.count": 1,
        "culture.participants": 518,
        "culture.teams": 46,
    }
    assert values(users.admin_b, tree.b, "culture.participants")["culture.participants"] == 0


def test_api_scope_roles_and_errors(tree, emp, welding, api_as):
    api = api_as("admin_a")
    listed = api.get("/api/v1/competitions").json()
    assert listed["count"] == 1 and listed["items"][0]["participants"] == 50
    assert api_as("admin_b").get(f"/api/v1/competitions/{welding.pk}").status_code == 404
    assert api_as("admin_b").get(f"/api/v1/competitions/{welding.pk}/entries").status_code == 404
    assert (
        api_as("viewer_a").patch(f"/api/v1/competitions/{welding.pk}", {"title": "x"}).status_code
        == 403
    )
    response = api.post(
        "/api/v1/competitions",
        {
            "org": tree.a.code,
            "kind": "skill",
            "title": "车工比赛",
            "start_on": "2026-07-02",
            "end_on": "2026-07-01",
            "extra_participants": -3,
        },
    )
    assert response.status_code == 400
    fields = error(response)["fields"]
    assert fields == {
        "extra_participants": "其他参赛人数不能为负数",
        "end_on": "结束日期不能早于开始日期",
    }
    response = api.post(
        f"/api/v1/competitions/{welding.pk}/entries", {"name": "钱七", "score": "88", "rank": 4}
    )
    assert response.status_code == 201 and response.json()["score"] in ("88.00", 88.0)
    response = api.post(
        "/api/v1/culture-events",
        {
            "org": tree.a.code,
            "kind": "rope",
            "title": "迎三八跳绳比赛",
            "start_on": "2026-03-06",
            "end_on": "2026-03-06",
            "participants": 120,
        },
    )
    assert response.status_code == 201
    assert api_as("admin_b").get("/api/v1/culture-events").json()["count"] == 0
    response = api.post(
        "/api/v1/culture-events",
        {
            "org": tree.b.code,
            "kind": "ball",
            "title": "x",
            "start_on": "2026-03-06",
            "end_on": "2026-03-06",
        },
    )
    assert response.status_code == 404


def test_pages(client, tree, users, emp, welding):
    login(client, users.staff_a)
    assert "焊工技能比赛" in client.get("/competitions/").content.decode()
    page = client.get(f"/competitions/{welding.pk}/").content.decode()
    assert "一等奖" in page and "外来焊工" in page
    response = client.post(f"/competitions/{welding.pk}/entries/", {"name": "", "rank": "x"})
    assert response.status_code == 400 and "名次应为整数" in response.content.decode()
    response = client.post(
        "/competitions/new/",
        {
            "org": tree.a.code,
            "kind": "safety",
            "title": "安康杯",
            "level": "district",
            "start_on": "2026-03-01",
            "end_on": "2026-11-30",
            "employers": [str(emp.a1.pk)],
        },
    )
    assert response.status_code == 302
    assert (
        "西湖科技有限公司" in client.get("/competitions/ankang/", {"year": "2026"}).content.decode()
    )
    response = client.post(
        "/competitions/culture/new/",
        {
            "org": tree.a.code,
            "kind": "ball",
            "title": "气排球比赛",
            "start_on": "2026-04-25",
            "end_on": "2026-04-30",
            "teams": "46",
            "participants": "518",
        },
    )
    assert response.status_code == 302
    assert "气排球比赛" in client.get("/competitions/culture/").content.decode()
    venue = resources.venue_create(
        actor=users.root, org=tree.a1g, data={"name": "书屋甲", "kind": "worker_library"}
    )
    response = client.post(
        f"/competitions/libraries/{venue.pk}/",
        {"year": "2026", "books": "2000", "new_books": "500", "is_new": "on"},
    )
    assert response.status_code == 302
    assert "书屋甲" in client.get("/competitions/libraries/").content.decode()
    login(client, users.viewer_a)
    assert client.get("/competitions/new/").status_code == 403
    assert client.post(f"/competitions/libraries/{venue.pk}/", {"year": "2026"}).status_code == 403
    login(client, users.admin_b)
    assert client.get(f"/competitions/{welding.pk}/").status_code == 404
    assert client.get(f"/competitions/libraries/{venue.pk}/").status_code == 404


def test_archive_entries(members, welding):
    from kesu.competitions.archive import archive_entries

    entries = archive_entries(members.in_a)
    assert [(e.kind, e.title, e.figures["名次"], e.figures["获奖"]) for e in entries] == [
        ("competition", "焊工技能比赛", "1", "一等奖")
    ]
    assert archive_entries(members.in_a, date_to=dt.date(2026, 6, 1)) == []
    assert archive_entries(members.in_b) == []


@pytest.mark.parametrize(
    "code, text",
    [
        ("competitions.count", "焊工技能比赛"),
        ("competitions.participants", "焊工技能比赛"),
        ("competitions.sent_on", "外来焊工"),
        ("ankang.employers", "没有计入的记录"),
    ],
)
def test_indicator_evidence_pages(client, tree, users, welding, code, text):
    login(client, users.admin_a)
    query = {"org": tree.a.code, "from": "2026-01-01", "to": "2026-12-31"}
    response = client.get(f"/indicators/{code}/evidence/", query)
    assert response.status_code == 200 and text in response.content.decode()
    assert client.get(f"/indicators/{code}/breakdown/", query).status_code == 200
