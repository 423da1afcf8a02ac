"""`kesu audit verify`: walk the audit log's hash chain; exit status 1 at the first break."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from kesu.audit import chain
from kesu.core.cli_help import KesuCommand


class Command(KesuCommand):
    help = "审计日志：verify（校验哈希链，报告第一处断裂）"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="按顺序校验每条审计日志的哈希链")

    def handle(self, *args: Any, **opts: Any) -> None:
        verdict = chain.verify()
        if verdict.ok:
            self.stdout.write(f"审计日志哈希链完整：共{verdict.rows}条")
            return
        when = timezone.localtime(verdict.broken_at).strftime("%Y年%m月%d日 %H:%M:%S")
        raise CommandError(
            f"审计日志哈希链断裂：第一处在记录 #{verdict.broken_id}（{when}），{verdict.reason}；"
            f"此前{verdict.rows}条完好"
        )
