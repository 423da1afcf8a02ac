"""Audit actions of the leading group, work areas, meetings and volunteer teams, with their
Chinese labels. The shared write path (leadership.records) names them "<kind>.create",
"<kind>.update" and "<kind>.delete" for each kind of record."""

from kesu.audit.registry import model_choices, model_fields
from kesu.leadership.services import KINDS

_VERBS = {"create": "新建", "update": "修改", "delete": "删除"}

ACTIONS = {
    f"{code}.{verb}": f"{word}{kind.label}"
    for code, kind in KINDS.items()
    for verb, word in _VERBS.items()
} | {"meeting.minutes": "上传会议纪要"}
TARGETS = {code: kind.label for code, kind in KINDS.items()}
FIELDS = model_fields(*(kind.model for kind in KINDS.values()))
VALUES = model_choices(*(kind.model for kind in KINDS.values()))
