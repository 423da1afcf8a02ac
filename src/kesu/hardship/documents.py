"""Documents of a hardship file (收入证明、病历、照片…): images or PDF only, checked like
activity attachments (kesu.activities.attachments), stored under a random name and served
only through a scoped, role-checked view; uploads and downloads are audited."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from kesu.activities.attachments import (
    IMAGE_EXTENSIONS,
    AttachmentError,
    check_image,
    max_upload_bytes,
)
from kesu.audit.services import audit_record
from kesu.audit.stored import keep_file
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.stored_files import upload_named
from kesu.hardship.models import CaseDocument, HardshipCase
from kesu.hardship.validation import HardshipError, can_see_details
from kesu.orgs import access

_PDF = b"%PDF"


def document_add(
    *,
    actor: Actor,
    case: HardshipCase,
    upload: UploadedFile | None,
    request: HttpRequest | None = None,
) -> CaseDocument:
    """Attach one image or PDF to `case`; anything else is refused with a Chinese message."""
    access.ensure_org_in_scope(actor, case.org, access.CHANGE)
    if not can_see_details(actor):
        raise access.Forbidden("当前角色无权处理困难职工档案")
    try:
        original, ext = upload_named(upload, limit=max_upload_bytes())
    except ServiceError as exc:
        raise HardshipError(exc.errors) from None
    if ext in IMAGE_EXTENSIONS:
        try:
            check_image(upload)
        except AttachmentError as exc:
            raise HardshipError(exc.errors) from None
    elif ext == ".pdf":
        upload.seek(0)
        if upload.read(len(_PDF)) != _PDF:
            raise HardshipError({"file": "文件内容不是PDF"})
    else:
        raise HardshipError({"file": "只支持图片（JPG、PNG、GIF、WebP）或PDF文件"})
    upload.seek(0)
    doc = CaseDocument(
        case=case,
        is_image=ext != ".pdf",
        original_name=original,
        size=upload.size or 0,
        uploaded_by=actor if actor.pk else None,
    )
    changes = {"document": [None, original]}
    keep_file(
        doc,
        upload,
        ext,
        actor=actor,
        action="hardship.document_add",
        target=case,
        changes=changes,
        request=request,
        target_type="hardship_case",
    )
    return doc


def document_get(*, user: Actor, pk: Any, request: HttpRequest | None = None) -> CaseDocument:
    """A document of a file the user may open; the download is audited."""
    qs = CaseDocument.objects.select_related("case__org", "case__applicant")
    doc = access.get_for_user(qs, user, access.VIEW, org_field="case__org", pk=pk)
    if not can_see_details(user):
        raise access.Forbidden("当前角色无权查看困难职工档案材料")
    with transaction.atomic():
        audit_record(
            actor=user,
            action="hardship.document_view",
            target_type="hardship_case",
            target_id=doc.case_id,
            target_repr=f"{doc.case} · {doc.original_name}",
            org_path=doc.case.org.path,
            request=request,
        )
    return doc
