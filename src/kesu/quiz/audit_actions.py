"""Audit actions of question banks and papers, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.quiz.models import Paper, PaperRule, Question, QuestionBank

# Papers are audited as "paper.<step>" (kesu.quiz.papers.services._audit).
ACTIONS = {
    "question_bank.create": "新建题库",
    "question_bank.update": "修改题库",
    "question.create": "新增试题",
    "question.update": "修改试题",
    "question.new_version": "修改试题（新版本）",
    "question.import": "导入试题",
    "question.export": "导出试题",
    "question.starter_bank": "导入示例题库",
    "paper.create": "新建试卷",
    "paper.update": "修改试卷",
    "paper.items": "设置试卷题目",
    "paper.rules": "设置组卷规则",
    "paper.status": "更改试卷状态",
    "paper.export": "导出试卷成绩",
    "paper.import_sittings": "导入纸质答卷",
}
TARGETS = {"question_bank": "题库", "question": "试题", "paper": "试卷"}
FIELDS = model_fields(QuestionBank, Question, Paper, PaperRule) | {
    "items": "题目",
    "rules": "组卷规则",
    "rows": "行数",
    "created": "新增数",
}
VALUES = model_choices(QuestionBank, Question, Paper, PaperRule)
