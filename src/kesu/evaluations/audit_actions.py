"""Audit actions of evaluations, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.evaluations.models import Evaluation, EvaluationScheme, ManualAdjustment, SchemeItem

ACTIONS = {
    "evaluation.scheme_create": "新建考评方案",
    "evaluation.item_add": "添加考评项目",
    "evaluation.adjustment_add": "添加加减分",
    "evaluation.publish": "发布考评结果",
    "evaluation.export": "导出考评结果",
}
TARGETS = {
    "evaluation": "目标考评",
    "evaluationscheme": "考评方案",
    "manualadjustment": "加减分",
    "schemeitem": "考评项目",
}
FIELDS = model_fields(Evaluation, EvaluationScheme, ManualAdjustment, SchemeItem)
VALUES = model_choices(Evaluation, EvaluationScheme, ManualAdjustment, SchemeItem)
