"""Audit actions of literacy assessments, with their Chinese labels."""

from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.audit.registry import model_choices, model_fields

ACTIONS = {
    "assessment.create": "新建科学素质测评",
    "assessment.import_scores": "导入维度得分",
    "assessment.items_export": "导出题目分析",
    "assessment.sample_draw": "测评抽样",
    "assessment.sample_replace": "替换样本会员",
    "assessment.sample_remind": "提醒样本会员作答",
    "scheme.create": "新建测评方案",
    "scheme.update": "修改测评方案",
}
TARGETS = {"assessment": "科学素质测评", "literacy_scheme": "测评方案"}
FIELDS = model_fields(LiteracyAssessment, LiteracyScheme) | {"rows": "行数"}
VALUES = model_choices(LiteracyAssessment, LiteracyScheme)
