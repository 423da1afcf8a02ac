"""`kesu backup` then `kesu restore`: every table's rows and every stored file come back, on
SQLite and on PostgreSQL; a database holding data is only overwritten when forced."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from kesu.core import backup as backups
from kesu.members.models import Member
from kesu.orgs.models import Organization
from tests.factories import make_org


def _tables() -> dict[str, list[tuple]]:
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            out[table] = sorted(cursor.fetchall(), key=repr)
    return out


def _files() -> dict[str, bytes]:
    out = {}
    for name in backups._storage_files(default_storage):
        with default_storage.open(name, "rb") as handle:
            out[name] = handle.read()
    return out


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip_every_table_and_file(tree, users, members, tmp_path):
    default_storage.save("imports/名册.xlsx", ContentFile(b"PK\x03\x04 sheet"))
    default_storage.save("exports/2026/报表.pdf", ContentFile(b"%PDF-1.7 report"))
    default_storage.save("top.txt", ContentFile("根目录文件".encode()))
    tables, files = _tables(), _files()
    assert sum(len(rows) for rows in tables.values()) > 20 and len(files) == 3

    archive = tmp_path / "kesu-backup.tar.gz"
    call_command("backup", "-o", str(archive))
    assert archive.exists() and not archive.with_name(archive.name + ".partial").exists()

    with pytest.raises(CommandError, match="已有数据"):
        call_command("restore", str(archive))
    # Changes made after the backup, which a restore undoes.
    Member.objects.filter(pk=Member.objects.order_by("pk").first().pk).delete()
    Organization.objects.filter(pk=tree.city.pk).update(name="备份后改名")
    default_storage.delete("top.txt")
    default_storage.save("later/新文件.txt", ContentFile(b"after the backup"))
    assert _tables() != tables and _files() != files

    call_command("restore", str(archive), "--force")
    connection.close()
    assert _tables() == tables
    assert _files() == files


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_kesu_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(bogus), "--force")


@pytest.mark.django_db
def test_an_empty_migrated_database_is_not_refused():
    assert backups.database_has_data() is False
    make_org("X1", "某工会", "city")
    assert backups.database_has_data() is True
