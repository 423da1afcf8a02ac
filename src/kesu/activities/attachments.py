"""Photos and documents attached to activities: checked, thumbnailed, audited.

Images must open *and* verify with Pillow whatever their name says; documents are accepted
by extension and checked against their format's leading bytes. Files are stored under a
random name (the original name is kept only as data) and served by a scoped view.
"""

from __future__ import annotations

import io
import logging
import warnings
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest
from PIL import Image, ImageOps, UnidentifiedImageError

from kesu.activities.models import Activity, Attachment
from kesu.audit.stored import drop_file, keep_file
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.uploads import UploadRefused, check_zip
from kesu.orgs import access

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
# Leading bytes of each accepted document format (OOXML files are ZIP archives).
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
DOCUMENT_EXTENSIONS = {
    ".pdf": b"%PDF",
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
}
THUMB_SIZE = 320


class AttachmentError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def max_upload_bytes() -> int:
    return int(getattr(settings, "KESU_MAX_UPLOAD_MB", 10)) * 1024 * 1024


def attachment_list(*, activity: Activity) -> QuerySet[Attachment]:
    return activity.attachments.order_by("uploaded_at", "id")


def attachment_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Attachment:
    """One attachment whose activity the user may see (or change); NotFound otherwise."""
    qs = Attachment.objects.select_related("activity__org")
    return access.get_for_user(qs, user, action, org_field="activity__org", pk=pk)


def _pixels(n: int) -> str:
    return f"{n / 10_000:,.0f}万像素" if n >= 100_000 else f"{n:,}像素"


def _too_large(width: int = 0, height: int = 0) -> AttachmentError:
    limit = _pixels(settings.KESU_MAX_IMAGE_PIXELS)
    size = f"（本图{width}×{height}，约{_pixels(width * height)}）" if width else ""
    return AttachmentError({"file": f"图片像素过多：最多{limit}{size}，请缩小后再上传"})


def check_image(upload: UploadedFile) -> Image.Image:
    """The decoded image, or AttachmentError when the bytes are not a real image.

    The dimensions are read from the header and checked before any pixel is decoded; JPEGs
    are then decoded at the smallest scale that still gives the thumbnail (draft mode)."""
    bad = AttachmentError({"file": "文件不是有效的图片（仅支持 JPG、PNG、GIF、WebP）"})
    limit = settings.KESU_MAX_IMAGE_PIXELS
    # Pillow's own bomb check, set deliberately: it refuses at open beyond twice the limit;
    # below that its warning is silenced and the header's size is checked here instead.
    Image.MAX_IMAGE_PIXELS = limit
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                if probe.width * probe.height > limit:
                    raise _too_large(probe.width, probe.height)
                if probe.format not in set(IMAGE_EXTENSIONS.values()):
                    raise bad
                probe.verify()
            upload.seek(0)
            image = Image.open(upload)
            if image.format == "JPEG":
                image.draft("RGB", (THUMB_SIZE * 2, THUMB_SIZE * 2))
            image.load()  # verify() skips pixel data; a truncated file fails here
    except AttachmentError:
        raise
    except Image.DecompressionBombError:
        raise _too_large() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise bad from None
    return image


def check_office(upload: UploadedFile) -> None:
    """An OOXML document (.docx/.xlsx/.pptx) whose archive is within the upload bounds."""
    try:
        check_zip(upload)
    except UploadRefused as exc:
        raise AttachmentError({"file": str(exc)}) from None


def _thumbnail(image: Image.Image) -> ContentFile:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    else:
        image = image.convert("RGB")
    image.thumbnail((THUMB_SIZE, THUMB_SIZE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue())


def _checked_extension(upload: UploadedFile | None) -> str:
    """The upload's lower-case extension once it is present and within the size bound."""
    if upload is None:
        raise AttachmentError({"file": "请选择要上传的文件"})
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise AttachmentError({"file": f"文件过大：不能超过{limit // (1024 * 1024)}MB"})
    if upload.size == 0:
        raise AttachmentError({"file": "文件为空"})
    return PurePath(upload.name or "").suffix.lower()


def check_document(upload: UploadedFile | None) -> str:
    """A PDF or Office document within the bounds, its leading bytes matching its extension
    (and an OOXML archive within the upload bounds); returns the extension. Meeting minutes
    are checked with it too."""
    ext = _checked_extension(upload)
    assert upload is not None
    magic = DOCUMENT_EXTENSIONS.get(ext)
    if magic is None:
        raise AttachmentError({"file": "不支持的文件类型：文档支持 PDF、Word、Excel、PPT"})
    upload.seek(0)
    if upload.read(len(magic)) != magic:
        raise AttachmentError({"file": f"文件内容与扩展名（{ext}）不符"})
    if magic == _ZIP:
        upload.seek(0)
        check_office(upload)
    upload.seek(0)
    return ext


def attachment_add(
    *, actor: Actor, activity: Activity, upload: UploadedFile, request: HttpRequest | None = None
) -> Attachment:
    """Attach one uploaded file to `activity` (CHANGE on its organisation); audited."""
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    ext = _checked_extension(upload)
    assert upload is not None  # _checked_extension refuses a missing file
    original = PurePath(upload.name or "").name[:200]
    thumb = None
    if ext in IMAGE_EXTENSIONS:
        kind = Attachment.Kind.IMAGE
        thumb = _thumbnail(check_image(upload))
    elif ext in DOCUMENT_EXTENSIONS:
        kind = Attachment.Kind.DOCUMENT
        check_document(upload)
    else:
        raise AttachmentError(
            {
                "file": "不支持的文件类型：图片支持 JPG、PNG、GIF、WebP，文档支持 PDF、Word、Excel、PPT"
            }
        )
    upload.seek(0)
    attachment = Attachment(
        activity=activity,
        kind=kind,
        original_name=original,
        size=upload.size or 0,
        uploaded_by=actor if actor.pk else None,
    )
    changes = {"attachment": [None, original], "size": [None, attachment.size]}
    keep_file(
        attachment,
        upload,
        ext,
        actor=actor,
        action="attachment.add",
        target=activity,
        changes=changes,
        request=request,
        thumbnail=thumb,
    )
    return attachment


def attachment_delete(
    *, actor: Actor, attachment: Attachment, request: HttpRequest | None = None
) -> None:
    """Remove the row now and its files once the transaction commits; audited."""
    activity = attachment.activity
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    changes = {"attachment": [attachment.original_name, None]}
    drop_file(
        attachment,
        actor=actor,
        action="attachment.delete",
        target=activity,
        changes=changes,
        request=request,
    )
