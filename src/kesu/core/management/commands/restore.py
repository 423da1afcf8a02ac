"""`kesu restore FILE [--force]`: put back what `kesu backup` wrote (kesu.core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from kesu.core.backup import BackupError, restore
from kesu.core.cli_help import KesuCommand


class Command(KesuCommand):
    help = "从备份文件恢复数据库和文件（数据库已有数据时需加 --force）"
    needs_database = False  # a new machine's database is created by the restore

    def add_arguments(self, parser):
        parser.add_argument("file", help="kesu backup 写出的备份文件")
        parser.add_argument("--force", action="store_true", help="覆盖已有数据的数据库")

    def handle(self, *args, **opts):
        try:
            done = restore(Path(opts["file"]), force=opts["force"])
        except BackupError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"已恢复：数据库（{done['vendor']}）和 {done['files']} 个文件")
