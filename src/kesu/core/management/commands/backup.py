"""`kesu backup -o FILE`: the database and every stored file in one archive (kesu.core.backup)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from kesu.core.backup import BackupError, backup
from kesu.core.cli_help import KesuCommand


class Command(KesuCommand):
    help = "备份数据库和全部上传/生成的文件到一个归档文件"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="备份文件路径（.tar.gz）")

    def handle(self, *args, **opts):
        try:
            done = backup(Path(opts["output"]))
        except BackupError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            f"已备份到 {opts['output']}：数据库（{done['vendor']}）和 {done['files']} 个文件，"
            f"共 {int(done['bytes']) / 1048576:.1f} MB"
        )
