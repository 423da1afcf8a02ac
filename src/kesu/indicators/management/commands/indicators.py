import datetime as dt
import json
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from kesu.indicators import registry, selectors
from kesu.orgs.models import Organization


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式无效，应为 YYYY-MM-DD：{text}") from None


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Command(BaseCommand):
    help = "指标：组织（含下级）在起止日期（含）内的各项指标数值"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="组织编码")
        parser.add_argument("--from", dest="start", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD")
        parser.add_argument("--code", action="append", default=[], help="只取该指标，可重复")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **opts):
        from kesu.accounts.services import operator

        start, end = _date(opts["start"]), _date(opts["end"])
        if start > end:
            raise CommandError("截止日期不能早于开始日期")
        org = Organization.objects.filter(code=opts["org"]).first()
        if org is None:
            raise CommandError(f"组织编码不存在：{opts['org']}")
        codes = opts["code"] or None
        for code in codes or ():
            try:
                registry.get(code)
            except KeyError:
                raise CommandError(f"指标编码不存在：{code}") from None
        values = selectors.indicator_values(
            user=operator(), org=org, start=start, end=end, codes=codes
        )
        rows = [
            {"code": v.code, "name": v.name, "unit": v.unit, "value": _plain(v.value)}
            for v in values
        ]
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        self.stdout.write(f"{org.name}（{org.code}） {start.isoformat()} 至 {end.isoformat()}")
        self.stdout.write("编码\t指标\t数值\t单位")
        for row in rows:
            self.stdout.write(f"{row['code']}\t{row['name']}\t{row['value']}\t{row['unit']}")
