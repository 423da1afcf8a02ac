"""Audit actions of the roster, with their Chinese labels."""

from kesu.audit.registry import model_choices, model_fields
from kesu.members.models import Member, Transfer
from kesu.members.validation import FIELD_LABELS

ACTIONS = {
    "member.create": "登记会员",
    "member.update": "修改会员",
    "member.transfer": "会员转入",
    "member.transfer_out": "会员转出",
    "member.reveal": "查看完整证件号/手机号",
    "member.id_number_taken": "他处登记已在册的身份证号",
    "member.import": "导入名册",
    "member.import_errors_download": "下载导入错误表",
    "member.import_retry": "重试导入",
    "member.export": "导出名册",
    "member.export_download": "下载导出文件",
    "member.export_retry": "重试导出",
    "member.anonymise": "注销会员个人信息",
}
TARGETS = {"member": "会员", "import_job": "导入任务", "member_export": "名册导出"}
FIELDS = (
    model_fields(Member, Transfer)
    | FIELD_LABELS
    | {
        "id_number_masked": "身份证号",
        "phone_masked": "手机号",
        "org": "所属工会",
        "reason": "原因",
        "requesting_org": "登记单位",
        "unit_shown": "已告知所在单位",
        "row": "行号",
        "job": "任务",
        "cleared": "已清除",
        "copied_hashes": "同步清除的档案查找码",
        "login_closed": "停用登录账号",
        "format": "格式",
        "created": "新增人数",
        "rows": "行数",
        "filters": "筛选条件",
        "masked": "已脱敏",
        "from_org": "转出组织",
        "to_org": "转入组织",
    }
)
VALUES = model_choices(Member, Transfer) | {
    "cleared": {
        "name": "姓名",
        "id_number": "身份证号",
        "phone": "手机号",
        "birth_day": "出生日（保留年月）",
        "employer_name": "工作单位",
        "notes": "备注",
    },
    "format": {"xlsx": "Excel", "csv": "CSV", "json": "JSON"},
}
