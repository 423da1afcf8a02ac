"""Results of one paper as .xlsx: one row per submitted attempt, then per-item correct rates.
ID numbers are masked unless the user may see personal data; every export is audited."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.crypto import decrypt
from kesu.core.excel import safe_cell
from kesu.orgs import access
from kesu.quiz import selectors
from kesu.quiz.models import Paper

HEADERS = [
    "姓名",
    "身份证号",
    "所属组织",
    "来源",
    "状态",
    "得分",
    "满分",
    "答对题数",
    "题数",
    "是否及格",
    "用时（秒）",
    "交卷时间",
]


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


def results_workbook(paper: Paper, *, reveal: bool) -> tuple[Workbook, int]:
    book = Workbook()
    sheet = book.active
    sheet.title = "成绩"
    sheet.append(HEADERS)
    count = 0
    for a in selectors.attempts_for_paper(paper).iterator(chunk_size=2000):
        member = a.member
        number = decrypt(member.id_number_enc) if reveal else member.id_number_masked
        passed = "" if a.passed is None else ("及格" if a.passed else "不及格")
        sheet.append(
            [
                safe_cell(v)
                for v in (
                    member.name,
                    number,
                    a.org.name,
                    a.get_source_display(),
                    a.get_status_display(),
                    a.score,
                    a.max_score,
                    a.correct_count,
                    a.item_count,
                    passed,
                    a.duration_seconds,
                    _local(a.submitted_at),
                )
            ]
        )
        count += 1
    rates = book.create_sheet("各题正确率")
    rates.append(["题号", "题型", "题干", "作答人次", "答对人次", "正确率（%）"])
    for n, rate in enumerate(selectors.item_rates(paper), start=1):
        q = rate.question
        rates.append(
            [
                n,
                q.get_type_display(),
                safe_cell(q.stem[:200]),
                rate.answered,
                rate.correct,
                rate.rate,
            ]
        )
    return book, count


def results_response(paper: Paper, *, actor: Actor, request: HttpRequest | None) -> HttpResponse:
    reveal = access.can_view_pii(actor)
    book, count = results_workbook(paper, reveal=reveal)
    out = BytesIO()
    book.save(out)
    audit_object(actor, "paper.export", paper, {"rows": count, "masked": not reveal}, request)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="paper-{paper.pk}-results.xlsx"'
    return response
