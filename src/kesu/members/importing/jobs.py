"""Import jobs: an uploaded file validated or applied in the background, with progress.

The UI creates a job and enqueues it on commit; the worker runs `import_job_run`. The
job's counters are written inside each batch's transaction, so the progress bar never
shows rows that are not really there.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict
from functools import partial
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kesu.accounts.models import User
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.jobs import claim_fields, reap, reap_one, retry_check
from kesu.core.sheets import SheetError
from kesu.members.importing.errorcopy import error_copy
from kesu.members.importing.pipeline import Importer, RosterResult, read_sheet
from kesu.members.models import ImportJob
from kesu.orgs import access
from kesu.orgs.models import Organization

logger = logging.getLogger(__name__)
Status = ImportJob.Status
# The job row keeps the first errors for the page; the error copy has all of them.
MAX_STORED_ERRORS = 1000
ACTIVE = (Status.PENDING, Status.RUNNING, Status.CANCELLING)


def _enqueue(job_id: int) -> None:
    from kesu.members.tasks import import_job_task

    import_job_task.enqueue(job_id)


def import_jobs_for(*, user: Actor) -> QuerySet[ImportJob]:
    """The jobs a user may open: in their subtree, for roles that may change the roster
    (those whose process died failed first, so the list never shows them running)."""
    visible = access.restrict(
        ImportJob.objects.select_related("org", "created_by"), user, access.CHANGE
    )
    reap(visible)
    return visible


def import_job_get(*, user: Actor, pk: Any) -> ImportJob:
    """The job as its page shows it: failed first if its process died."""
    access.require(user, access.CHANGE)  # viewers and members: 403, not 404
    return reap_one(
        access.get_for_user(
            ImportJob.objects.select_related("org", "created_by"), user, access.CHANGE, pk=pk
        )
    )


def import_job_create(
    *, actor: User, org: Organization, upload: UploadedFile, dry_run: bool
) -> ImportJob:
    """Store the upload and queue its processing once the job row is committed."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    suffix = PurePath(upload.name or "").suffix.lower() or ".xlsx"
    with transaction.atomic():
        job = ImportJob(
            org=org, created_by=actor, original_name=(upload.name or "")[:200], dry_run=dry_run
        )
        # A random stored name: the original one is kept for display only.
        job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
        job.save()
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _rerun(job: ImportJob, actor: User, *, dry_run: bool) -> ImportJob:
    """A new job over the same stored file, queued once committed (inside the caller's
    transaction)."""
    again = ImportJob.objects.create(
        org=job.org,
        created_by=actor,
        file=job.file.name,
        original_name=job.original_name,
        dry_run=dry_run,
    )
    transaction.on_commit(partial(_enqueue, again.pk))
    return again


def import_job_apply(*, actor: User, job: ImportJob) -> ImportJob:
    """After a dry run: apply the same stored file as a new job."""
    access.ensure_org_in_scope(actor, job.org, access.CHANGE)
    if not job.dry_run or job.status != Status.DONE:
        raise access.Forbidden("只有已完成的校验任务可以确认导入")
    with transaction.atomic():
        return _rerun(job, actor, dry_run=False)


def import_job_retry(
    *, actor: User, job: ImportJob, request: HttpRequest | None = None
) -> ImportJob:
    """Run a failed job again from its stored upload, as a new job (rows already imported
    are found again by ID number, so nothing is doubled). Raises RetryRefused."""
    access.ensure_org_in_scope(actor, job.org, access.CHANGE)
    retry_check(job, job.file)
    with transaction.atomic():
        again = _rerun(job, actor, dry_run=job.dry_run)
        audit_object(
            actor,
            "member.import_retry",
            again,
            {"job": job.pk},
            request,
            target_type="import_job",
            label=job.original_name,
            org=job.org,
        )
    return again


