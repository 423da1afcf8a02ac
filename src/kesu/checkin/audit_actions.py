"""Audit actions of check-in, with their Chinese labels."""

from kesu.activities.models import Attendance
from kesu.audit.registry import model_choices, model_fields

ACTIONS = {
    "attendance.add": "登记签到",
    "attendance.import": "导入签到名单",
    "attendance.confirm": "确认签到人为名册会员",
    "attendance.mark_guest": "确认签到人为非会员",
}
FIELDS = model_fields(Attendance) | {
    "rows": "行数",
    "added": "新增人数",
    "skipped": "跳过行数",
    "guest": "非会员",
    "session": "场次",
}
VALUES = model_choices(Attendance)
