"""The audit log's hash chain: each row carries the SHA-256 of its own fields and of the row
before it, so a row altered, removed or slipped in afterwards breaks the chain at that row
(`kesu audit verify`). Rows are chained in id order; only `audit_record` writes them.

The serialisation is canonical and survives the database round trip (JSON keys sorted,
integral floats as integers the way PostgreSQL's jsonb returns them, times in UTC, the IP
address in one spelling). The data migration that chained the existing rows keeps a frozen
copy of it (migrations never import app code): change both or neither.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

# The fields a row's hash covers. `actor` (a foreign key) is left out: deleting a user sets
# it to NULL; `actor_name` is the snapshot that counts.
CHAINED = (
    "created_at",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "org_path",
    "changes",
    "ip",
    "user_agent",
)
# The newest row's hash; on PostgreSQL after the transaction-level advisory lock that
# serialises chain writers (key: "kesuaudt" in ASCII).
_LAST = "SELECT row_hash FROM audit_auditentry ORDER BY id DESC LIMIT 1"
_LOCK_THEN_LAST = "SELECT pg_advisory_xact_lock(7738718482689516660); " + _LAST


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _ip(value: str | None) -> str:
    if not value:
        return ""
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


def row_digest(row: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of a row's CHAINED fields and the previous row's hash."""
    created = row["created_at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    values = [prev_hash, created, *(row[name] for name in CHAINED[1:7])]
    values += [_plain(row["changes"]), _ip(row["ip"]), row["user_agent"]]
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _still_ours() -> str:
    """The hash this transaction wrote last, while it is certainly still the newest row: the
    transaction holds the chain lock since, and the savepoint that wrote the row was not
    rolled back (its on-commit marker is still queued). "" when unknown."""
    memo = getattr(connection, "kesu_audit_last", None)
    if memo is None or not connection.in_atomic_block:
        return ""
    marker, digest = memo
    for queued in reversed(getattr(connection, "run_on_commit", ())):
        if queued[1] is marker:
            return digest
    return ""


def remember(row_hash: str) -> None:
    """Note the row just written, so the transaction's next row skips the round trip."""

    def marker() -> None:
        """Queued only to be dropped if the savepoint that wrote the row rolls back."""

    transaction.on_commit(marker)
    connection.kesu_audit_last = (marker, row_hash)


def lock_and_last_hash() -> str:
    """The newest row's hash, read under the chain lock, which the caller's transaction
    holds until it ends. (SQLite serialises writers by itself: a second writer that read
    the same last row cannot commit.) Call inside a transaction.

    Hot path (every audited write): a transaction that already wrote a row knows the answer
    (imports write many); otherwise plain SQL, on PostgreSQL the lock and the read in one
    round trip (each statement reads its own snapshot, so the read sees the row of a writer
    the lock waited for)."""
    if known := _still_ours():
        return known
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_LOCK_THEN_LAST)
            cursor.nextset()
        else:
            cursor.execute(_LAST)
        row = cursor.fetchone()
    return row[0] if row else ""


@dataclass(frozen=True)
class Verdict:
    rows: int
    broken_id: int | None = None
    broken_at: dt.datetime | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def verify(*, chunk: int = 2000) -> Verdict:
    """Walk the chain in id order; the first row whose link or hash is wrong is the break."""
    from kesu.audit.models import AuditEntry

    prev, rows = "", 0
    for row in (
        AuditEntry.objects.order_by("id")
        .values("id", "prev_hash", "row_hash", *CHAINED)
        .iterator(chunk_size=chunk)
    ):
        reason = ""
        if row["prev_hash"] != prev:
            reason = "与上一条的链接不符（其前的记录被删除、插入或改动）"
        elif row["row_hash"] != row_digest(row, prev):
            reason = "内容与其哈希不符（该条被改动）"
        if reason:
            return Verdict(rows, row["id"], row["created_at"], reason)
        prev, rows = row["row_hash"], rows + 1
    return Verdict(rows)
