"""Roster export to .xlsx: the same filters and scope as the roster list, masked unless the
role may see personal data, every text cell formula-safe, every export audited.

Small exports are returned directly; large ones become an ExportJob run in the background.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from functools import lru_cache, partial
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone, translation
from openpyxl import Workbook

from kesu.audit.services import audit_record
from kesu.core import crypto
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.core.jobs import retry_check
from kesu.members.choices import Education, Gender, MemberStatus, PoliticalStatus
from kesu.members.importing.columns import FIELDS
from kesu.members.models import ExportJob, Member
from kesu.members.selectors import MemberFilters, count_up_to, member_list, member_list_counts
from kesu.members.validation import FIELD_LABELS
from kesu.orgs import access
from kesu.web.jobs import claim, ensure_done, mark_done, mark_failed, requested_job, store_workbook

logger = logging.getLogger(__name__)
SYNC_MAX_ROWS = 5000
HEADERS = ["所属工会", *(FIELD_LABELS[f] for f in FIELDS)]
_PROGRESS_EVERY = 2000
PAGE_ROWS = 2000  # members read per statement


def sync_max_rows() -> int:
    """Above this many rows an export runs in the background (KESU_EXPORT_SYNC_MAX_ROWS)."""
    return int(getattr(settings, "KESU_EXPORT_SYNC_MAX_ROWS", SYNC_MAX_ROWS))


def filename() -> str:
    return f"会员名册_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    # Source (Chinese) labels, the spelling the import accepts back.
    with translation.override(None):
        return {
            name: {code: str(label) for code, label in codes.choices}
            for name, codes in (
                ("gender", Gender),
                ("education", Education),
                ("political_status", PoliticalStatus),
                ("status", MemberStatus),
            )
        }


def _row(m: Member, masked: bool, labels: dict[str, dict[str, str]]) -> list[Any]:
    if masked:
        id_number, phone = m.id_number_masked, m.phone_masked
    else:
        id_number, phone = crypto.decrypt(m.id_number_enc), crypto.decrypt(m.phone_enc)
    values = [
        m.org.name,
        m.name,
        labels["gender"].get(m.gender, ""),
        id_number,
        m.birth_date,
        phone,
        m.ethnicity,
        labels["education"].get(m.education, ""),
        labels["political_status"].get(m.political_status, ""),
        m.employer_name,
        m.occupation,
        "是" if m.is_migrant_worker else "否",
        m.joined_on,
        labels["status"].get(m.status, ""),
        m.notes,
    ]
    return [safe_cell(v) for v in values]


def write_roster(
    members: Iterable[Member],
    out: IO[bytes],
    *,
    masked: bool,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write members to `out` (openpyxl write-only: memory stays flat). Returns the count."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("会员名册")
    ws.append(HEADERS)
    labels = _labels()
    count = 0
    for member in members:
        ws.append(_row(member, masked, labels))
        count += 1
        if progress and count % _PROGRESS_EVERY == 0:
            progress(count)
    book.save(out)
    return count


def _audit(
    user: Actor,
    filters: MemberFilters,
    rows: int,
    masked: bool,
    request: HttpRequest | None,
    job_id: int | None = None,
    action: str = "member.export",
) -> None:
    audit_record(
        actor=user,
        action=action,
        target_type="member_export",
        target_id=job_id or "",
        target_repr="会员名册导出",
        org_path=user.org.path if user.org_id else "",
        changes={
            "filters": dataclasses.asdict(filters),
            "rows": rows,
            "masked": masked,
            **({"job": job_id} if job_id else {}),
        },
        request=request,
    )


def export_in_background(*, user: Actor, filters: MemberFilters) -> bool:
    """More rows than sync_max_rows(): read from the roster roll-up under the list's dropdown
    filters, else counted only that far (a search over a province need not be counted whole)."""
    access.require(user, access.VIEW)
    limit = sync_max_rows()
    counts = member_list_counts(user=user, filters=filters)
    if counts is not None:
        return counts.listed > limit
    return count_up_to(member_list(user=user, filters=filters), limit) > limit


def _in_pages(qs: QuerySet[Member]) -> Iterator[Member]:
    """The members of `qs` (in its (org, id) order), read a page at a time by statements
    that run to their end: while the caller holds a member, no statement is open on the
    connection. A write made then (progress, the audit row) starts a transaction of its
    own; made under an open SELECT it would be SQLite's read-to-write upgrade, refused at
    once with "database is locked" whenever another connection has written since the
    SELECT began (no busy wait applies to an upgrade)."""
    page, size = qs, PAGE_ROWS
    while True:
        members = list(page[:size])
        yield from members
        if len(members) < size:
            return
        last = members[-1]
        page = qs.filter(Q(org_id__gt=last.org_id) | Q(org_id=last.org_id, pk__gt=last.pk))


def member_export(
    *, user: Actor, filters: MemberFilters, out: IO[bytes], request: HttpRequest | None = None
) -> int:
    """Write the filtered roster to `out` now; it is handed out only once its audit row has
    committed. The roster is one SELECT (one snapshot) read to its end, outside any
    transaction: on SQLite a transaction (IMMEDIATE) holds the only write lock, which an
    export kept for its whole read and spreadsheet from every check-in, import and worker
    claim. The audit row then takes it for one INSERT, with no statement left open."""
    access.require(user, access.VIEW)
    masked = not access.can_view_pii(user)
    members = member_list(user=user, filters=filters).iterator(chunk_size=PAGE_ROWS)
    with closing(members):  # closed (its statement finished) even if the sheet fails
        rows = write_roster(members, out, masked=masked)
    with transaction.atomic():
        _audit(user, filters, rows, masked, request)
    return rows


def _enqueue(job_id: int) -> None:
    from kesu.members.tasks import export_job_task

    export_job_task.enqueue(job_id)


def _queue(user: Actor, filters: dict[str, Any]) -> ExportJob:
    """A new job queued once committed (inside the caller's transaction)."""
    job = ExportJob.objects.create(
        created_by=user,
        org=user.org if user.org_id else None,
        filters=filters,
        masked=not access.can_view_pii(user),
    )
    transaction.on_commit(partial(_enqueue, job.pk))
    return job


def export_job_create(*, user: Actor, filters: MemberFilters) -> ExportJob:
    access.require(user, access.VIEW)
    with transaction.atomic():
        return _queue(user, dataclasses.asdict(filters))


def export_job_retry(
    *, user: Actor, job: ExportJob, request: HttpRequest | None = None
) -> ExportJob:
    """Run a failed export again with the same filters, as a new job (RetryRefused if not
    failed). What it may show is decided afresh, from the requester's role now."""
    access.require(user, access.VIEW)
    retry_check(job)
    with transaction.atomic():
        again = _queue(user, job.filters)
        audit_record(
            actor=user,
            action="member.export_retry",
            target_type="member_export",
            target_id=again.pk,
            target_repr="会员名册导出",
            changes={"job": job.pk},
            org_path=user.org.path if user.org_id else "",
            request=request,
        )
    return again


def export_job_get(*, user: Actor, pk: Any) -> ExportJob:
    """Only the requester sees an export job (see `requested_job`)."""
    return requested_job(ExportJob.objects.all(), user=user, pk=pk)


def export_job_download(*, user: Actor, job: ExportJob, request: HttpRequest | None = None) -> File:
    ensure_done(job)
    with transaction.atomic():
        _audit(
            user,
            MemberFilters(**job.filters),
            job.total_rows,
            job.masked,
            request,
            job_id=job.pk,
            action="member.export_download",
        )
    return job.file.open("rb")


def export_job_run(job_id: int) -> None:
    """The background task's body: write the file, then mark done and audit in one commit."""
    job = claim(ExportJob, job_id, "created_by", "created_by__org")
    if job is None:
        return
    user = job.created_by
    try:
        if user is None or not access.can(user, access.VIEW):
            raise access.Forbidden()
        filters = MemberFilters(**job.filters)
        masked = job.masked or not access.can_view_pii(user)
        qs = member_list(user=user, filters=filters)
        ExportJob.objects.filter(pk=job_id).update(total_rows=qs.count())
        rows = store_workbook(job, partial(write_roster, _in_pages(qs), masked=masked))
        with transaction.atomic():
            mark_done(job, rows, masked=masked)
            _audit(user, filters, rows, masked, None, job_id=job_id)
    except access.Forbidden:
        mark_failed(ExportJob, job_id, "导出人已无权查看会员名册")
    except Exception:
        logger.exception("export job %s failed", job_id)
        mark_failed(ExportJob, job_id, "导出过程中发生内部错误")
