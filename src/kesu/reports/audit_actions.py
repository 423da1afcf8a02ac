"""Audit actions of reports and work summaries, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.reports.models import SummaryTemplate, WorkSummary

ACTIONS = {
    "report.table": "导出统计表",
    "report.ledger": "导出活动台账",
    "summary.draft": "生成工作总结",
    "summary.template": "上传总结模板",
    "summary.template_off": "停用总结模板",
}
TARGETS = {"report": "报表", "work_summary": "工作总结", "summary_template": "总结模板"}
FIELDS = model_fields(WorkSummary, SummaryTemplate) | {
    "start": "开始日期",
    "end": "结束日期",
    "rows": "行数",
    "version": "版本",
}
VALUES = model_choices(WorkSummary, SummaryTemplate)
