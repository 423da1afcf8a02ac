"""`kesu members import FILE --org CODE [--dry-run] [--json]`: roster import as the operator.
`kesu members tally`: bring the roster roll-up up to date now (e.g. from cron just after
midnight, so the day's first roster page does not move the age bands itself)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError

from kesu.core.cli_help import KesuCommand
from kesu.core.sheets import SheetError
from kesu.members import tally
from kesu.members.importing import import_file
from kesu.orgs.models import Organization


class Command(KesuCommand):
    help = "会员名册：import（从 Excel 导入）、tally（更新名册汇总表）"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="从 .xlsx/.xls 导入会员（按身份证号新增或更新）")
        imp.add_argument("file", help="会员名册 Excel 文件（.xlsx/.xls）")
        imp.add_argument("--org", required=True, help="目标组织编码")
        imp.add_argument("--dry-run", action="store_true", help="仅校验，不写入名册")
        imp.add_argument("--json", action="store_true", help="输出一个JSON对象")
        imp.add_argument("--batch-size", type=int, default=None, help="每批行数（默认2000）")
        sub.add_parser("tally", help="更新名册汇总表：重算有改动的组织，年龄段按今天挪动")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "tally":
            tally.refresh()
            self.stdout.write("名册汇总表已更新")
            return
        self._import(opts)

    def _import(self, opts: dict[str, Any]) -> None:
        from kesu.accounts.services import operator

        org = Organization.objects.filter(code=opts["org"]).first()
        if org is None:
            raise CommandError(f"组织编码不存在：{opts['org']}")
        try:
            result = import_file(
                opts["file"],
                org=org,
                actor=operator(),
                dry_run=opts["dry_run"],
                batch_size=opts["batch_size"],
            )
        except SheetError as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        mode = "校验完成（未写入）" if opts["dry_run"] else "导入完成"
        self.stdout.write(
            f"{mode}：新增{result.created}，更新{result.updated}，"
            f"无变化{result.unchanged}，未通过{result.rejected}"
        )
        for error in result.errors:
            self.stdout.write(f"第{error.row}行 {error.column}：{error.message}")
