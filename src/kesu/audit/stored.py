"""A file kept for a record (evidence of an achievement, an activity's attachment, a document of
a hardship file) is written together with its audit row: both or neither. The row names the
record and the file."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.http import HttpRequest

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.stored_files import delete_files


def _named(target: models.Model, file_name: str) -> str:
    return f"{str(target)[:100]} · {file_name}"


def keep_file(
    item: Any,
    upload: UploadedFile,
    ext: str,
    *,
    actor: Actor,
    action: str,
    target: models.Model,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
    thumbnail: Any = None,
    **audit: Any,
) -> None:
    """Store `upload` under a random name in `item.file` (and `thumbnail` beside it), save `item`
    and audit `action` on `target` (`audit`: as audit_object); on any failure the stored files
    are removed again."""
    stem = uuid.uuid4().hex
    try:
        item.file.save(f"{stem}{ext}", upload, save=False)
        if thumbnail is not None:
            item.thumbnail.save(f"{stem}.jpg", thumbnail, save=False)
        with transaction.atomic():
            item.save()
            label = _named(target, item.original_name)
            audit_object(actor, action, target, changes, request, label=label, **audit)
    except Exception:
        delete_files(item.file, getattr(item, "thumbnail", None))  # nothing stored half-way
        raise


def drop_file(
    item: Any,
    *,
    actor: Actor,
    action: str,
    target: models.Model,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
    **audit: Any,
) -> None:
    """Delete `item` and audit it now; its files go once the transaction commits."""
    files = (item.file, getattr(item, "thumbnail", None))
    with transaction.atomic():
        label = _named(target, item.original_name)
        audit_object(actor, action, target, changes, request, label=label, **audit)
        item.delete()
        transaction.on_commit(lambda: delete_files(*files))
