"""Activity attachments against hostile files (tests/hostile_media.py): images claiming huge
sizes, real pixels over a lowered limit, compressed text bombs, truncated and fake images,
Office archives that are bombs or lie about their sizes. Each is refused with a Chinese
message in a moment, nothing is stored, the page keeps answering."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from kesu.activities import attachments
from kesu.activities.models import Attachment
from kesu.audit.models import AuditEntry
from tests import hostile_media as hostile
from tests.activities_campaigns.conftest import make_activity
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(tree):
    return make_activity(tree.a1g)


def _add(user, activity, filename: str, data: bytes):
    return attachments.attachment_add(
        actor=user, activity=activity, upload=SimpleUploadedFile(filename, data)
    )


def test_every_hostile_attachment_is_refused(users, activity):
    for name, (filename, case) in hostile.HOSTILE_IMAGES.items():
        data = case.build()
        started = time.monotonic()
        with override_settings(**case.settings), pytest.raises(attachments.AttachmentError) as exc:
            _add(users.staff_a, activity, filename, data)
        assert case.refusal in exc.value.errors["file"], (name, exc.value.errors)
        assert time.monotonic() - started < 2, name
    assert not Attachment.objects.exists() and not AuditEntry.objects.exists()


def test_png_text_bomb_is_never_expanded(users, activity):
    """64 MB of compressed text in a 16×16 PNG: refused, and never inflated on the way."""
    data = hostile.png_text_bomb(64)
    assert len(data) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(attachments.AttachmentError) as exc:
            _add(users.staff_a, activity, "文字.png", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "不是有效的图片" in exc.value.errors["file"]
    assert peak < 16 << 20, peak  # far below the 64 MB it would expand to


def test_image_at_the_limit_is_accepted(users, activity, settings):
    settings.KESU_MAX_IMAGE_PIXELS = 1_000_000
    item = _add(users.staff_a, activity, "大图.png", hostile.png_exact(1000, 1000))
    assert item.kind == "image" and item.thumbnail


def test_upload_page_survives_hostile_files(client, users, activity):
    login(client, users.staff_a)
    url = reverse("campaigns:attachment_upload", args=[activity.pk])
    for name, (filename, case) in hostile.HOSTILE_IMAGES.items():
        upload = SimpleUploadedFile(filename, case.build())
        with override_settings(**case.settings):
            response = client.post(url, {"file": upload}, headers={"HX-Request": "true"})
        assert response.status_code == 200, name
        assert case.refusal in response.content.decode(), name
    assert client.get(f"/activities/{activity.pk}/").status_code == 200
    assert not Attachment.objects.exists()
