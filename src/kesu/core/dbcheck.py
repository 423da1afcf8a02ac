"""Before an operator command reads data: is there a kesu database where the settings point?

Without this check a command run in the wrong directory (or before the first `kesu serve
--demo`) ends in a traceback about a missing table. Instead it says where it looked and what
to do.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

_ADVICE = (
    "  · 第一次使用：运行 kesu serve --demo（创建数据库和演示数据并启动服务）；\n"
    "  · 已有数据：设置环境变量 KESU_DATA_DIR（数据目录）或 KESU_DATABASE_URL（PostgreSQL 地址）"
    "指向它，再重试。"
)


def _where() -> str:
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return str(db["NAME"])
    return f"PostgreSQL {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db.get('NAME')}"


def missing_database() -> str | None:
    """A Chinese explanation when no initialised kesu database is found, else None."""
    where = _where()
    on_disk = connection.vendor == "sqlite" and not connection.is_in_memory_db()
    if on_disk and not Path(where).exists():
        return f"没有找到科素的数据库（查找位置：{where}）。\n{_ADVICE}"
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"无法连接科素的数据库（{where}：{reason}）。\n{_ADVICE}"
    if "orgs_organization" not in tables:
        return f"数据库尚未初始化（{where}）。\n{_ADVICE}"
    return None
