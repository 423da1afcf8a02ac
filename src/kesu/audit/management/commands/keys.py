"""`kesu keys rotate [--rehash] [--batch-size N] [--json]`: re-encrypt personal data at rest.

Procedure (README, 密钥轮换): set the new key as KESU_DATA_KEY, the one it replaces first in
KESU_DATA_KEYS_OLD, and KESU_DATA_HASH_KEY to the key the lookup hashes were made with;
restart; run `kesu keys rotate` (online, idempotent) until it re-encrypts nothing; then drop
the old key. `--rehash` rewrites the lookup hashes under a new KESU_DATA_HASH_KEY and needs
the web and worker stopped: until it ends, lookups by ID number or phone would miss.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError
from django.db import transaction

from kesu.audit.services import audit_record
from kesu.core import keyring
from kesu.core.cli_help import KesuCommand


class Command(KesuCommand):
    help = "个人数据密钥：rotate（用当前密钥重新加密身份证号、手机号）"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rot = sub.add_parser("rotate", help="把旧密钥加密的数据改用当前密钥加密，并核对查找哈希")
        rot.add_argument(
            "--rehash",
            action="store_true",
            help="按当前 KESU_DATA_HASH_KEY 重算查找哈希（须先停止网站和后台任务）",
        )
        rot.add_argument("--batch-size", type=int, default=500, help="每批行数（默认500）")
        rot.add_argument("--json", action="store_true", help="输出一个JSON对象")

    def handle(self, *args: Any, **opts: Any) -> None:
        from kesu.accounts.services import operator

        if opts["batch_size"] < 1:
            raise CommandError("--batch-size 必须大于0")
        try:
            report = keyring.rotate(rehash=opts["rehash"], batch_size=opts["batch_size"])
        except keyring.RotationError as exc:
            raise CommandError(str(exc)) from None
        with transaction.atomic():
            audit_record(
                actor=operator(),
                action="keys.rotate",
                target_type="keys",
                target_id=report.key_id,
                target_repr="个人数据密钥轮换",
                changes=report.totals(),
            )
        if opts["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(f"当前密钥标识 {report.key_id}")
            for label, c in report.fields.items():
                self.stdout.write(
                    f"{label}：检查{c.scanned}，重新加密{c.reencrypted}，重算哈希{c.rehashed}，"
                    f"哈希不一致{c.mismatched}，无法解密{c.unreadable}"
                )
            for label, n in report.copies.items():
                self.stdout.write(f"{label}：同步哈希{n}")
        if not report.ok:
            raise CommandError("有数据无法解密或哈希不一致，见上；请核对密钥配置后重试")
