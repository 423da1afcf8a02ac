"""Achievements and honours: validation, scope, review with audit, evidence files."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from kesu.achievements import evidence, services
from kesu.achievements.choices import ReviewStatus
from kesu.achievements.models import Achievement, EvidenceFile, Honour
from kesu.audit.models import AuditEntry
from kesu.orgs import access

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 10, 10)).save(buf, "PNG")
    return buf.getvalue()


def test_create_records_members_and_audit(achievement, members):
    assert achievement.status == ReviewStatus.PENDING
    assert list(achievement.members.all()) == [members.in_a]
    entry = AuditEntry.objects.get(action="achievement.create")
    assert entry.changes["members"] == [None, [members.in_a.pk]]


def test_bad_input_gives_chinese_errors_and_stores_nothing(users, tree, members):
    with pytest.raises(services.AchievementError) as exc:
        services.achievement_create(
            actor=users.staff_a,
            data={
                "org": tree.a.code,
                "kind": "火箭",
                "title": "",
                "achieved_on": "2026-13-01",
                "level": "city",
                "members": [members.in_b.pk],
            },
        )
    errors = exc.value.errors
    assert "“火箭”无法识别，可选：" in errors["kind"]
    assert errors["title"] == "此项为必填项"
    assert "日期不存在" in errors["achieved_on"]
    assert "不在本组织范围内" in errors["members"]
    assert not Achievement.objects.exists()


def test_members_by_name_and_ambiguity(users, tree, members):
    from tests.factories import make_member

    obj = services.achievement_create(
        actor=users.staff_a,
        data={
            "org": tree.a.code,
            "kind": "paper",
            "title": "论文",
            "achieved_on": "2026-01-05",
            "level": "district",
            "members": "张三，李四",
        },
    )
    assert {m.name for m in obj.members.all()} == {"张三", "李四"}
    make_member(tree.a1g, name="张三")
    with pytest.raises(services.AchievementError, match="重名"):
        services.achievement_update(actor=users.staff_a, achievement=obj, data={"members": "张三"})


def test_scope_viewer_and_outsider(users, tree, achievement):
    with pytest.raises(access.Forbidden):
        services.achievement_update(
            actor=users.viewer_a, achievement=achievement, data={"title": "x"}
        )
    with pytest.raises(access.NotFound):
        services.achievement_update(
            actor=users.admin_b, achievement=achievement, data={"title": "x"}
        )
    with pytest.raises(access.NotFound):
        services.achievement_create(
            actor=users.staff_a,
            data={
                "org": tree.b.code,
                "kind": "paper",
                "title": "t",
                "achieved_on": "2026-01-01",
                "level": "city",
            },
        )


def test_review_is_audited_and_return_needs_note(users, achievement):
    with pytest.raises(services.AchievementError) as exc:
        services.achievement_review(
            actor=users.staff_a, achievement=achievement, decision=ReviewStatus.RETURNED
        )
    assert exc.value.errors == {"note": "退回时请填写审核意见"}
    obj = services.achievement_review(
        actor=users.staff_a,
        achievement=achievement,
        decision=ReviewStatus.RETURNED,
        note="缺少专利证书",
    )
    assert obj.status == ReviewStatus.RETURNED and obj.reviewed_by == users.staff_a
    entry = AuditEntry.objects.get(action="achievement.review")
    assert entry.changes == {"status": ["pending", "returned"], "review_note": ["", "缺少专利证书"]}
    assert entry.actor == users.staff_a
    # a corrected submission goes back to review
    obj = services.achievement_update(actor=users.staff_a, achievement=obj, data={"title": "改"})
    assert obj.status == ReviewStatus.PENDING
    with pytest.raises(access.Forbidden):
        services.achievement_review(
            actor=users.viewer_a, achievement=obj, decision=ReviewStatus.VERIFIED
        )


def test_evidence_accepts_real_image_and_pdf(users, achievement, settings):
    png = evidence.evidence_add(
        actor=users.staff_a, achievement=achievement, upload=SimpleUploadedFile("证书.png", _png())
    )
    pdf = evidence.evidence_add(
        actor=users.staff_a,
        achievement=achievement,
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test"),
    )
    assert (png.kind, pdf.kind) == ("image", "document")
    assert png.file.name.endswith(".png") and "证书" not in png.file.name
    assert AuditEntry.objects.filter(action="achievement.file_add").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "证明材料仅支持文档或图片"),
        ("fake.pdf", b"MZ\x90\x00not a pdf", "文件内容与扩展名（.pdf）不符"),
        ("fake.jpg", b"%PDF-1.4 pretending", "文件不是有效的图片"),
        ("empty.pdf", b"", "文件为空"),
    ],
)
def test_evidence_rejects_with_chinese_message_and_stores_nothing(
    users, achievement, settings, name, content, message
):
    with pytest.raises(services.AchievementError) as exc:
        evidence.evidence_add(
            actor=users.staff_a, achievement=achievement, upload=SimpleUploadedFile(name, content)
        )
    assert message in exc.value.errors["file"]
    assert not EvidenceFile.objects.exists()
    media = settings.MEDIA_ROOT / "achievements"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    assert not AuditEntry.objects.filter(action="achievement.file_add").exists()


def test_honour_recipients(users, tree, members):
    with pytest.raises(services.AchievementError) as exc:
        services.honour_create(
            actor=users.staff_a,
            data={
                "org": tree.a1g.code,
                "kind": "province_pioneer",
                "level": "province",
                "year": 2025,
                "awarding_body": "省总工会",
            },
        )
    assert "获奖集体" in exc.value.errors["team_name"]
    with pytest.raises(services.AchievementError) as exc:
        services.honour_create(
            actor=users.staff_a,
            data={
                "org": tree.a1g.code,
                "kind": "technical_expert",
                "level": "city",
                "year": 2025,
                "awarding_body": "市人社局",
            },
        )
    assert exc.value.errors == {"members": "请填写获奖会员或获奖集体"}
    team = services.honour_create(
        actor=users.staff_a,
        data={
            "org": tree.a1g.code,
            "kind": "省工人先锋号",
            "level": "省级",
            "year": "2025",
            "awarding_body": "省总工会",
            "team_name": "质检班组",
        },
    )
    assert (team.kind, team.level, team.team_name) == ("province_pioneer", "province", "质检班组")
    assert Honour.objects.count() == 1
    with pytest.raises(services.AchievementError) as exc:
        services.honour_create(
            actor=users.staff_a,
            data={
                "org": tree.a1g.code,
                "kind": "model_worker",
                "level": "city",
                "year": timezone.localdate().year + 1,
                "awarding_body": "市政府",
                "members": [members.in_a.pk],
            },
        )
    assert "年份应在" in exc.value.errors["year"]
