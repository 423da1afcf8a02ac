"""The training ledger (培训台账) as .xlsx: one row per course of an organisation's subtree
with sessions in the period, its hours, enrolments, attended person-times and completions.

Title, unit and period on top, a totals row below; every text cell through safe_cell; the
download is audited in the same transaction as the reads.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kesu.activities.choices import TOPICS
from kesu.activities.validation import code_labels
from kesu.audit.services import audit_record
from kesu.core.actors import Actor
from kesu.core.dates import day_bounds
from kesu.core.excel import safe_cell
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.training.models import Course, Enrolment
from kesu.training.progress import completed_enrolments, training_attendance

COLUMNS = [
    ("序号", 6),
    ("课程名称", 34),
    ("主办组织", 22),
    ("主题", 16),
    ("承办/合作单位", 18),
    ("授课教师", 18),
    ("科普教师/宣讲员培训", 10),
    ("期内讲数", 8),
    ("首讲日期", 12),
    ("末讲日期", 12),
    ("期内学时", 10),
    ("报名人数", 10),
    ("签到人次", 10),
    ("期内结业人数", 12),
]
_SUMMED = (8, 11, 12, 13, 14)


def _in_scope(user: Actor, org: Organization) -> None:
    access.require(user, access.VIEW)
    if not access.orgs_for(user).filter(pk=org.pk).exists():
        raise access.NotFound()


def ledger_rows(*, user: Actor, org: Organization, start: dt.date, end: dt.date) -> list[list[Any]]:
    _in_scope(user, org)
    lo, hi = day_bounds(start, end)
    in_period = Q(sessions__start__gte=lo, sessions__start__lt=hi)
    courses = list(
        access.restrict(Course.objects.filter(org__path__startswith=org.path), user)
        .filter(in_period)
        .annotate(
            period_sessions=Count("sessions", filter=in_period, distinct=True),
            first=Min("sessions__start", filter=in_period),
            last=Max("sessions__start", filter=in_period),
            period_hours=Sum("sessions__hours", filter=in_period),
        )
        .select_related("org")
        .prefetch_related("experts")
        .order_by("first", "id")
    )
    ids = [c.pk for c in courses]
    enrolled = dict(
        Enrolment.objects.filter(course_id__in=ids)
        .values("course_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "n")
        .order_by()
    )
    attended = dict(
        training_attendance()
        .filter(
            activity__training_session__course_id__in=ids,
            activity__training_session__start__gte=lo,
            activity__training_session__start__lt=hi,
        )
        .values("activity__training_session__course_id")
        .annotate(n=Count("pk"))
        .values_list("activity__training_session__course_id", "n")
        .order_by()
    )
    done: dict[int, int] = defaultdict(int)
    completed = completed_enrolments(
        Enrolment.objects.filter(course_id__in=ids), start=start, end=end
    )
    for course_id in Enrolment.objects.filter(pk__in=list(completed)).values_list(
        "course_id", flat=True
    ):
        done[course_id] += 1
    rows = []
    for number, c in enumerate(courses, start=1):
        teachers = "、".join(
            [*(e.name for e in c.experts.all()), *([c.teachers] if c.teachers else [])]
        )
        rows.append(
            [
                number,
                c.title,
                c.org.name,
                "、".join(code_labels(c.topics, TOPICS)),
                c.provider,
                teachers,
                "是" if c.is_teacher_training else "",
                c.period_sessions,
                f"{timezone.localtime(c.first):%Y-%m-%d}",
                f"{timezone.localtime(c.last):%Y-%m-%d}",
                c.period_hours or Decimal("0"),
                enrolled.get(c.pk, 0),
                attended.get(c.pk, 0),
                done.get(c.pk, 0),
            ]
        )
    return rows


def training_ledger_xlsx(
    user: Actor,
    org: Organization,
    start: dt.date,
    end: dt.date,
    *,
    request: HttpRequest | None = None,
) -> bytes:
    """The 培训台账 of `org`'s subtree for start–end (by session start date) as .xlsx bytes.
    Raises NotFound when `org` is outside the user's scope, Forbidden for the member role."""
    with transaction.atomic():
        rows = ledger_rows(user=user, org=org, start=start, end=end)
        book = Workbook()
        ws = book.active
        ws.title = "培训台账"
        width = len(COLUMNS)
        last = get_column_letter(width)
        ws["A1"] = safe_cell(f"{org.name}职工科普培训台账")
        ws["A1"].font = Font(size=16, bold=True)
        ws["A1"].alignment = Alignment(horizontal="center")
        ws.merge_cells(f"A1:{last}1")
        ws["A2"] = safe_cell(
            f"填报单位：{org.name}　　统计期间：{start:%Y-%m-%d}至{end:%Y-%m-%d}　　"
            f"填报日期：{timezone.localdate():%Y-%m-%d}"
        )
        ws.merge_cells(f"A2:{last}2")
        ws.append([name for name, _w in COLUMNS])
        for col in range(1, width + 1):
            ws.cell(row=3, column=col).font = Font(bold=True)
        totals: list[Any] = [None] * width
        for values in rows:
            ws.append([safe_cell(v) for v in values])
            for col in _SUMMED:
                totals[col - 1] = (totals[col - 1] or 0) + (values[col - 1] or 0)
        totals[0], totals[1] = "合计", f"共{len(rows)}门课程"
        ws.append([safe_cell(v) for v in totals])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for col, (_name, col_width) in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(col)].width = col_width
        ws.freeze_panes = "C4"
        out = io.BytesIO()
        book.save(out)
        audit_record(
            actor=user,
            action="training.ledger",
            target_type="report",
            target_id=org.code,
            target_repr=f"培训台账：{org.name}",
            org_path=org.path,
            request=request,
            changes={
                "org": org.code,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "rows": len(rows),
            },
        )
    return out.getvalue()


def ledger_filename(org: Organization, start: dt.date, end: dt.date) -> str:
    return f"{org.name}_培训台账_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
