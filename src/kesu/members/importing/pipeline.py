"""The roster import pipeline: sheet → clean records → classify against the roster → apply.

Records are processed in batches. Each applied batch is one transaction holding its
creations, its updates, their audit rows and the caller's progress counters, so a crash
or a cancel leaves whole batches only. Per-row work stays lean (one clean, one encryption
pass, one dict lookup); the roster is queried once per batch.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from kesu.audit.services import audit_record, diff
from kesu.core.bulk import bulk_insert
from kesu.core.sheets import Sheet, open_sheet
from kesu.members.importing.columns import MEMBER_ALIASES, REQUIRED
from kesu.members.models import Member
from kesu.members.services import member_snapshot
from kesu.members.validation import (
    FIELD_LABELS,
    clean_member_data,
    id_number_hash,
    protected_fields,
)
from kesu.orgs import access
from kesu.orgs.models import Organization

BATCH_ROWS = 2000
PARALLEL_MIN_ROWS = 20000  # below this, starting worker processes costs more than it saves
# Derived from the ID number itself, so never "updated" on their own.
_DERIVED = {"id_number", "gender", "birth_date"}
OUT_OF_SCOPE_MESSAGE = "该身份证号已在其他单位登记为会员，请联系对方单位办理转会"


def batch_rows() -> int:
    return int(getattr(settings, "KESU_IMPORT_BATCH_ROWS", BATCH_ROWS))


@dataclass
class ImportResult:
    total: int = 0
    processed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    cancelled: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
            "rejected": self.rejected, "errors": self.errors,
        }  # fmt: skip


@dataclass
class _Batch:
    """What one batch would do; merged into the result only once it is committed."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    create_rows: list[int] = field(default_factory=list)
    updates: list[tuple[Member, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    rejected: int = 0


# (clean values, problems, protected model fields or None, ID hash or "")
_Prepared = tuple[dict[str, Any], dict[str, str], "dict[str, Any] | None", str]


def _prepare(records: list[tuple[int, dict[str, Any]]], today: Any) -> list[_Prepared]:
    """The per-record CPU work (validation, hashing, encryption); needs no database, so
    it can run in worker processes."""
    out: list[_Prepared] = []
    for _row, rec in records:
        clean, problems = clean_member_data(rec, today=today)
        fields: dict[str, Any] | None = None
        number_hash = ""
        number = clean.get("id_number")
        if number is not None:
            if problems:
                number_hash = id_number_hash(number)
            else:
                fields = protected_fields(clean)
                number_hash = fields["id_number_hash"]
        out.append((clean, problems, fields, number_hash))
    return out


class _Preparer:
    """Runs `_prepare` per batch: in-process for ordinary files; for large ones in forked
    worker processes, ahead of the batch being written (validation and encryption are
    most of an import's CPU time, and the database writes stay in this process)."""

    def __init__(self, total: int) -> None:
        self.today = timezone.localdate()
        threshold = int(getattr(settings, "KESU_IMPORT_PARALLEL_MIN_ROWS", PARALLEL_MIN_ROWS))
        cpus = os.cpu_count() or 1
        self.pool = None
        if total >= threshold and cpus > 1 and "fork" in multiprocessing.get_all_start_methods():
            # fork: workers inherit configured Django and never touch the DB connection.
            self.pool = multiprocessing.get_context("fork").Pool(cpus)

    def map(self, chunks: list) -> Iterator[list[_Prepared]]:
        work = partial(_prepare, today=self.today)
        if self.pool is None:
            return map(work, chunks)
        return self.pool.imap(work, chunks)

    def __enter__(self) -> _Preparer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Importer:
    """One run over one sheet into one organisation on behalf of one actor."""

    def __init__(
        self,
        sheet: Sheet,
        *,
        org: Organization,
        actor: Any,
        dry_run: bool = False,
        job_id: int | None = None,
        batch_size: int | None = None,
    ) -> None:
        access.ensure_org_in_scope(actor, org, access.CHANGE)
        self.sheet, self.org, self.actor, self.dry_run = sheet, org, actor, dry_run
        self.job_id = job_id
        self.batch_size = batch_size or batch_rows()
        self.scope = access.scope_path(actor)
        self.seen: dict[str, int] = {}  # ID hash -> first Excel row carrying it
        order = {name: col for col, name in sheet.columns.items()}
        self.order = order
        self.result = ImportResult()

    def label(self, name: str) -> str:
        return self.sheet.labels.get(name) or FIELD_LABELS.get(name, name)

    def run(
        self,
        *,
        should_stop: Callable[[], bool] = lambda: False,
        on_batch: Callable[[ImportResult], None] | None = None,
    ) -> ImportResult:
        """Process every record. `should_stop` is asked between batches; `on_batch` runs
        inside each applied batch's transaction (progress counters commit with the rows)."""
        records = list(self.sheet.records())
        self.result.total = len(records)
        chunks = [records[i : i + self.batch_size] for i in range(0, len(records), self.batch_size)]
        with _Preparer(len(records)) as preparer:
            for chunk, prepared in zip(chunks, preparer.map(chunks), strict=False):
                if should_stop():
                    self.result.cancelled = True
                    break
                self._run_batch(chunk, prepared, on_batch)
        return self.result

    def _run_batch(
        self,
        records: list[tuple[int, dict[str, Any]]],
        prepared: list[_Prepared],
        on_batch: Callable[[ImportResult], None] | None,
    ) -> None:
        valid, errors, rejected = self._clean(records, prepared)
        if self.dry_run:
            self.result = self._merged(self._classify(valid), errors, rejected, len(records))
            if on_batch:
                on_batch(self.result)
            return
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    # Classify inside the transaction: the roster cannot change under us
                    # between the lookup and the writes (SQLite takes the write lock here).
                    batch = self._classify(valid)
                    self._apply(batch)
                    result = self._merged(batch, errors, rejected, len(records))
                    if on_batch:
                        on_batch(result)
            except IntegrityError:
                # A member with one of these IDs was created concurrently: classify again.
                if attempt == 2:
                    raise
            else:
                self.result = result
                return

    def _clean(
        self, records: list[tuple[int, dict[str, Any]]], prepared: list[_Prepared]
    ) -> tuple[list[tuple[int, dict[str, Any], dict[str, Any], dict[str, Any]]], list, int]:
        """Duplicate detection in file order (sequential by nature) over prepared records."""
        valid = []
        errors: list[dict[str, Any]] = []
        rejected = 0
        seen = self.seen
        for (row, rec), (clean, problems, fields, number_hash) in zip(
            records, prepared, strict=True
        ):
            if number_hash:
                first = seen.get(number_hash)
                if first is None:
                    seen[number_hash] = row
                else:
                    problems["id_number"] = f"与第{first}行身份证号重复"
            if problems:
                rejected += 1
                errors.extend(self._row_errors(row, problems))
                continue
            valid.append((row, rec, clean, fields))
        return valid, errors, rejected

    def _row_errors(self, row: int, problems: dict[str, str]) -> list[dict[str, Any]]:
        names = sorted(problems, key=lambda n: self.order.get(n, 1000))
        return [{"row": row, "column": self.label(n), "message": problems[n]} for n in names]

    def _classify(self, valid: list) -> _Batch:
        batch = _Batch()
        hashes = [fields["id_number_hash"] for _, _, _, fields in valid]
        existing = (
            {
                m.id_number_hash: m
                for m in Member.objects.filter(id_number_hash__in=hashes).select_related("org")
            }
            if hashes
            else {}
        )
        org_id = self.org.pk
        for row, rec, clean, fields in valid:
            member = existing.get(fields["id_number_hash"])
            if member is None:
                fields["org_id"] = org_id
                batch.creates.append(fields)
                batch.create_rows.append(row)
            elif member.org_id == org_id:
                changes = self._changes(member, rec, clean, fields)
                if changes:
                    batch.updates.append((member, changes))
                else:
                    batch.unchanged += 1
            else:
                batch.rejected += 1
                batch.errors.append(
                    {
                        "row": row,
                        "column": self.label("id_number"),
                        "message": self._elsewhere(member),
                    }
                )
        return batch

    def _elsewhere(self, member: Member) -> str:
        # Name the other unit only when the actor could see it anyway.
        if self.scope is None or member.org.path.startswith(self.scope):
            return (
                f"该身份证号已在“{member.org.name}”登记为会员（{member.name}），"
                "如需调入本单位请办理转会"
            )
        return OUT_OF_SCOPE_MESSAGE

    @staticmethod
    def _changes(
        member: Member, rec: dict[str, Any], clean: dict[str, Any], fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Model fields to set. Blank cells never erase what the roster already holds."""
        out: dict[str, Any] = {}
        for name, value in clean.items():
            if name in _DERIVED or name not in rec or _blank(rec[name]):
                continue
            if name == "phone":
                if member.phone_hash != fields["phone_hash"]:
                    for key in ("phone_enc", "phone_hash", "phone_masked", "phone_tail"):
                        out[key] = fields[key]
            elif getattr(member, name) != value:
                out[name] = value
        return out

    def _apply(self, batch: _Batch) -> None:
        if batch.creates:
            bulk_insert(Member, batch.creates)
            audit_record(
                actor=self.actor, action="member.import", target_type="import_job",
                target_id=self.job_id or "", target_repr=f"{self.org.name} 导入会员",
                org_path=self.org.path,
                changes={
                    "created": len(batch.creates), "job": self.job_id,
                    "rows": [batch.create_rows[0], batch.create_rows[-1]],
                },
            )  # fmt: skip
        for member, changes in batch.updates:
            before = member_snapshot(member)
            for name, value in changes.items():
                setattr(member, name, value)
            member.save(update_fields=[*changes, "updated_at"])
            audit_record(
                actor=self.actor, action="member.update", target_type="member",
                target_id=member.pk, target_repr=str(member), org_path=self.org.path,
                changes=diff(before, member_snapshot(member)),
            )  # fmt: skip

    def _merged(self, batch: _Batch, errors: list, rejected: int, count: int) -> ImportResult:
        """The result after this batch, as a new object: kept only once the batch commits."""
        r = self.result
        merged = errors + batch.errors
        merged.sort(key=lambda e: e["row"])
        return ImportResult(
            total=r.total, processed=r.processed + count, created=r.created + len(batch.creates),
            updated=r.updated + len(batch.updates), unchanged=r.unchanged + batch.unchanged,
            rejected=r.rejected + rejected + batch.rejected, errors=r.errors + merged,
        )  # fmt: skip


def read_sheet(source: str | IO[bytes]) -> Sheet:
    """Open a roster sheet; raises core.sheets.SheetError when the file itself is unusable."""
    return open_sheet(source, aliases=MEMBER_ALIASES, required=REQUIRED)


def import_file(
    source: str | IO[bytes],
    *,
    org: Organization,
    actor: Any,
    dry_run: bool = False,
    batch_size: int | None = None,
) -> ImportResult:
    """Synchronous import (the CLI and the bench); raises SheetError for an unusable file."""
    sheet = read_sheet(source)
    return Importer(sheet, org=org, actor=actor, dry_run=dry_run, batch_size=batch_size).run()
