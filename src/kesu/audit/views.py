"""The audit log for unit admins: entries of their subtree, with readable before/after values."""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from kesu.accounts.models import Role
from kesu.audit.selectors import audit_list
from kesu.members.choices import Education, Gender, MemberStatus, PoliticalStatus
from kesu.members.validation import FIELD_LABELS
from kesu.orgs import access
from kesu.orgs.models import Kind, Level
from kesu.web.views import is_partial, paginate, web_view

RESULTS = "audit-results"

TARGET_TYPES = {
    "member": _("会员"),
    "organization": _("组织"),
    "user": _("用户"),
    "api_token": _("API令牌"),
    "import_job": _("导入任务"),
    "member_export": _("名册导出"),
    "demo": _("演示数据"),
    "keys": _("个人数据密钥"),
}
ACTIONS = {
    "member.create": _("登记会员"),
    "assessment.items_export": _("导出题目分析"),
    "assessment.sample_draw": _("测评抽样"),
    "assessment.sample_replace": _("替换样本会员"),
    "assessment.sample_remind": _("提醒样本会员作答"),
    "member.update": _("修改会员"),
    "member.transfer": _("会员转入"),
    "member.transfer_out": _("会员转出"),
    "member.reveal": _("查看完整证件号/手机号"),
    "member.id_number_taken": _("他处登记已在册的身份证号"),
    "member.import": _("导入名册"),
    "member.import_errors_download": _("下载导入错误表"),
    "member.import_retry": _("重试导入"),
    "member.export": _("导出名册"),
    "member.export_download": _("下载导出文件"),
    "member.export_retry": _("重试导出"),
    "member.anonymise": _("注销会员个人信息"),
    "member.data_export": _("会员导出本人数据"),
    "keys.rotate": _("个人数据密钥轮换"),
    "org.create": _("新建组织"),
    "org.update": _("修改组织"),
    "org.move": _("移动组织"),
    "user.create": _("新建用户"),
    "user.update": _("修改用户"),
    "token.create": _("生成令牌"),
    "token.revoke": _("吊销令牌"),
    "demo.generate": _("生成演示数据"),
    "demo.reset": _("清除演示数据"),
}
LABELS: dict[str, dict[str, Any]] = {
    "demo": {
        "scale": _("规模"), "seed": _("随机种子"), "organizations": _("工会组织数"),
        "members": _("会员数"), "users": _("演示账号"), "seconds": _("用时（秒）"),
    },
    "import_job": {"created": _("新增人数"), "job": _("导入任务"), "rows": _("行号范围")},
    "member_export": {
        "filters": _("筛选条件"), "rows": _("行数"), "masked": _("已脱敏"), "job": _("导出任务"),
    },
    "member": {
        **FIELD_LABELS,
        "id_number_masked": _("身份证号"),
        "phone_masked": _("手机号"),
        "org": _("所属工会"),
        "reason": _("原因"),
        "requesting_org": _("登记单位"),
        "unit_shown": _("已告知所在单位"),
        "row": _("行号"),
        "job": _("导入任务"),
        "cleared": _("已清除"),
        "copied_hashes": _("同步清除的档案查找码"),
        "login_closed": _("停用登录账号"),
        "format": _("格式"),
    },
    "keys": {
        "key_id": _("当前密钥标识"), "rehash": _("重算查找哈希"), "reencrypted": _("重新加密"),
        "rehashed": _("重算哈希"), "mismatched": _("哈希不一致"), "unreadable": _("无法解密"),
    },
    "organization": {
        "code": _("编码"), "name": _("名称"), "level": _("层级"), "kind": _("类型"),
        "parent": _("上级组织"), "is_active": _("启用"), "path": _("路径"),
        "subtree_size": _("涉及组织数"),
    },
    "user": {
        "username": _("用户名"), "org": _("所属组织"), "role": _("角色"), "is_active": _("启用"),
        "display_name": _("姓名"), "password": _("密码"),
    },
}  # fmt: skip
VALUE_LABELS = {
    "gender": dict(Gender.choices),
    "education": dict(Education.choices),
    "political_status": dict(PoliticalStatus.choices),
    "status": dict(MemberStatus.choices),
    "level": dict(Level.choices),
    "kind": dict(Kind.choices),
    "role": dict(Role.choices),
    "cleared": {
        "name": _("姓名"),
        "id_number": _("身份证号"),
        "phone": _("手机号"),
        "birth_day": _("出生日（保留年月）"),
        "employer_name": _("工作单位"),
        "notes": _("备注"),
    },
}


def _value(field: str, value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list | tuple):  # e.g. the logins a demo run created
        return "、".join(str(_value(field, item)) for item in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{k}：{_value(k, v)}" for k, v in value.items()) or "—"
    return VALUE_LABELS.get(field, {}).get(value, value)


def change_rows(target_type: str, changes: dict[str, Any]) -> list[dict[str, Any]]:
    """[{label, old, new}] for [old, new] pairs, or {label, value} for plain values."""
    labels = LABELS.get(target_type, {})
    rows = []
    for field, value in changes.items():
        row: dict[str, Any] = {"label": labels.get(field, field)}
        if isinstance(value, list) and len(value) == 2:
            row |= {"old": _value(field, value[0]), "new": _value(field, value[1])}
        else:
            row["value"] = _value(field, value)
        rows.append(row)
    return rows


def with_change_rows(entries: list) -> list:
    for entry in entries:
        entry.rows = change_rows(entry.target_type, entry.changes or {})
        entry.action_label = ACTIONS.get(entry.action, entry.action)
        entry.type_label = TARGET_TYPES.get(entry.target_type, entry.target_type)
    return entries


@web_view(access.MANAGE, methods=["GET"])
def audit_log(request):
    target_type = request.GET.get("target_type", "")
    action = request.GET.get("action", "")
    q = request.GET.get("q", "").strip()
    page = paginate(
        request, audit_list(user=request.user, target_type=target_type, action=action, q=q)
    )
    page.object_list = with_change_rows(list(page.object_list))
    context = {
        "page": page,
        "hx_target": RESULTS,
        "target_types": TARGET_TYPES,
        "actions": ACTIONS,
        "selected": {"target_type": target_type, "action": action, "q": q},
    }
    template = "audit/_results.html" if is_partial(request, RESULTS) else "audit/list.html"
    return render(request, template, context)
