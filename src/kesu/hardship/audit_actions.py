"""Audit actions of hardship files and assistance, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.hardship.models import CaseDocument, HardshipCase, HouseholdMember, LivingStandard, Review
from kesu.hardship.models_funds import Assistance, FundingSource, FundReceipt

_MODELS = (
    HardshipCase,
    HouseholdMember,
    Review,
    LivingStandard,
    CaseDocument,
    Assistance,
    FundingSource,
    FundReceipt,
)

ACTIONS = {
    "hardship.create": "新建困难职工档案",
    "hardship.update": "修改困难职工档案",
    "hardship.view": "查看困难职工档案",
    "hardship.household_add": "添加家庭成员",
    "hardship.transition": "变更档案状态",
    "hardship.make_regular": "临时档案转为正式档案",
    "hardship.review": "年度复核",
    "hardship.document_add": "上传档案材料",
    "hardship.document_view": "查看档案材料",
    "hardship.standard_set": "设定低保标准",
    "assistance.create": "登记帮扶",
    "assistance.delete": "删除帮扶记录",
    "assistance.export": "导出帮扶台账",
    "fund.source_create": "新建资金来源",
    "fund.receipt_add": "登记资金到账",
}
TARGETS = {
    "hardship_case": "困难职工档案",
    "assistance": "帮扶记录",
    "assistance_export": "帮扶台账",
    "funding_source": "资金来源",
    "living_standard": "低保标准",
}
FIELDS = model_fields(*_MODELS) | {"to": "变更为", "reason": "原因", "on": "日期"}
VALUES = model_choices(*_MODELS)
