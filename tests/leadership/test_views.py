"""Leadership pages: list, detail with children, create and edit through the forms, scope."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from kesu.leadership.models import GroupMember, Meeting
from tests.conftest import login


def test_pages_list_and_detail(client, work, users):
    login(client, users.viewer_a)
    page = client.get("/leadership/leading_group/").content.decode()
    assert "2026" in page and "宣教部" in page
    page = client.get(f"/leadership/leading_group/{work.group.pk}/").content.decode()
    assert "王建国" in page and "区总工会主席" in page and "添加" not in page
    page = client.get(f"/leadership/team/{work.team.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert client.get("/leadership/meeting/?mode=attended").content.decode().count("协调会议") == 1
    assert client.get("/leadership/nonsense/").status_code == 404
    assert client.get("/leadership/budget/").status_code == 404  # a funds kind, not here


def test_create_with_minutes_and_edit(client, work, users, tree):
    login(client, users.admin_a)
    minutes = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(
        "/leadership/meeting/new/",
        {
            "org": "HZ-A",
            "mode": "held",
            "held_on": "2026-07-01",
            "level": "own",
            "topic": "半年推进会",
            "minutes_file": minutes,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(topic="半年推进会")
    assert meeting.minutes_name == "纪要.pdf"
    assert client.get(f"/leadership/meetings/{meeting.pk}/minutes/").status_code == 200
    response = client.post(
        f"/leadership/group_member/new/{work.group.pk}/",
        {"role": "member", "name": "钱多", "position": 5},
    )
    assert response.status_code == 302
    member = GroupMember.objects.get(name="钱多")
    response = client.post(
        f"/leadership/group_member/{member.pk}/edit/",
        {"role": "deputy", "name": "钱多", "position": 5},
    )
    assert response.status_code == 302
    assert GroupMember.objects.get(pk=member.pk).role == "deputy"
    response = client.post("/leadership/work_area/new/", {"org": "HZ-A", "year": 2026})
    assert response.status_code == 400 and "分管领导" in response.content.decode()


def test_outsiders_and_readers(client, work, users):
    login(client, users.admin_b)
    assert client.get(f"/leadership/team/{work.team.pk}/").status_code == 404
    assert client.get(f"/leadership/meetings/{work.held.pk}/minutes/").status_code == 404
    login(client, users.viewer_a)
    assert client.get("/leadership/meeting/new/").status_code == 403


def test_every_page_renders(client, work, money, users):
    login(client, users.admin_a)
    for app, kind in (
        ("leadership", "leading_group"),
        ("leadership", "work_area"),
        ("leadership", "meeting"),
        ("leadership", "team"),
        ("funds", "budget"),
        ("funds", "expense"),
    ):
        assert client.get(f"/{app}/{kind}/").status_code == 200, kind
        assert client.get(f"/{app}/{kind}/new/").status_code == 200, kind
    for url in (
        f"/leadership/group_member/new/{work.group.pk}/",
        f"/leadership/volunteer/new/{work.team.pk}/",
        f"/leadership/volunteer/{work.outside.pk}/",
        f"/leadership/volunteer_service/new/{work.outside.pk}/",
        f"/leadership/meeting/{work.held.pk}/edit/",
        "/funds/",
    ):
        assert client.get(url).status_code == 200, url
