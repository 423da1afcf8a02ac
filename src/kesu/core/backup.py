"""`kesu backup` and `kesu restore`: the database and the stored files in one archive.

The archive is a gzip'd tar holding `manifest.json`, the database (SQLite: a copy made with
SQLite's online backup API, consistent while the server keeps writing; PostgreSQL: a
pg_dump custom-format dump) and every file of the default storage under `media/` (uploads
and generated files, read through Django's storage API, so object storage works too).

Restore refuses a database that already holds data unless forced: it replaces the database
and the stored files with the archive's.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection, connections
from django.utils import timezone

from kesu.core.errors import ServiceError

FORMAT = 1
DB_SQLITE = "database.sqlite3"
DB_PG = "database.pgdump"
# What makes a database "in use": a freshly migrated one (with the rows migrations seed, such
# as the theme days) has neither, and any kesu database in use has both.
DATA_MODELS = (settings.AUTH_USER_MODEL, "orgs.Organization")


class BackupError(ServiceError):
    code = "backup_error"


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: from KESU_PG_BINDIR if set (match the server's version), else
    PATH."""
    bindir = os.environ.get("KESU_PG_BINDIR")
    found = str(Path(bindir) / name) if bindir else shutil.which(name)
    if not found or not Path(found).exists():
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端程序（或设置 KESU_PG_BINDIR）")
    return found


def _pg_args() -> tuple[list[str], dict[str, str]]:
    """libpq options for the default database, and an environment holding its password."""
    params = connection.get_connection_params()
    args = ["--dbname", str(params.get("dbname") or connection.settings_dict["NAME"])]
    for option, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args += [option, str(params[key])]
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    return args, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise BackupError(f"{Path(argv[0]).name} 失败：{done.stderr.strip()[-500:]}")


def _storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from _storage_files(storage, f"{folder}/{sub}" if folder else sub)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def backup(path: Path, *, storage: Storage = default_storage) -> dict[str, int | str]:
    """Write the archive to `path` (replaced atomically); what it holds."""
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持备份此数据库：{vendor}")
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    files = 0
    with tempfile.TemporaryDirectory(prefix="kesu-backup-") as tmp:
        dump = Path(tmp) / (DB_SQLITE if vendor == "sqlite" else DB_PG)
        if vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(dump) as target:
                connection.connection.backup(target)
            target.close()
        else:
            args, env = _pg_args()
            _run(
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), *args],
                env,
            )
        with tarfile.open(partial, "w:gz") as tar:
            manifest = {"format": FORMAT, "vendor": vendor, "created": timezone.now().isoformat()}
            _add_bytes(tar, "manifest.json", json.dumps(manifest).encode())
            tar.add(dump, arcname=dump.name)
            for name in _storage_files(storage):
                with storage.open(name, "rb") as handle:
                    _add_bytes(tar, f"media/{name}", handle.read())
                files += 1
    partial.replace(path)
    return {"vendor": vendor, "files": files, "bytes": path.stat().st_size}


def database_has_data() -> bool:
    """True once the database holds a user account or an organisation (migrations seed
    neither)."""
    tables = set(connection.introspection.table_names())
    for label in DATA_MODELS:
        model = apps.get_model(label)
        if model._meta.db_table in tables and model._default_manager.exists():
            return True
    return False


def restore(path: Path, *, force: bool = False, storage: Storage = default_storage) -> dict:
    """Replace the database and the stored files with the archive's."""
    try:
        tar = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from None
    with tar, tempfile.TemporaryDirectory(prefix="kesu-restore-") as tmp:
        manifest = _manifest(tar)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"备份来自 {manifest['vendor']} 数据库，不能恢复到 {connection.vendor} 数据库"
            )
        if not force and database_has_data():
            raise BackupError("数据库中已有数据；确认要覆盖请加 --force")
        name = DB_SQLITE if manifest["vendor"] == "sqlite" else DB_PG
        dump = Path(tmp) / name
        _extract(tar, name, dump)
        _restore_database(dump)
        files = _restore_files(tar, storage)
    return {"vendor": manifest["vendor"], "files": files}


def _manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    except (KeyError, ValueError, AttributeError):
        raise BackupError("这不是科素的备份文件（缺少说明）") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("备份文件的格式版本不受支持")
    return manifest


def _extract(tar: tarfile.TarFile, member: str, target: Path) -> None:
    source = tar.extractfile(member)
    if source is None:
        raise BackupError("备份文件不完整：缺少数据库")
    with target.open("wb") as out:
        shutil.copyfileobj(source, out)


def _restore_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connections.close_all()  # pg_restore drops tables: no open transaction may hold them
    args, env = _pg_args()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(dump),
        ],
        env,
    )


def _restore_files(tar: tarfile.TarFile, storage: Storage) -> int:
    for name in list(_storage_files(storage)):
        storage.delete(name)
    count = 0
    for member in tar.getmembers():
        if not member.isfile() or not member.name.startswith("media/"):
            continue
        name = member.name.removeprefix("media/")
        if ".." in Path(name).parts or name.startswith("/"):
            raise BackupError("备份文件中含有不安全的路径")
        data = tar.extractfile(member).read()  # type: ignore[union-attr]
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            raise BackupError(f"文件未能按原名恢复：{name}")
        count += 1
    return count
