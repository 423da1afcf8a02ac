"""The roster import pipeline: sheet → clean records → classify against the roster → apply.

Records are processed in batches. Each applied batch is one transaction holding its
creations, its updates, their audit rows and the caller's progress counters, so a crash
or a cancel leaves whole batches only. The per-row CPU work (validation, hashing,
encryption) is done by `prepare`, for large files in a forked worker that runs ahead of
the batch being written; duplicate detection, the roster lookup (one query per batch) and
the writes stay here, in file order, whichever way the rows were prepared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from kesu.audit.services import audit_record, diff
from kesu.core.bulk import bulk_insert
from kesu.core.importing import RowError
from kesu.core.sheets import Sheet, open_sheet
from kesu.members import tally
from kesu.members.importing.columns import MEMBER_ALIASES, REQUIRED
from kesu.members.importing.prepare import Prepared, Preparer
from kesu.members.models import Member
from kesu.members.services import ID_NUMBER_UNAVAILABLE, member_snapshot
from kesu.members.validation import FIELD_LABELS, ID_HASH_POSITION, PROTECTED_COLUMNS
from kesu.orgs import access
from kesu.orgs.models import Organization

BATCH_ROWS = 2000
# What an import may change on a member already on the roster, in validation order: all
# clean fields but the ID number and what derives from it (gender, birth date).
_UPDATABLE = (
    "name",
    "phone",
    "notes",
    "ethnicity",
    "education",
    "political_status",
    "status",
    "is_migrant_worker",
    "employer_name",
    "occupation",
    "joined_on",
)
_PHONE_FIELDS = ("phone_enc", "phone_hash", "phone_masked", "phone_tail")
OUT_OF_SCOPE_MESSAGE = ID_NUMBER_UNAVAILABLE


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
    errors: list[RowError] = field(default_factory=list)
    cancelled: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [asdict(e) for e in self.errors],
        }


@dataclass
class _Batch:
    """What one batch would do; merged into the result only once it is committed."""

    creates: list[tuple[Any, ...]] = field(default_factory=list)  # PROTECTED_COLUMNS order
    create_rows: list[int] = field(default_factory=list)
    updates: list[tuple[Member, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected: int = 0
    taken: list[tuple[int, Member, bool]] = field(default_factory=list)  # row, holder, shown


# SQLite (WAL): pages of the WAL between automatic checkpoints while importing. Each batch
# rewrites thousands of index pages (random ID and phone hashes); checkpointing every few
# batches instead of after each one copies (and syncs) a hot page once instead of each time.
_IMPORT_WAL_PAGES = 10000


@contextmanager
def _bulk_writes() -> Iterator[None]:
    """Checkpoint the SQLite WAL less often during an import, and once at its end (so the
    import leaves no more behind than usual). Durability is unchanged: commits are in the
    WAL either way."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA wal_autocheckpoint = {max(previous, _IMPORT_WAL_PAGES)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {previous}")
            if not connection.in_atomic_block:
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _existing(hashes: list[str]) -> dict[str, Member]:
    """The members already holding these ID hashes. Most of a large import is new people:
    one lean query finds the hashes on the roster (the ORM would cost more than the lookup
    itself with thousands of parameters), and only those members are loaded."""
    if not hashes:
        return {}
    quote = connection.ops.quote_name
    meta = Member._meta
    column = quote(meta.get_field("id_number_hash").column)
    # Identifiers come from model metadata, quoted; the hashes are parameters.
    sql = "SELECT {} FROM {} WHERE {} IN ({})".format(  # noqa: S608
        column, quote(meta.db_table), column, ", ".join(["%s"] * len(hashes))
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, hashes)
        found = [h for (h,) in cursor.fetchall()]
    if not found:
        return {}
    return {
        m.id_number_hash: m
        for m in Member.objects.filter(id_number_hash__in=found).select_related("org")
    }


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
        self.order = {name: col for col, name in sheet.columns.items()}
        self.record = sheet.record_maker()  # row index -> {field: cell}
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
        indices = self.sheet.record_indices()
        self.result.total = len(indices)
        with _bulk_writes(), Preparer(self.record, indices, self.batch_size) as preparer:
            for chunk, prepared in preparer:
                if should_stop():
                    self.result.cancelled = True
                    break
                self._run_batch(chunk, prepared, on_batch)
        return self.result

    def _run_batch(
        self,
        chunk: list[int],
        prepared: Prepared,
        on_batch: Callable[[ImportResult], None] | None,
    ) -> None:
        valid, errors, rejected = self._clean(chunk, prepared)
        if self.dry_run:
            batch = self._classify(valid)
            with transaction.atomic():
                self._audit_taken(batch)
            self.result = self._merged(batch, errors, rejected, len(chunk))
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
                    result = self._merged(batch, errors, rejected, len(chunk))
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
        self, chunk: list[int], prepared: Prepared
    ) -> tuple[list[tuple[int, tuple[Any, ...]]], list[RowError], int]:
        """Duplicate detection in file order (sequential by nature) over prepared records:
        (row, values) of the valid ones, the errors and the count of rejected rows."""
        valid = []
        errors: list[RowError] = []
        rejected = 0
        seen = self.seen
        refused = prepared.rejected
        for position, values in enumerate(prepared.values):
            row = chunk[position] + 1
            if values is None:
                problems, number_hash = refused[position]
            else:
                problems, number_hash = None, values[ID_HASH_POSITION]
            if number_hash:
                first = seen.setdefault(number_hash, row)
                if first != row:
                    problems = problems or {}
                    problems["id_number"] = f"与第{first}行身份证号重复"
            if problems:
                rejected += 1
                errors.extend(self._row_errors(row, problems))
                continue
            valid.append((row, values))
        return valid, errors, rejected

    def _row_errors(self, row: int, problems: dict[str, str]) -> list[RowError]:
        names = sorted(problems, key=lambda n: self.order.get(n, 1000))
        return [RowError(row, self.label(n), problems[n]) for n in names]

    def _classify(self, valid: list[tuple[int, tuple[Any, ...]]]) -> _Batch:
        batch = _Batch()
        existing = _existing([values[ID_HASH_POSITION] for _, values in valid])
        org_id = self.org.pk
        for row, values in valid:
            member = existing.get(values[ID_HASH_POSITION]) if existing else None
            if member is None:
                batch.creates.append(values)
                batch.create_rows.append(row)
            elif member.org_id == org_id:
                changes = self._changes(member, self.record(row - 1), values)
                if changes:
                    batch.updates.append((member, changes))
                else:
                    batch.unchanged += 1
            else:
                shown = self.scope is None or member.org.path.startswith(self.scope)
                batch.rejected += 1
                batch.taken.append((row, member, shown))
                batch.errors.append(
                    RowError(row, self.label("id_number"), self._elsewhere(member, shown))
                )
        return batch

    @staticmethod
    def _elsewhere(member: Member, shown: bool) -> str:
        # Name the other unit only when the actor could see it anyway.
        if shown:
            return (
                f"该身份证号已在“{member.org.name}”登记为会员（{member.name}），"
                "如需调入本单位请办理转会"
            )
        return OUT_OF_SCOPE_MESSAGE

    def _audit_taken(self, batch: _Batch) -> None:
        """Each ID number found on another unit's roster is a lookup of that member: audited
        at the holder's unit, as members.services.id_number_taken does."""
        for row, member, shown in batch.taken:
            audit_record(
                actor=self.actor,
                action="member.id_number_taken",
                target_type="member",
                target_id=member.pk,
                target_repr=str(member),
                org_path=member.org.path,
                changes={
                    "requesting_org": self.org.code,
                    "unit_shown": shown,
                    "row": row,
                    "job": self.job_id,
                },
            )

    @staticmethod
    def _changes(member: Member, rec: dict[str, Any], values: tuple[Any, ...]) -> dict[str, Any]:
        """Model fields to set. Blank cells never erase what the roster already holds."""
        fields = dict(zip(PROTECTED_COLUMNS, values, strict=True))
        out: dict[str, Any] = {}
        for name in _UPDATABLE:
            if name not in rec or _blank(rec[name]):
                continue
            if name == "phone":
                if member.phone_hash != fields["phone_hash"]:
                    for key in _PHONE_FIELDS:
                        out[key] = fields[key]
            elif getattr(member, name) != fields[name]:
                out[name] = fields[name]
        return out

    def _apply(self, batch: _Batch) -> None:
        touched = [self.org.pk, *(member.org_id for member, _changes in batch.updates)]
        with tally.writing_in_bulk(touched):
            self._write(batch)
        self._audit_taken(batch)

    def _write(self, batch: _Batch) -> None:
        if batch.creates:
            bulk_insert(
                Member, batch.creates, columns=PROTECTED_COLUMNS, common={"org_id": self.org.pk}
            )
            audit_record(
                actor=self.actor,
                action="member.import",
                target_type="import_job",
                target_id=self.job_id or "",
                target_repr=f"{self.org.name} 导入会员",
                org_path=self.org.path,
                changes={
                    "created": len(batch.creates),
                    "job": self.job_id,
                    "rows": [batch.create_rows[0], batch.create_rows[-1]],
                },
            )
        for member, changes in batch.updates:
            before = member_snapshot(member)
            for name, value in changes.items():
                setattr(member, name, value)
            member.save(update_fields=[*changes, "updated_at"])
            audit_record(
                actor=self.actor,
                action="member.update",
                target_type="member",
                target_id=member.pk,
                target_repr=str(member),
                org_path=self.org.path,
                changes=diff(before, member_snapshot(member)),
            )

    def _merged(self, batch: _Batch, errors: list, rejected: int, count: int) -> ImportResult:
        """The result after this batch, as a new object: kept only once the batch commits."""
        r = self.result
        merged = errors + batch.errors
        merged.sort(key=lambda e: e.row)
        return ImportResult(
            total=r.total,
            processed=r.processed + count,
            created=r.created + len(batch.creates),
            updated=r.updated + len(batch.updates),
            unchanged=r.unchanged + batch.unchanged,
            rejected=r.rejected + rejected + batch.rejected,
            errors=r.errors + merged,
        )


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
