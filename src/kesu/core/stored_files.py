"""Files kept for a record (evidence, proof of a hardship file): the columns they share, and the
first checks of an upload.

A concrete model adds its `FileField` (with the folder it is stored under), the record it
belongs to, and its `Meta` (``class Meta(StoredFile.Meta)`` keeps the upload order).
"""

from __future__ import annotations

import logging
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.errors import ServiceError

logger = logging.getLogger(__name__)


class FileKind(models.TextChoices):
    IMAGE = "image", _("图片")
    DOCUMENT = "document", _("文档")


class StoredFile(models.Model):
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


def upload_named(upload: UploadedFile | None, *, limit: int) -> tuple[str, str]:
    """The original name (its last 200 characters at most: no folders) and the lower-case
    extension of a file sent for a record. A `ServiceError` on the `file` field when none was
    sent, it is empty, or it is larger than `limit` bytes; the caller checks the content."""
    if upload is None:
        raise ServiceError({"file": "请选择要上传的文件"})
    original = PurePath(upload.name or "").name[:200]
    if upload.size is not None and upload.size > limit:
        raise ServiceError({"file": f"文件过大：不能超过{limit // (1024 * 1024)}MB"})
    if not upload.size:
        raise ServiceError({"file": "文件为空"})
    return original, PurePath(original).suffix.lower()


def delete_files(*files: Any) -> None:
    """Remove stored files (empty fields are passed over; a missing file is only logged)."""
    for field in files:
        if field:
            try:
                field.storage.delete(field.name)
            except OSError:  # a missing file is not worth failing a request for
                logger.warning("could not delete %s", field.name)
