"""Evidence files of achievements: documents or images only, checked by extension AND by
content (the activities app's checks are reused), stored under a random name, served by a
scoped view, audited. A rejected file leaves nothing behind."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest

from kesu.achievements.models import Achievement, EvidenceFile
from kesu.achievements.validation import AchievementError
from kesu.activities.attachments import (
    DOCUMENT_EXTENSIONS,
    IMAGE_EXTENSIONS,
    AttachmentError,
    check_image,
    max_upload_bytes,
)
from kesu.audit.stored import drop_file, keep_file
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.stored_files import upload_named
from kesu.orgs import access

UNSUPPORTED = "证明材料仅支持文档或图片：PDF、Word、Excel、PPT、JPG、PNG、GIF、WebP"


def evidence_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> EvidenceFile:
    qs = EvidenceFile.objects.select_related("achievement__org")
    return access.get_for_user(qs, user, action, org_field="achievement__org", pk=pk)


def _check(upload: UploadedFile | None) -> tuple[str, str, str]:
    """(kind, extension, original name) of an acceptable upload; AchievementError otherwise."""
    try:
        original, ext = upload_named(upload, limit=max_upload_bytes())
    except ServiceError as exc:
        raise AchievementError(exc.errors) from None
    if ext in IMAGE_EXTENSIONS:
        try:
            check_image(upload)  # decoded and verified; the upload stays open
        except AttachmentError as exc:
            raise AchievementError(exc.errors) from None
        kind = EvidenceFile.Kind.IMAGE
    elif ext in DOCUMENT_EXTENSIONS:
        upload.seek(0)
        magic = DOCUMENT_EXTENSIONS[ext]
        if upload.read(len(magic)) != magic:
            raise AchievementError({"file": f"文件内容与扩展名（{ext}）不符，不是有效的文档"})
        kind = EvidenceFile.Kind.DOCUMENT
    else:
        raise AchievementError({"file": UNSUPPORTED})
    upload.seek(0)
    return kind, ext, original


def evidence_add(
    *,
    actor: Actor,
    achievement: Achievement,
    upload: UploadedFile | None,
    request: HttpRequest | None = None,
) -> EvidenceFile:
    """Attach one checked file to `achievement` (CHANGE on its organisation); audited."""
    access.ensure_org_in_scope(actor, achievement.org, access.CHANGE)
    kind, ext, original = _check(upload)
    item = EvidenceFile(
        achievement=achievement,
        kind=kind,
        original_name=original,
        size=upload.size or 0,
        uploaded_by=actor if actor.pk else None,
    )
    changes = {"file": [None, original], "size": [None, item.size]}
    keep_file(
        item,
        upload,
        ext,
        actor=actor,
        action="achievement.file_add",
        target=achievement,
        changes=changes,
        request=request,
    )
    return item


def evidence_delete(
    *, actor: Actor, item: EvidenceFile, request: HttpRequest | None = None
) -> None:
    achievement = item.achievement
    access.ensure_org_in_scope(actor, achievement.org, access.CHANGE)
    changes = {"file": [item.original_name, None]}
    drop_file(
        item,
        actor=actor,
        action="achievement.file_delete",
        target=achievement,
        changes=changes,
        request=request,
    )
