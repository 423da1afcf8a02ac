"""Audit actions of achievements and honours, with their Chinese labels."""

from kesu.achievements.models import Achievement, EvidenceFile, Honour
from kesu.audit.registry import model_choices, model_fields

# The services name their actions "<kind>.<step>" (kesu.achievements.services._audit).
ACTIONS = {
    "achievement.create": "登记创新成果",
    "achievement.update": "修改创新成果",
    "achievement.review": "审核创新成果",
    "achievement.file_add": "上传成果证明",
    "achievement.file_delete": "删除成果证明",
    "honour.create": "登记先进表彰",
    "honour.update": "修改先进表彰",
}
TARGETS = {"achievement": "创新成果", "honour": "先进表彰"}
FIELDS = model_fields(Achievement, EvidenceFile, Honour) | {"members": "完成人"}
VALUES = model_choices(Achievement, EvidenceFile, Honour)
