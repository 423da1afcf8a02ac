"""Attachments: real images only, size limit, thumbnails, scoped serving."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kesu.activities import attachments
from kesu.activities.models import Attachment
from kesu.audit.models import AuditEntry
from kesu.orgs.access import Forbidden, NotFound
from tests.activities_campaigns.conftest import make_activity, png_bytes
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(tree):
    return make_activity(tree.a1g)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_real_png_is_accepted_and_thumbnailed(users, activity, settings):
    item = attachments.attachment_add(
        actor=users.staff_a, activity=activity, upload=upload("现场.png", png_bytes(mode="RGBA"))
    )
    assert item.kind == "image" and item.original_name == "现场.png"
    assert item.file.name.startswith("activities/") and "现场" not in item.file.name
    with Image.open(item.thumbnail.path) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 320
    assert str(settings.MEDIA_ROOT) in item.file.path
    assert AuditEntry.objects.filter(action="attachment.add", target_id=str(activity.pk)).exists()


def test_text_renamed_png_is_rejected(users, activity):
    with pytest.raises(attachments.AttachmentError) as exc:
        attachments.attachment_add(
            actor=users.staff_a, activity=activity, upload=upload("photo.png", b"hello world")
        )
    assert exc.value.errors["file"].startswith("文件不是有效的图片")
    assert Attachment.objects.count() == 0


def test_truncated_image_is_rejected(users, activity):
    data = png_bytes()
    with pytest.raises(attachments.AttachmentError):
        attachments.attachment_add(
            actor=users.staff_a, activity=activity, upload=upload("a.jpg", data[: len(data) // 2])
        )


def test_oversized_is_rejected(users, activity, settings):
    settings.KESU_MAX_UPLOAD_MB = 1
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)
    with pytest.raises(attachments.AttachmentError) as exc:
        attachments.attachment_add(
            actor=users.staff_a, activity=activity, upload=upload("a.pdf", big)
        )
    assert exc.value.errors == {"file": "文件过大：不能超过1MB"}


def test_documents_by_extension_and_content(users, activity):
    item = attachments.attachment_add(
        actor=users.staff_a, activity=activity, upload=upload("总结.pdf", b"%PDF-1.7 ...")
    )
    assert item.kind == "document" and not item.thumbnail
    with pytest.raises(attachments.AttachmentError) as exc:
        attachments.attachment_add(
            actor=users.staff_a, activity=activity, upload=upload("x.docx", b"not a zip")
        )
    assert exc.value.errors == {"file": "文件内容与扩展名（.docx）不符"}
    with pytest.raises(attachments.AttachmentError) as exc:
        attachments.attachment_add(
            actor=users.staff_a, activity=activity, upload=upload("x.exe", b"MZ")
        )
    assert exc.value.errors["file"].startswith("不支持的文件类型")


def test_scope_and_role(users, activity):
    with pytest.raises(NotFound):
        attachments.attachment_add(
            actor=users.admin_b, activity=activity, upload=upload("a.png", png_bytes())
        )
    with pytest.raises(Forbidden):
        attachments.attachment_add(
            actor=users.viewer_a, activity=activity, upload=upload("a.png", png_bytes())
        )


def test_delete_removes_row_and_files(users, activity, django_capture_on_commit_callbacks):
    item = attachments.attachment_add(
        actor=users.staff_a, activity=activity, upload=upload("a.png", png_bytes())
    )
    file_path, thumb_path = item.file.path, item.thumbnail.path
    with django_capture_on_commit_callbacks(execute=True):
        attachments.attachment_delete(actor=users.staff_a, attachment=item)
    assert not Attachment.objects.exists()
    assert not os.path.exists(file_path) and not os.path.exists(thumb_path)
    assert AuditEntry.objects.filter(action="attachment.delete").exists()


# ---------------------------------------------------------------- web


def test_upload_view_serves_only_to_viewers(client, users, activity):
    login(client, users.staff_a)
    url = reverse("campaigns:attachment_upload", args=[activity.pk])
    response = client.post(url, {"file": upload("a.png", png_bytes(), "image/png")})
    assert response.status_code == 302
    item = Attachment.objects.get()

    login(client, users.viewer_a)
    response = client.get(reverse("campaigns:attachment_file", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    thumb = client.get(reverse("campaigns:attachment_thumb", args=[item.pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"

    login(client, users.admin_b)
    for name in ("attachment_file", "attachment_thumb"):
        assert client.get(reverse(f"campaigns:{name}", args=[item.pk])).status_code == 404
    assert client.post(reverse("campaigns:attachment_delete", args=[item.pk])).status_code == 404
    assert client.get(reverse("campaigns:attachment_file", args=[99999])).status_code == 404


def test_upload_view_htmx_shows_chinese_error(client, users, activity):
    login(client, users.staff_a)
    url = reverse("campaigns:attachment_upload", args=[activity.pk])
    response = client.post(
        url, {"file": upload("photo.jpg", b"just text", "image/jpeg")}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "文件不是有效的图片" in response.content.decode()
    assert not Attachment.objects.exists()
    # Without htmx the page answers 400 with the same message.
    response = client.post(url, {"file": upload("photo.jpg", b"just text")})
    assert response.status_code == 400 and "文件不是有效的图片" in response.content.decode()


def test_panel_and_delete_view(client, users, activity):
    item = attachments.attachment_add(
        actor=users.staff_a, activity=activity, upload=upload("图.png", png_bytes())
    )
    login(client, users.viewer_a)
    panel = client.get(reverse("campaigns:attachment_panel", args=[activity.pk]))
    body = panel.content.decode()
    assert panel.status_code == 200 and "图.png" in body and "上传" not in body
    assert "style=" not in body
    assert client.post(reverse("campaigns:attachment_delete", args=[item.pk])).status_code == 403
    login(client, users.admin_a)
    response = client.post(
        reverse("campaigns:attachment_delete", args=[item.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "还没有附件" in response.content.decode()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds almost nothing: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("width", "height", "named"),
    [(30000, 30000, ""), (8000, 7500, "（本图8000×7500，约6,000万像素）"), (200000, 200000, "")],
)
def test_decompression_bombs_are_refused_before_decoding(users, activity, width, height, named):
    with pytest.raises(attachments.AttachmentError) as exc:
        attachments.attachment_add(
            actor=users.staff_a,
            activity=activity,
            upload=upload("a.png", _png_header(width, height)),
        )
    message = exc.value.errors["file"]
    assert message.startswith("图片像素过多：最多5,000万像素") and named in message
    assert not Attachment.objects.exists()


def test_image_limit_is_a_setting(users, activity, settings):
    settings.KESU_MAX_IMAGE_PIXELS = 300
    with pytest.raises(attachments.AttachmentError) as exc:
        attachments.attachment_add(
            actor=users.staff_a, activity=activity, upload=upload("a.png", png_bytes((20, 20)))
        )
    assert "本图20×20" in exc.value.errors["file"]


def test_office_zip_bomb_is_refused(users, activity):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"a" * (20 * 1024 * 1024))
    with pytest.raises(attachments.AttachmentError) as exc:
        attachments.attachment_add(
            actor=users.staff_a, activity=activity, upload=upload("a.docx", out.getvalue())
        )
    assert "压缩比异常" in exc.value.errors["file"]
