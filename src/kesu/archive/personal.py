"""A member's copy of their own data (PIPL right of access and portability), as JSON or
.xlsx: the roster entry in full (unmasked: it is their own), the login, transfers, every
check-in, and the archive's timeline (training, quiz and contest results, assessments,
achievements, honours…). Only the member themselves may download it; each download is audited.
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from openpyxl import Workbook

from kesu.archive.selectors import kind_label, member_entries
from kesu.audit.writes import audit_object
from kesu.core import crypto
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.members.models import Member
from kesu.orgs import access

FORMATS = ("json", "xlsx")
Sections = dict[str, Any]


def _when(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    return f"{value:%Y-%m-%d}"


def _profile(m: Member) -> dict[str, str]:
    return {
        "姓名": m.name,
        "性别": m.get_gender_display(),
        "出生日期": _when(m.birth_date),
        "身份证号": crypto.decrypt(m.id_number_enc),
        "手机号": crypto.decrypt(m.phone_enc),
        "民族": m.ethnicity,
        "文化程度": m.get_education_display(),
        "政治面貌": m.get_political_status_display(),
        "所属工会": m.org.name,
        "工作单位": m.employer_name,
        "职业/行业": m.occupation,
        "农民工": "是" if m.is_migrant_worker else "否",
        "入会时间": _when(m.joined_on),
        "会籍状态": m.get_status_display(),
        "备注": m.notes,
    }


def _account(user: Actor) -> dict[str, str]:
    return {
        "用户名": user.username,
        "姓名": user.display_name,
        "角色": user.get_role_display(),
        "注册时间": _when(user.date_joined),
        "最近登录": _when(user.last_login),
    }


def _checkins(m: Member) -> list[dict[str, Any]]:
    from kesu.activities.models import Attendance

    rows = Attendance.objects.filter(member=m).select_related("activity", "activity__org")
    return [
        {
            "活动": a.activity.title,
            "主办组织": a.activity.org.name,
            "场次": a.session + 1,
            "方式": a.get_source_display(),
            "签到时间": _when(a.checked_in_at),
        }
        for a in rows.order_by("checked_in_at", "id")
    ]


def _transfers(m: Member) -> list[dict[str, str]]:
    rows = m.transfers.select_related("from_org", "to_org").order_by("transferred_on", "id")
    return [
        {
            "日期": _when(t.transferred_on),
            "转出": t.from_org.name,
            "转入": t.to_org.name,
            "原因": t.reason,
        }
        for t in rows
    ]


def _timeline(m: Member) -> list[dict[str, str]]:
    return [
        {
            "日期": _when(e.date),
            "类别": kind_label(e.kind),
            "名称": e.title,
            "说明": e.detail,
            "组织": e.org_name,
            "数据": "；".join(f"{k}：{v}" for k, v in e.figures.items()),
        }
        for e in member_entries(m, links=False)
    ]


def own_member(user: Actor) -> Member:
    """The roster entry linked to this login, or NotFound (staff have none of their own)."""
    if not user.is_authenticated or user.member_id is None:
        raise access.NotFound()
    return Member.objects.select_related("org").get(pk=user.member_id)


def my_data(*, user: Actor, fmt: str, request: HttpRequest | None = None) -> bytes:
    """The user's own data in `fmt` (json or xlsx); the download is audited."""
    if fmt not in FORMATS:
        raise access.NotFound()
    member = own_member(user)
    sections: Sections = {
        "导出时间": _when(timezone.now()),
        "会员信息": _profile(member),
        "登录账号": _account(user),
        "转会记录": _transfers(member),
        "签到记录": _checkins(member),
        "科学素质档案": _timeline(member),
    }
    with transaction.atomic():
        audit_object(user, "member.data_export", member, {"format": fmt}, request)
    if fmt == "json":
        return json.dumps(sections, ensure_ascii=False, indent=2).encode()
    return _xlsx(sections)


def _xlsx(sections: Sections) -> bytes:
    book = Workbook(write_only=True)
    for title, content in sections.items():
        if isinstance(content, str):
            continue
        sheet = book.create_sheet(title)
        if isinstance(content, dict):  # one record: label | value
            for label, value in content.items():
                sheet.append([label, safe_cell(value)])
            continue
        headers = list(content[0]) if content else ["（无）"]
        sheet.append(headers)
        for row in content:
            sheet.append([safe_cell(row[h]) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
