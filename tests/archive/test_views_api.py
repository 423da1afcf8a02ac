"""Archive pages and API: staff see their subtree, a member only their own."""

from __future__ import annotations

import pytest

from tests.archive.conftest import YEAR
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_search_and_member_page_scoped(client, story, users, members):
    login(client, users.staff_a)
    page = client.get("/archive/", {"q": "张"})
    assert page.status_code == 200 and "张三" in page.content.decode()
    assert "没有找到符合条件的会员" in client.get("/archive/", {"q": "王五"}).content.decode()
    body = client.get(f"/archive/members/{members.in_a.pk}/").content.decode()
    assert (
        "安全生产科普讲座" in body
        and "五一劳动奖章" in body
        and f"/achievements/{story.achievement.pk}/" in body
    )
    assert client.get(f"/archive/members/{members.in_b.pk}/").status_code == 404
    assert client.get(f"/archive/members/{members.in_b.pk}/card.pdf").status_code == 404
    card = client.get(f"/archive/members/{members.in_a.pk}/card.pdf")
    assert card.status_code == 200 and card["Content-Type"] == "application/pdf"


def test_member_sees_own_archive_without_staff_links(client, story, users, members):
    login(client, users.member_a)
    body = client.get("/archive/me/").content.decode()
    assert "安全生产科普讲座" in body and "滨江厂区讲座" not in body
    assert "/activities/" not in body and "/achievements/" not in body.split("<main")[-1]
    assert client.get("/archive/me/card.pdf").status_code == 200
    assert client.get(f"/archive/members/{members.in_a.pk}/").status_code == 403
    assert client.get("/archive/").status_code == 403


def test_staff_without_roster_entry_gets_a_message(client, users):
    login(client, users.staff_a)
    assert "未关联会员名册" in client.get("/archive/me/").content.decode()


def test_rules_page_and_shortfalls(client, story, users, tree):
    login(client, users.admin_a)
    response = client.post(
        "/archive/rules/", {"org": tree.a.code, "year": YEAR, "min_activities": "2"}
    )
    assert response.status_code == 302
    bad = client.post("/archive/rules/", {"org": tree.a.code, "year": "1900"})
    assert bad.status_code == 400 and "年份" in bad.content.decode()
    page = client.get("/archive/shortfalls/", {"org": tree.a.code, "year": YEAR})
    body = page.content.decode()
    assert "参加活动不足（1/2场）" in body and "参加活动不足（0/2场）" in body
    xlsx = client.get("/archive/shortfalls/", {"org": tree.a.code, "year": YEAR, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get("/archive/shortfalls/", {"org": tree.b.code, "year": YEAR}).status_code == 404
    login(client, users.viewer_a)
    assert client.post("/archive/rules/", {"org": tree.a.code, "year": YEAR}).status_code == 403


def test_export_view(client, story, users, tree):
    login(client, users.staff_a)
    response = client.get("/archive/export/", {"org": tree.a.code, "year": YEAR})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert client.get("/archive/export/", {"org": tree.b.code, "year": YEAR}).status_code == 404


def test_api_archive(api_as, story, members):
    staff = api_as("staff_a")
    body = staff.get(f"/api/v1/members/{members.in_a.pk}/archive").json()
    assert body["name"] == "张三" and "*" in body["id_number"]
    assert [y["year"] for y in body["years"]] == [YEAR, YEAR - 1]
    first = body["years"][0]["entries"][0]
    assert set(first) == {"date", "kind", "kind_name", "title", "detail", "org_name", "figures"}
    assert (first["kind"], first["kind_name"]) == ("activity", "科普活动")
    assert staff.get(f"/api/v1/members/{members.in_b.pk}/archive").status_code == 404
    mine = api_as("member_a")
    assert mine.get(f"/api/v1/members/{members.in_a.pk}/archive").status_code == 200
    assert mine.get(f"/api/v1/members/{members.in_a2.pk}/archive").status_code == 404
    only_this_year = staff.get(
        f"/api/v1/members/{members.in_a.pk}/archive", **{"from": f"{YEAR}-01-01"}
    ).json()
    assert [y["year"] for y in only_this_year["years"]] == [YEAR]


def test_shortfall_pages_evaluate_only_as_far_as_needed(story, users, tree):
    from kesu.archive import services
    from kesu.archive.views import _shortfall_page

    services.rule_save(
        actor=users.city_admin, org=tree.city, data={"year": YEAR, "min_achievements": "1"}
    )
    first = _shortfall_page(tree.city, YEAR, "1", per=1)
    second = _shortfall_page(tree.city, YEAR, "2", per=1)
    assert first["has_next"] and not first["has_previous"]
    assert not second["has_next"] and second["has_previous"]
    names = [r["name"] for page in (first, second) for r, _f in page["rows"]]
    assert sorted(names) == ["李四", "王五"]
    assert _shortfall_page(tree.city, YEAR, "x", per=1)["number"] == 1


def test_big_export_runs_in_the_background(client, story, users, tree, settings):
    settings.KESU_EXPORT_SYNC_MAX_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    login(client, users.staff_a)
    assert client.get("/archive/").status_code == 200
    response = client.get("/archive/export/", {"org": tree.a.code, "year": YEAR})
    assert response.status_code == 302 and "/archive/export/" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    job_id = response["Location"].rstrip("/").split("/")[-1]
    from kesu.archive.exporting import job_run

    job_run(int(job_id))  # what the worker does once the request's transaction commits
    assert "下载" in client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    download = client.get(f"/archive/export/{job_id}/download/")
    assert download.status_code == 200
    login(client, users.admin_a)
    assert client.get(response["Location"]).status_code == 404
