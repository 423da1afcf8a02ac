import json
from decimal import Decimal

from django.core.management.base import CommandError

from kesu.core.cli_help import KesuCommand
from kesu.indicators import registry, selectors
from kesu.web.commandline import add_scope_arguments, scope_from_options


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class Command(KesuCommand):
    help = "指标：组织（含下级）在起止日期（含）内的各项指标数值"

    def add_arguments(self, parser):
        add_scope_arguments(parser)
        parser.add_argument("--code", action="append", default=[], help="只取该指标，可重复")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **opts):
        from kesu.accounts.services import operator

        org, start, end = scope_from_options(opts)
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
