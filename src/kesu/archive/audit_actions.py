"""Audit actions of the literacy archive, with their Chinese labels."""

from kesu.archive.models import ArchiveRule
from kesu.audit.registry import model_choices, model_fields

ACTIONS = {
    "archive.export": "导出科学素质档案",
    "archive.shortfalls_export": "导出未达标档案",
    "archive.export_download": "下载档案导出文件",
    "archive.export_retry": "重试档案导出",
    "archive_rule.create": "新建定期评估规则",
    "archive_rule.update": "修改定期评估规则",
    "archive_rule.delete": "删除定期评估规则",
    "member.data_export": "会员导出本人数据",
}
TARGETS = {"archive_export": "档案导出", "archive_rule": "定期评估规则"}
FIELDS = model_fields(ArchiveRule) | {"year": "年度", "rows": "行数", "job": "任务"}
VALUES = model_choices(ArchiveRule)
