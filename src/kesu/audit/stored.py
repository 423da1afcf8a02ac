"""A file kept for a record (evidence of an achievement, an activity's attachment, a document of
a hardship file, a meeting's minutes) is written together with its audit row: both or neither.
The row names the record and the file. A file replaced or deleted goes once the transaction
commits: a rollback leaves the rows naming it, and it stays."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
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
    field: str = "file",
    name: str | None = None,
    update_fields: Sequence[str] | None = None,
    **audit: Any,
) -> None:
    """Store `upload` under a random name in `item.file` (or the file field named `field`; and
    `thumbnail` beside it), save `item` (its `update_fields` when given) and audit `action` on
    `target` (`audit`: as audit_object; the label names the file: `name`, else
    `item.original_name`); on any failure the stored files are removed again. A file the field
    held before (a replacement) is deleted once the transaction commits."""
    stored = getattr(item, field)
    old = FieldFile(item, stored.field, stored.name) if stored else None
    stem = uuid.uuid4().hex
    try:
        stored.save(f"{stem}{ext}", upload, save=False)
        if thumbnail is not None:
            item.thumbnail.save(f"{stem}.jpg", thumbnail, save=False)
        with transaction.atomic():
            item.save(update_fields=update_fields)
            label = _named(target, item.original_name if name is None else name)
            audit_object(actor, action, target, changes, request, label=label, **audit)
            if old is not None:
                delete_after_commit(old)
    except Exception:
        delete_files(stored, getattr(item, "thumbnail", None))  # nothing stored half-way
        if old is not None:
            setattr(item, field, old.name)  # the item names its kept file again
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
        delete_after_commit(*files)


def delete_after_commit(*files: Any) -> None:
    """Delete stored files (as `delete_files`) once the current transaction commits."""
    transaction.on_commit(lambda: delete_files(*files))
