"""Pages: lists with filters, create, review, evidence upload/download, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kesu.achievements.models import Achievement, EvidenceFile
from kesu.indicators.registry import Scope, get
from kesu.indicators.selectors import indicator_breakdown
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_list_filters_and_scope(client, users, achievement, achievement_b):
    login(client, users.staff_a)
    body = client.get("/achievements/", {"kind": "patent"}).content.decode()
    assert "一种焊接检测装置" in body and "滨江的合理化建议" not in body
    assert (
        "一种焊接检测装置"
        not in client.get("/achievements/", {"status": "verified"}).content.decode()
    )
    assert client.get(f"/achievements/{achievement_b.pk}/").status_code == 404
    assert client.get(f"/achievements/{achievement.pk}/").status_code == 200


def test_create_and_review_pages(client, users, tree, members):
    login(client, users.staff_a)
    response = client.post(
        "/achievements/new/",
        {
            "org": tree.a1g.code,
            "kind": "innovation",
            "title": "装配线自动化改造",
            "achieved_on": "2026-05-01",
            "level": "enterprise",
            "members": "张三",
        },
    )
    obj = Achievement.objects.get(title="装配线自动化改造")
    assert response.status_code == 302 and list(obj.members.all()) == [members.in_a]
    bad = client.post(f"/achievements/{obj.pk}/review/", {"decision": "returned", "note": ""})
    assert bad.status_code == 400 and "退回时请填写审核意见" in bad.content.decode()
    client.post(f"/achievements/{obj.pk}/review/", {"decision": "verified"})
    obj.refresh_from_db()
    assert obj.status == "verified"
    login(client, users.viewer_a)
    assert (
        client.post(f"/achievements/{obj.pk}/review/", {"decision": "returned"}).status_code == 403
    )
    assert client.get("/achievements/new/").status_code == 403


def test_evidence_upload_rejects_and_downloads_scoped(client, users, achievement):
    login(client, users.staff_a)
    bad = client.post(
        f"/achievements/{achievement.pk}/files/",
        {"file": SimpleUploadedFile("x.docx", b"not a zip")},
    )
    assert bad.status_code == 400 and "文件内容与扩展名（.docx）不符" in bad.content.decode()
    assert not EvidenceFile.objects.exists()
    ok = client.post(
        f"/achievements/{achievement.pk}/files/",
        {"file": SimpleUploadedFile("专利证书.pdf", b"%PDF-1.7 x")},
    )
    assert ok.status_code == 302
    item = EvidenceFile.objects.get()
    download = client.get(f"/achievements/files/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.7 x"
    login(client, users.admin_b)
    assert client.get(f"/achievements/files/{item.pk}/").status_code == 404


def test_honour_pages(client, users, tree, members, honour):
    login(client, users.staff_a)
    assert "五一劳动奖章" in client.get("/achievements/honours/").content.decode()
    response = client.post(
        "/achievements/honours/new/",
        {
            "org": tree.a1g.code,
            "kind": "province_pioneer",
            "level": "province",
            "year": "2025",
            "awarding_body": "省总工会",
            "team_name": "",
        },
    )
    assert response.status_code == 200 and "请填写获奖集体" in response.content.decode()


def test_indicators_by_kind_and_level(users, tree, achievement, achievement_b, honour):
    from kesu.achievements import services

    services.achievement_review(actor=users.staff_a, achievement=achievement, decision="verified")
    scope = Scope(tree.city, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    count = get("achievements.count")
    assert count.value(scope) == 2
    assert count.value(Scope(tree.a, scope.start, scope.end)) == 1
    by_kind = indicator_breakdown(
        user=users.city_admin,
        code="achievements.count",
        org=tree.city,
        start=scope.start,
        end=scope.end,
        by="kind",
    )
    assert {(r.label, r.value) for r in by_kind} == {("专利", 1), ("合理化建议", 1)}
    by_level = indicator_breakdown(
        user=users.city_admin,
        code="achievements.count",
        org=tree.city,
        start=scope.start,
        end=scope.end,
        by="level",
    )
    assert {(r.label, r.value) for r in by_level} == {("市级", 1), ("企业级", 1)}
    honours = get("honours.count")
    assert honours.value(Scope(tree.city, dt.date(2025, 1, 1), dt.date(2025, 12, 31))) == 1
    assert honours.value(scope) == 0
    assert {d.code for d in honours.dimensions} == {"kind", "level"}
