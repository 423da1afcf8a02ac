"""The audit log is append-only and hash-chained: `kesu audit verify` finds a row altered or
removed in the database behind the application's back."""

from __future__ import annotations

import importlib
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory

from kesu.audit import chain
from kesu.audit.models import AuditEntry, AuditImmutableError
from kesu.audit.services import audit_record

TABLE = AuditEntry._meta.db_table


def write(n: int, actor=None, **extra) -> list[AuditEntry]:
    return [
        audit_record(
            actor=actor,
            action="org.update",
            target_type="organization",
            target_id=i,
            target_repr=f"第{i}条",
            org_path="/HZ/",
            **extra,
        )
        for i in range(n)
    ]


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", connection.ops.quote_name(TABLE)), params)


@pytest.mark.django_db
def test_rows_are_chained_and_survive_the_database_round_trip(users):
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:0:0::1", HTTP_USER_AGENT="浏览器")
    awkward = {
        "名称": ["旧", "新"],
        "rate": 1.0,
        "big": 1e16,
        "tiny": 1e-7,
        "n": 3,
        "nested": {"b": [1, 2.5, None, True], "a": (1, 2)},
        7: "int key",
    }
    first = write(1, users.admin_a, changes=awkward, request=request)[0]
    rest = write(3)
    assert first.prev_hash == "" and rest[0].prev_hash == first.row_hash
    assert [r.prev_hash for r in rest[1:]] == [r.row_hash for r in rest[:-1]]
    verdict = chain.verify()
    assert verdict.ok and verdict.rows == 4
    call_command("audit", "verify")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sql", "params", "broken"),
    [
        ("UPDATE {table} SET target_repr = %s WHERE id = %s", ["篡改"], 1),
        ("UPDATE {table} SET changes = %s WHERE id = %s", ['{"x": 1}'], 1),
        ("DELETE FROM {table} WHERE id = %s", [], 2),  # the next row's link breaks
    ],
)
def test_verify_reports_the_first_row_altered_in_the_database(sql, params, broken):
    rows = write(5)
    raw(sql, [*params, rows[1].pk])
    verdict = chain.verify()
    assert not verdict.ok and verdict.broken_id == rows[broken].pk and verdict.rows == 1
    with pytest.raises(CommandError, match=f"#{rows[broken].pk}"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_the_application_cannot_change_or_remove_rows():
    entry = write(1)[0]
    entry.target_repr = "改"
    for attempt in (
        entry.save,
        entry.delete,
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(target_repr="改"),
        lambda: AuditEntry.objects.all().delete(),
        lambda: AuditEntry.objects.bulk_create([AuditEntry(action="x")]),
        lambda: AuditEntry.objects.bulk_update([entry], ["target_repr"]),
    ):
        with pytest.raises(AuditImmutableError):
            attempt()
    assert AuditEntry.objects.get().target_repr == "第0条"


@pytest.mark.django_db
def test_the_migration_chains_existing_rows_as_the_application_would():
    rows = write(3, changes={"n": 2.0})
    raw("UPDATE {table} SET prev_hash = '', row_hash = ''", [])
    migration = importlib.import_module("kesu.audit.migrations.0003_chain_existing_rows")
    state = MigrationExecutor(connection).loader.project_state(
        ("audit", "0003_chain_existing_rows")
    )
    migration.chain_rows(state.apps, None)
    stored = list(AuditEntry.objects.order_by("id").values_list("row_hash", flat=True))
    assert stored == [r.row_hash for r in rows]
    assert chain.verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_predecessor():
    # SQLite's shared in-memory test database refuses concurrent writers outright, so there
    # the writers take turns; PostgreSQL races them on the advisory lock.
    serial = connection.vendor == "sqlite"
    workers = 4
    barrier = threading.Barrier(1 if serial else workers)

    def writer() -> None:
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    write(1)
                    time.sleep(0.005)  # hold the transaction open after reading the last row
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(workers)]
    for t in threads:
        t.start()
        if serial:
            t.join()
    for t in threads:
        t.join()
    verdict = chain.verify()
    assert verdict.ok and verdict.rows == workers * 5


@pytest.mark.django_db
def test_a_row_rolled_back_with_its_savepoint_is_not_linked_to():
    with transaction.atomic():
        kept = write(1)[0]
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            write(1)
            1 / 0  # noqa: B018
        after = write(1)[0]
    assert after.prev_hash == kept.row_hash
    assert chain.verify().ok
