"""Audit actions of employers, union founding, wage agreements and medical mutual aid."""

from kesu.audit.registry import model_choices, model_fields
from kesu.employers.models import Employer, MutualMedicalEnrolment, UnionFounding, WageAgreement

ACTIONS = {
    "employer.create": "新增企业",
    "employer.update": "修改企业",
    "employer.export": "导出企业名录",
    "founding.create": "登记建会",
    "founding.update": "修改建会信息",
    "founding.delete": "删除建会信息",
    "wage_agreement.create": "登记工资集体协商",
    "wage_agreement.update": "修改工资集体协商",
    "medical_mutual.create": "登记医疗互助",
    "medical_mutual.update": "修改医疗互助",
    "medical_mutual.delete": "删除医疗互助",
}
TARGETS = {
    "employer": "企业",
    "wageagreement": "工资集体协商",
    "mutualmedicalenrolment": "职工医疗互助",
}
FIELDS = model_fields(Employer, UnionFounding, WageAgreement, MutualMedicalEnrolment)
VALUES = model_choices(Employer, UnionFounding, WageAgreement, MutualMedicalEnrolment)
