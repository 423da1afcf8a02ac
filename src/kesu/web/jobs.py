"""What the export jobs share: a job is its requester's alone; the worker claims it, writes
its workbook with progress, and marks it done or failed; its file can be fetched once done."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone

from kesu.core.actors import Actor
from kesu.core.jobs import JobStatus, RowsJob, claim_fields, reap_one
from kesu.orgs import access

J = TypeVar("J", bound=RowsJob)


def requested_job(jobs: QuerySet[J], *, user: Actor, pk: Any) -> J:
    """The job `pk` of `jobs` if `user` asked for it; anyone else gets the same 404 as for
    none. A job whose process died is failed first."""
    access.require(user, access.VIEW)
    job = jobs.filter(pk=pk, created_by=user).first() if user.pk else None
    if job is None:
        raise access.NotFound()
    return reap_one(job)


def ensure_done(job: Any) -> None:
    """404 unless the job is done and has its file (nothing to fetch yet, or any more)."""
    if job.status != JobStatus.DONE or not job.file:
        raise access.NotFound()


def claim(model: type[J], job_id: int, *related: str) -> J | None:
    """The pending job `job_id` of `model`, claimed by this process (with `related` rows
    read along); None if another process claimed it first or it is gone."""
    pending = model._default_manager.filter(pk=job_id, status=JobStatus.PENDING)
    claimed = pending.update(**claim_fields())
    job = model._default_manager.select_related(*related).filter(pk=job_id).first()
    return job if claimed and job is not None else None


def store_workbook(job: Any, write: Callable[..., int]) -> int:
    """Write the job's file with `write(file, progress=…)` (progress: rows done so far, shown
    on the job's page) and keep it on `job.file` (the job row is saved by `mark_done`); returns
    the number of rows written."""
    rows = type(job)._default_manager.filter(pk=job.pk)

    def progress(done: int) -> None:
        rows.update(processed_rows=done)

    with tempfile.TemporaryFile() as tmp:
        written = write(tmp, progress=progress)
        tmp.seek(0)
        job.file.save(f"{uuid.uuid4().hex}.xlsx", File(tmp), save=False)
    return written


def mark_done(job: Any, rows: int, *, masked: bool) -> None:
    """The job is done: its file, `rows` rows written, whether they were masked."""
    type(job)._default_manager.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        file=job.file.name,
        total_rows=rows,
        processed_rows=rows,
        masked=masked,
        finished_at=timezone.now(),
    )


def mark_failed(model: type[RowsJob], job_id: int, message: str) -> None:
    """The job failed; `message` (in Chinese) tells its requester why."""
    model._default_manager.filter(pk=job_id).update(
        status=JobStatus.FAILED,
        message=message,
        finished_at=timezone.now(),
    )
