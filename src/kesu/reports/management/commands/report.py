"""kesu report table|ledger --org CODE --from YYYY-MM-DD --to YYYY-MM-DD -o FILE.xlsx
kesu report summary --org CODE --from … --to … [--style exact|approx] [--draft]
    -o FILE.docx|FILE.pdf

The summary uses the latest draft of the reporting period holding the range (its narrative
parts) and the organisation's Word template, like the web page. A part not yet written is
refused, naming each part, unless --draft: the copy is then marked 征求意见稿 in its title
and page header and takes the suggested text where a part is empty."""

from pathlib import Path

from django.core.management.base import CommandError

from kesu.core.cli_help import KesuCommand
from kesu.core.errors import ServiceError
from kesu.reports import exporting, summary, tables
from kesu.web.commandline import add_scope_arguments, scope_from_options

BUILDERS = {"table": tables.indicator_table, "ledger": tables.activity_ledger}
KINDS = sorted([*BUILDERS, "summary"])


def _summary_file(*, user, org, start, end, style, fmt: str, draft: bool) -> bytes:
    try:
        made = exporting.summary_export(
            user=user, org=org, start=start, end=end, style=style, fmt=fmt, draft=draft
        )
    except exporting.NarrativeMissing as exc:
        parts = "、".join(f"“{name}”" for name in exc.names)
        raise CommandError(
            f"工作总结的{parts}尚未填写：请在网页上填写或采用建议后再导出，"
            "或加 --draft 导出标明“征求意见稿”的稿本"
        ) from None
    except ServiceError as exc:
        raise CommandError(exc.message) from None
    return made.content


class Command(KesuCommand):
    help = (
        "统计报表：导出组织（含下级）在起止日期（含）内的统计表（table）、活动台账（ledger）"
        "或工作总结（summary）"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", choices=KINDS, help="table 统计表；ledger 活动台账；summary 工作总结"
        )
        add_scope_arguments(parser)
        parser.add_argument(
            "--style",
            choices=summary.STYLES,
            default="exact",
            help="工作总结的数字写法：exact 精确（默认）；approx 约数（如“6500多份”）",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="工作总结：叙述部分未填写也导出，稿本标题和页眉标明“征求意见稿”",
        )
        parser.add_argument(
            "-o", "--output", required=True, help="输出文件（.xlsx；工作总结为 .docx 或 .pdf）"
        )

    def handle(self, *args, **opts):
        from kesu.accounts.services import operator

        org, start, end = scope_from_options(opts)
        output = Path(opts["output"])
        if not output.parent.is_dir():
            raise CommandError(f"输出目录不存在：{output.parent}")
        scope = {"user": operator(), "org": org, "start": start, "end": end}
        if opts["kind"] == "summary":
            fmt = "pdf" if output.suffix.lower() == ".pdf" else "docx"
            content = _summary_file(**scope, style=opts["style"], fmt=fmt, draft=opts["draft"])
        else:
            content = BUILDERS[opts["kind"]](**scope)
        output.write_bytes(content)
        self.stdout.write(f"已写入 {output}（{len(content)} 字节）")
