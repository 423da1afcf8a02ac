"""Audit actions of contests, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.contests.models import Contest

ACTIONS = {
    "contest.create": "新建知识竞赛",
    "contest.update": "修改知识竞赛",
    "contest.export": "导出竞赛成绩",
}
TARGETS = {"contest": "知识竞赛"}
FIELDS = model_fields(Contest)
VALUES = model_choices(Contest)
