"""Audit actions of plans, targets and tasks, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.plans.models import Plan, Target, Task

ACTIONS = {
    "plan.create": "新建年度计划",
    "target.set": "设定目标值",
    "task.create": "新建任务",
    "task.update": "修改任务",
}
TARGETS = {"plan": "年度计划", "target": "目标", "task": "任务"}
FIELDS = model_fields(Plan, Target, Task) | {"indicator": "指标", "value": "目标值"}
VALUES = model_choices(Plan, Target, Task)
