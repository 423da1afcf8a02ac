"""Audit actions of training, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.training.models import Certificate, Course, Enrolment, Session

ACTIONS = {
    "course.create": "新建培训课程",
    "course.update": "修改培训课程",
    "session.create": "新增班次",
    "session.update": "修改班次",
    "session.delete": "删除班次",
    "enrolment.add": "登记报名",
    "enrolment.self": "会员自助报名",
    "enrolment.cancel": "取消报名",
    "certificate.issue": "颁发结业证书",
    "certificate.download": "下载结业证书",
    "training.ledger": "导出培训台账",
}
TARGETS = {"course": "培训课程", "session": "班次", "certificate": "结业证书", "report": "报表"}
FIELDS = model_fields(Course, Session, Enrolment, Certificate) | {
    "start": "开始日期",
    "end": "结束日期",
    "rows": "行数",
}
VALUES = model_choices(Course, Session, Enrolment, Certificate)
