"""Bulk export (.xlsx) of archive summaries for an organisation subtree: one row per active
member with this year's figures. Set-based (kesu.archive.rules batches), masked unless the
role may see personal data, formula-safe, audited. Large subtrees are written by a
background task with progress (SummaryExport)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from openpyxl import Workbook

from kesu.archive import figures, rules
from kesu.archive.models import SummaryExport
from kesu.audit.services import audit_record
from kesu.audit.writes import audit_object
from kesu.core import crypto
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.core.jobs import retry_check
from kesu.members.exporting import sync_max_rows
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.web.jobs import claim, ensure_done, mark_done, mark_failed, requested_job, store_workbook

logger = logging.getLogger(__name__)
HEADERS = [
    "姓名",
    "身份证号",
    "所属工会",
    "本年学时",
    "本年参加活动（场）",
    "最新测评等级",
    "本年创新成果（项）",
    "本年先进表彰（项）",
    "达到评估要求",
    "未达要求项",
]
SHORTFALL_HEADERS = [*HEADERS[:7], HEADERS[-1]]  # the members short of the rule: no verdict


def filename(org: Organization, year: int, kind: str = "档案汇总") -> str:
    return f"科学素质{kind}_{org.code}_{year}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


def _org_names(org: Organization) -> dict[int, str]:
    return dict(Organization.objects.filter(path__startswith=org.path).values_list("id", "name"))


def _id_number(row: dict, masked: bool) -> str:
    return row["id_number_masked"] if masked else crypto.decrypt(row["id_number_enc"])


def _meets(f: figures.Figures) -> str:
    return "未设规则" if f.meets is None else ("是" if f.meets else "否")


def write_summaries(
    org: Organization,
    year: int,
    out: IO[bytes],
    *,
    masked: bool,
    shortfalls_only: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the workbook to `out` (openpyxl write-only: memory stays flat); the row count."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("未达要求会员" if shortfalls_only else "科学素质档案汇总")
    ws.append(SHORTFALL_HEADERS if shortfalls_only else HEADERS)
    names = _org_names(org)
    count = seen = 0
    for row, f in rules.evaluate(org, year):
        seen += 1
        if progress and seen % rules.BATCH == 0:
            progress(seen)
        if shortfalls_only and not f.lacks:
            continue
        hours = "" if f.hours is None else f.hours
        values = [
            row["name"],
            _id_number(row, masked),
            names.get(row["org_id"], ""),
            hours,
            f.activities,
            f.tier,
        ]
        if shortfalls_only:
            values += [f.achievements, "；".join(f.lacks)]
        else:
            values += [f.achievements, f.honours, _meets(f), "；".join(f.lacks)]
        ws.append([safe_cell(v) for v in values])
        count += 1
    book.save(out)
    return count


def _audit(
    user: Actor,
    org: Organization,
    year: int,
    rows: int,
    masked: bool,
    request: HttpRequest | None,
    *,
    action: str = "archive.export",
    job_id: int | None = None,
) -> None:
    audit_record(
        actor=user,
        action=action,
        target_type="archive_export",
        target_id=job_id or "",
        target_repr=f"{org.name} {year}年科学素质档案导出",
        org_path=org.path,
        changes={
            "org": org.code,
            "year": year,
            "rows": rows,
            "masked": masked,
            **({"job": job_id} if job_id else {}),
        },
        request=request,
    )


def member_count(org: Organization) -> int:

    return Member.objects.current().filter(org__path__startswith=org.path).count()


def summary_export(
    *,
    user: Actor,
    org: Organization,
    year: int,
    out: IO[bytes],
    shortfalls_only: bool = False,
    request: HttpRequest | None = None,
) -> int:
    """Write the export now; it is handed out only once its audit row has committed. The
    read takes no transaction: on SQLite that would hold the only write lock for the whole
    evaluation and spreadsheet (see members.exporting.member_export)."""
    access.ensure_org_in_scope(user, org, access.VIEW)
    masked = not access.can_view_pii(user)
    rows = write_summaries(org, year, out, masked=masked, shortfalls_only=shortfalls_only)
    with transaction.atomic():
        _audit(
            user,
            org,
            year,
            rows,
            masked,
            request,
            action="archive.shortfalls_export" if shortfalls_only else "archive.export",
        )
    return rows


def needs_background(org: Organization) -> bool:
    return member_count(org) > sync_max_rows()


def _enqueue(job_id: int) -> None:
    from kesu.archive.tasks import summary_export_task

    summary_export_task.enqueue(job_id)


def _queue(user: Actor, org: Organization, year: int) -> SummaryExport:
    """A new job queued once committed (inside the caller's transaction)."""
    job = SummaryExport.objects.create(
        created_by=user, org=org, year=year, masked=not access.can_view_pii(user)
    )
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def job_create(*, user: Actor, org: Organization, year: int) -> SummaryExport:
    access.ensure_org_in_scope(user, org, access.VIEW)
    with transaction.atomic():
        return _queue(user, org, year)


def job_retry(
    *, user: Actor, job: SummaryExport, request: HttpRequest | None = None
) -> SummaryExport:
    """Run a failed export again for the same organisation and year, as a new job
    (RetryRefused if not failed); the organisation must still be in the user's scope."""
    access.ensure_org_in_scope(user, job.org, access.VIEW)
    retry_check(job)
    with transaction.atomic():
        again = _queue(user, job.org, job.year)
        audit_object(
            user,
            "archive.export_retry",
            again,
            {"job": job.pk},
            request,
            target_type="archive_export",
            label=f"{job.org.name} {job.year}年科学素质档案导出",
            org=job.org,
        )
    return again


def job_get(*, user: Actor, pk: Any) -> SummaryExport:
    """Only the requester sees an export job (see `requested_job`)."""
    return requested_job(SummaryExport.objects.select_related("org"), user=user, pk=pk)


def job_download(*, user: Actor, job: SummaryExport, request: HttpRequest | None = None) -> File:
    ensure_done(job)
    with transaction.atomic():
        _audit(
            user,
            job.org,
            job.year,
            job.total_rows,
            job.masked,
            request,
            action="archive.export_download",
            job_id=job.pk,
        )
    return job.file.open("rb")


def job_run(job_id: int) -> None:
    """The background task's body: write the file, then mark done and audit in one commit."""
    job = claim(SummaryExport, job_id, "created_by", "org")
    if job is None:
        return
    user = job.created_by
    try:
        if user is None:
            raise access.Forbidden()
        access.ensure_org_in_scope(user, job.org, access.VIEW)
        masked = job.masked or not access.can_view_pii(user)
        SummaryExport.objects.filter(pk=job_id).update(total_rows=member_count(job.org))
        rows = store_workbook(job, partial(write_summaries, job.org, job.year, masked=masked))
        with transaction.atomic():
            mark_done(job, rows, masked=masked)
            _audit(user, job.org, job.year, rows, masked, None, job_id=job_id)
    except (access.Forbidden, access.NotFound):
        mark_failed(SummaryExport, job_id, "导出人已无权查看该组织")
    except Exception:
        logger.exception("archive export %s failed", job_id)
        mark_failed(SummaryExport, job_id, "导出过程中发生内部错误")