def import_job_errors_download(
    *, actor: User, job: ImportJob, request: HttpRequest | None = None
) -> tuple[File, str]:
    """The error copy of the sheet (opened) and its download name; who took it is audited:
    it holds what was uploaded, personal data included. NotFound when there is none."""
    if not job.error_file:
        raise access.NotFound()
    with transaction.atomic():
        audit_object(
            actor,
            "member.import_errors_download",
            job,
            None,
            request,
            target_type="import_job",
            label=job.original_name,
        )
    stem = PurePath(job.original_name).stem or "导入"
    return job.error_file.open("rb"), f"{stem}_错误信息.xlsx"


def import_job_cancel(*, actor: User, job: ImportJob) -> bool:
    """Ask a queued or running job to stop; the runner stops between batches."""
    access.ensure_org_in_scope(actor, job.org, access.CHANGE)
    changed = ImportJob.objects.filter(
        pk=job.pk, status__in=[Status.PENDING, Status.RUNNING]
    ).update(status=Status.CANCELLING)
    return bool(changed)


def _finish(job: ImportJob, status: str, message: str = "", **fields: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, message=message[:300], finished_at=timezone.now(), **fields
    )


def import_job_run(job_id: int, *, batch_size: int | None = None) -> None:
    """Run one job to completion (the background task's body). Safe to call twice."""
    claimed = ImportJob.objects.filter(pk=job_id, status=Status.PENDING).update(
        started_at=timezone.now(), **claim_fields()
    )
    job = ImportJob.objects.select_related("org", "created_by").filter(pk=job_id).first()
    if job is None:
        return
    if not claimed:
        if job.status == Status.CANCELLING:  # cancelled before it started
            _finish(job, Status.CANCELLED, "导入已取消")
        return
    try:
        _run(job, batch_size)
    except Exception:
        logger.exception("import job %s failed", job_id)
        _finish(job, Status.FAILED, "导入过程中发生内部错误，已完成的批次已保存，其余未导入")


def _run(job: ImportJob, batch_size: int | None) -> None:
    actor = job.created_by
    try:
        if actor is None:
            raise access.Forbidden()
        access.ensure_org_in_scope(actor, job.org, access.CHANGE)
    except (access.Forbidden, access.NotFound):
        _finish(job, Status.FAILED, "导入人已无权向该组织导入会员")
        return
    try:
        with job.file.open("rb") as handle:
            sheet = read_sheet(handle)
    except (SheetError, OSError) as exc:
        _finish(job, Status.FAILED, str(exc))
        return
    importer = Importer(
        sheet, org=job.org, actor=actor, dry_run=job.dry_run, job_id=job.pk, batch_size=batch_size
    )

    def should_stop() -> bool:
        return ImportJob.objects.filter(pk=job.pk, status=Status.CANCELLING).exists()

    def on_batch(result: RosterResult) -> None:
        ImportJob.objects.filter(pk=job.pk).update(
            total_rows=result.total,
            processed_rows=result.processed,
            created_count=result.created,
            updated_count=result.updated,
            unchanged_count=result.unchanged,
            rejected_count=result.rejected,
        )

    result = importer.run(should_stop=should_stop, on_batch=on_batch)
    fields: dict[str, Any] = {"errors": [asdict(e) for e in result.errors[:MAX_STORED_ERRORS]]}
    if result.errors:
        job.error_file.save(
            f"{uuid.uuid4().hex}.xlsx", ContentFile(error_copy(sheet, result.errors)), save=False
        )
        fields["error_file"] = job.error_file.name
    if result.cancelled:
        _finish(job, Status.CANCELLED, _summary(result, cancelled=True), **fields)
    else:
        _finish(job, Status.DONE, _summary(result), **fields)


def _summary(result: RosterResult, *, cancelled: bool = False) -> str:
    text = (
        f"新增{result.created}人，更新{result.updated}人，无变化{result.unchanged}人，"
        f"未通过{result.rejected}行"
    )
    if cancelled:
        text = f"已取消：已处理{result.processed}/{result.total}行（{text}）"
    return text
