"""kesu report table|ledger --org CODE --from YYYY-MM-DD --to YYYY-MM-DD -o FILE.xlsx"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kesu.orgs.models import Organization
from kesu.reports import tables

BUILDERS = {"table": tables.indicator_table, "ledger": tables.activity_ledger}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式无效，应为 YYYY-MM-DD：{text}") from None


class Command(BaseCommand):
    help = "统计报表：导出组织（含下级）在起止日期（含）内的统计表（table）或活动台账（ledger）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(BUILDERS), help="table 统计表；ledger 活动台账")
        parser.add_argument("--org", required=True, help="组织编码")
        parser.add_argument("--from", dest="start", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD")
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx）")

    def handle(self, *args, **opts):
        from kesu.accounts.services import operator

        start, end = _date(opts["start"]), _date(opts["end"])
        if start > end:
            raise CommandError("截止日期不能早于开始日期")
        org = Organization.objects.filter(code=opts["org"]).first()
        if org is None:
            raise CommandError(f"组织编码不存在：{opts['org']}")
        output = Path(opts["output"])
        if not output.parent.is_dir():
            raise CommandError(f"输出目录不存在：{output.parent}")
        content = BUILDERS[opts["kind"]](user=operator(), org=org, start=start, end=end)
        output.write_bytes(content)
        self.stdout.write(f"已写入 {output}（{len(content)} 字节）")
