"""The assistance ledger (帮扶台账) as .xlsx: the ledger's filters and scope, names masked
for roles outside KESU_HARDSHIP_ROLES (who get no ID numbers at all), formula-safe cells,
every export audited."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from openpyxl import Workbook

from kesu.audit.services import audit_record
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.hardship.models import Assistance
from kesu.hardship.selectors import AssistanceFilters, assistance_list
from kesu.hardship.validation import can_see_details, mask_name

HEADERS = [
    "日期",
    "实施组织",
    "帮扶类型",
    "对象类型",
    "对象数",
    "帮扶对象",
    "申请人身份证号",
    "金额（元）",
    "物资",
    "物资折价（元）",
    "资金来源",
    "学生姓名",
    "录取学校",
    "录取层次",
    "说明",
]


def filename() -> str:
    return f"帮扶台账_{timezone.localtime():%Y%m%d_%H%M}.xlsx"


def _recipient(a: Assistance, full: bool) -> tuple[str, str]:
    """(who, masked ID number) as the role may see them."""
    if a.employer_id:
        return a.employer.name, ""
    if a.member_id:
        name = a.member.name if full else mask_name(a.member.name)
        return name, a.member.id_number_masked if full else ""
    return a.group_name, ""


def write_ledger(rows: Any, out: Any, *, full: bool) -> int:
    book = Workbook(write_only=True)
    ws = book.create_sheet("帮扶台账")
    ws.append(HEADERS)
    count = 0
    for a in rows:
        who, id_number = _recipient(a, full)
        student = a.student_name if full else mask_name(a.student_name)
        values = [
            a.given_on,
            a.org.name,
            a.get_kind_display(),
            a.get_recipient_kind_display(),
            a.recipients,
            who,
            id_number,
            a.amount,
            a.goods,
            a.goods_value,
            a.funding_source.name if a.funding_source_id else "",
            student,
            a.school,
            a.get_admission_level_display() if a.admission_level else "",
            a.description,
        ]
        ws.append([safe_cell(v) for v in values])
        count += 1
    book.save(out)
    return count


def ledger_export(
    *, user: Actor, filters: AssistanceFilters, request: HttpRequest | None = None
) -> bytes:
    """The filtered ledger as .xlsx bytes; audited (filters, rows, masked or not)."""
    full = can_see_details(user)
    rows = assistance_list(user=user, filters=filters)
    out = io.BytesIO()
    count = write_ledger(rows.iterator(chunk_size=2000), out, full=full)
    with transaction.atomic():
        audit_record(
            actor=user,
            action="assistance.export",
            target_type="assistance_export",
            target_repr="帮扶台账导出",
            org_path=user.org.path if user.org_id else "",
            changes={"filters": dataclasses.asdict(filters), "rows": count, "masked": not full},
            request=request,
        )
    return out.getvalue()
