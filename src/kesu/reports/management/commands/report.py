"""kesu report table|ledger --org CODE --from YYYY-MM-DD --to YYYY-MM-DD -o FILE.xlsx
kesu report summary --org CODE --from … --to … [--style exact|approx] -o FILE.docx|FILE.pdf

The summary uses the latest saved draft of that organisation and period (its narrative
parts) and the organisation's Word template, like the web page."""

from pathlib import Path

from django.core.management.base import CommandError

from kesu.core.cli_help import KesuCommand
from kesu.core.commandline import add_scope_arguments, scope_from_options
from kesu.reports import drafts, summary, tables
from kesu.reports.summary_pdf import render_pdf

BUILDERS = {"table": tables.indicator_table, "ledger": tables.activity_ledger}
KINDS = sorted([*BUILDERS, "summary"])


def _summary_file(*, user, org, start, end, style, pdf: bool = False) -> bytes:
    saved = drafts.summary_for(user=user, org=org, start=start, end=end)
    narrative = drafts.narrative_of(drafts.draft_get(saved))
    try:
        built = summary.build_summary(
            user=user, org=org, start=start, end=end, style=style, narrative=narrative
        )
    except summary.MissingFigure as exc:
        raise CommandError(f"无法生成工作总结：{exc}") from None
    if pdf:
        return render_pdf(built)
    try:
        return drafts.summary_docx(built, org)
    except drafts.DraftError as exc:
        raise CommandError(exc.message) from None


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
        parser.add_argument("-o", "--output", required=True, help="输出文件（.xlsx 或 .docx）")

    def handle(self, *args, **opts):
        from kesu.accounts.services import operator

        org, start, end = scope_from_options(opts)
        output = Path(opts["output"])
        if not output.parent.is_dir():
            raise CommandError(f"输出目录不存在：{output.parent}")
        scope = {"user": operator(), "org": org, "start": start, "end": end}
        if opts["kind"] == "summary":
            pdf = output.suffix.lower() == ".pdf"
            content = _summary_file(**scope, style=opts["style"], pdf=pdf)
        else:
            content = BUILDERS[opts["kind"]](**scope)
        output.write_bytes(content)
        self.stdout.write(f"已写入 {output}（{len(content)} 字节）")
