"""The roster import on the import skeleton (kesu.core.importing.SheetImport, batch by
batch): sheet → rows prepared → checked in file order → resolved against the roster →
written.

Each batch is one transaction holding its creations, its updates, their audit rows and the
caller's progress counters, so a crash or a cancel leaves whole batches only. The per-row
CPU work (validation, hashing, encryption) is done by `prepare`, for large files in a
forked worker that runs ahead of the batch being written; duplicate detection, the roster
lookup (one query per batch) and the writes stay here, in file order, whichever way the
rows were prepared.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from typing import IO, Any, cast

from django.conf import settings
from django.db import connection

from kesu.audit.services import audit_record, diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.bulk import bulk_insert
from kesu.core.importing import ImportResult, Row, SheetImport
from kesu.core.sheets import Sheet, SheetError, open_sheet
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
class RosterResult(ImportResult):
    """The skeleton's result under the names the roster's job, page and CLI use."""

    @property
    def total(self) -> int:  # data rows in the file
        return self.rows

    @property
    def rejected(self) -> int:  # rows with an error, in the batches done
        return self.error_rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [asdict(e) for e in self.errors],
        }


@dataclass(slots=True)
class _Entry:
    """A prepared row: its values (PROTECTED_COLUMNS order) and, once resolved, the member
    already holding its ID number here and what to change on them."""

    row: int
    values: tuple[Any, ...]
    member: Member | None = None
    changes: dict[str, Any] | None = None


_NO_RECORD: Mapping[str, Any] = {}  # prepared rows: the cells are read again only to update


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


class Importer(SheetImport[_Entry]):
    """One run over one sheet into one organisation on behalf of one actor."""

    aliases = MEMBER_ALIASES
    required = REQUIRED
    labels = FIELD_LABELS
    error = SheetError
    commit_each_batch = True
    result_class = RosterResult

    def __init__(
        self,
        sheet: Sheet,
        *,
        org: Organization,
        actor: Actor,
        dry_run: bool = False,
        job_id: int | None = None,
        batch_size: int | None = None,
    ) -> None:
        access.ensure_org_in_scope(actor, org, access.CHANGE)
        super().__init__(dry_run=dry_run)
        self.sheet, self.org, self.actor = sheet, org, actor
        self.job_id = job_id
        self.batch_size = batch_size or batch_rows()
        self.scope = access.scope_path(actor)

    def run(self, source: str | IO[bytes] | Sheet | None = None, **hooks: Any) -> RosterResult:
        """Process every record of the sheet (see SheetImport.run for the hooks)."""
        return cast(RosterResult, super().run(self.sheet if source is None else source, **hooks))

    def writing(self) -> AbstractContextManager[None]:
        return _bulk_writes()

    def prepared_rows(self, sheet: Sheet) -> Generator[list[Row[_Entry]], None, None]:
        """The rows prepared by `prepare` (here, or in forked workers for a large file),
        then checked here for duplicates, in file order."""
        self.order = {name: col for col, name in sheet.columns.items()}
        self.record = sheet.record_maker()  # row index -> {field: cell}
        indices = sheet.record_indices()
        self.result.rows = len(indices)
        with Preparer(self.record, indices, self.batch_size) as preparer:
            for chunk, prepared in preparer:
                yield self._checked(chunk, prepared)

    def _checked(self, chunk: list[int], prepared: Prepared) -> list[Row[_Entry]]:
        """Duplicate detection in file order (sequential by nature) over prepared rows."""
        rows: list[Row[_Entry]] = []
        refused = prepared.rejected
        for position, values in enumerate(prepared.values):
            number = chunk[position] + 1
            if values is None:
                problems, number_hash = refused[position]
            else:
                problems, number_hash = None, values[ID_HASH_POSITION]
            if number_hash and (first := self.first_row(number_hash, number)) is not None:
                problems = problems or {}
                problems["id_number"] = f"与第{first}行身份证号重复"
            if problems:
                self.row_problems(number, problems)
                rows.append(Row(number, _NO_RECORD))
            elif values is not None:
                rows.append(Row(number, _NO_RECORD, _Entry(number, values)))
        return rows

    def row_problems(self, row: int, problems: Mapping[str, str]) -> None:
        """A row's problems in the order of the sheet's columns."""
        for name in sorted(problems, key=lambda n: self.order.get(n, 1000)):
            self.reject(row, name, problems[name])

    def resolve(self, rows: list[Row[_Entry]]) -> None:
        """Against the roster (one query per batch): new, to update, unchanged, or held by
        another unit (an error, and a lookup of that member that is audited)."""
        entries = [r.value for r in rows if r.value is not None]
        existing = _existing([e.values[ID_HASH_POSITION] for e in entries])
        result, org_id = self.result, self.org.pk
        for entry in entries:
            member = existing.get(entry.values[ID_HASH_POSITION]) if existing else None
            entry.member = entry.changes = None  # resolved again after a concurrent write
            if member is None:
                result.created += 1
            elif member.org_id == org_id:
                entry.member = member
                entry.changes = self._changes(member, self.record(entry.row - 1), entry.values)
                if entry.changes:
                    result.updated += 1
                else:
                    result.unchanged += 1
            else:
                shown = self.scope is None or member.org.path.startswith(self.scope)
                self.reject(entry.row, "id_number", self._elsewhere(member, shown))
                self._audit_taken(entry.row, member, shown)

    @staticmethod
    def _elsewhere(member: Member, shown: bool) -> str:
        # Name the other unit only when the actor could see it anyway.
        if shown:
            return (
                f"该身份证号已在“{member.org.name}”登记为会员（{member.name}），"
                "如需调入本单位请办理转会"
            )
        return OUT_OF_SCOPE_MESSAGE

    def _audit_taken(self, row: int, member: Member, shown: bool) -> None:
        """An ID number found on another unit's roster is a lookup of that member: audited
        at the holder's unit, as members.services.id_number_taken does."""
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

    def write(self, values: list[_Entry]) -> None:
        creates = [e for e in values if e.member is None]
        updates = [(e.member, e.changes) for e in values if e.member is not None and e.changes]
        touched = [self.org.pk, *(member.org_id for member, _changes in updates)]
        with tally.writing_in_bulk(touched):
            self._write(creates, updates)

    def _write(self, creates: list[_Entry], updates: list[tuple[Member, dict[str, Any]]]) -> None:
        if creates:
            bulk_insert(
                Member,
                [e.values for e in creates],
                columns=PROTECTED_COLUMNS,
                common={"org_id": self.org.pk},
            )
            audit_record(
                actor=self.actor,
                action="member.import",
                target_type="import_job",
                target_id=self.job_id or "",
                target_repr=f"{self.org.name} 导入会员",
                org_path=self.org.path,
                changes={
                    "created": len(creates),
                    "job": self.job_id,
                    "rows": [creates[0].row, creates[-1].row],
                },
            )
        for member, changes in updates:
            before = member_snapshot(member)
            for name, value in changes.items():
                setattr(member, name, value)
            member.save(update_fields=[*changes, "updated_at"])
            audit_object(
                self.actor,
                "member.update",
                member,
                diff(before, member_snapshot(member)),
                org=self.org,
            )


def read_sheet(source: str | IO[bytes]) -> Sheet:
    """Open a roster sheet; raises core.sheets.SheetError when the file itself is unusable."""
    return open_sheet(source, aliases=MEMBER_ALIASES, required=REQUIRED)


def import_file(
    source: str | IO[bytes],
    *,
    org: Organization,
    actor: Actor,
    dry_run: bool = False,
    batch_size: int | None = None,
) -> RosterResult:
    """Synchronous import (the CLI and the bench); raises SheetError for an unusable file."""
    sheet = read_sheet(source)
    return Importer(sheet, org=org, actor=actor, dry_run=dry_run, batch_size=batch_size).run()
