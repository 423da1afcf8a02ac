"""Paper-based sittings (纸质答卷) imported from .xlsx and scored exactly like online ones.

Sheet: a header row with 身份证号 (required), optionally 姓名 and 答题日期, and one column per
item in paper order: 第1题, 第2题, … Answers as printed on the paper (options in their
written order): "A", "ABD", "A,B,D"; judge items also 对/错, √/×, 正确/错误, T/F; blank means
unanswered. Every row is checked (member found in the actor's subtree and in the paper's
audience, not imported twice, each answer valid) and errors name the row and column. When
any row is wrong nothing is stored; a dry run stores nothing either.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from kesu.audit.services import audit_record
from kesu.core.importing import RowError
from kesu.core.parsing import lenient, parse_date
from kesu.core.sheets import SheetError, open_sheet
from kesu.members.idnumber import normalise
from kesu.members.models import Member
from kesu.members.validation import id_number_hash
from kesu.orgs import access
from kesu.quiz.attempts import scoring
from kesu.quiz.models import Attempt, Paper, QuestionType
from kesu.quiz.papers import drawing

_JUDGE = {
    "对": 0,
    "√": 0,
    "正确": 0,
    "T": 0,
    "是": 0,
    "Y": 0,
    "错": 1,
    "×": 1,
    "X": 1,
    "错误": 1,
    "F": 1,
    "否": 1,
    "N": 1,
}
_SEPARATORS = re.compile(r"[\s,，、;；/]+")


@dataclass
class ImportReport:
    rows: int = 0
    valid: int = 0
    saved: int = 0
    dry_run: bool = True
    fatal: str = ""
    errors: list[RowError] = field(default_factory=list)


def item_header(n: int) -> str:
    return f"第{n}题"


def template_headers(paper: Paper) -> list[str]:
    count = paper.items.count() if paper.mode == Paper.Mode.FIXED else 0
    return ["身份证号", "姓名", "答题日期"] + [item_header(n) for n in range(1, count + 1)]


def template_response(paper: Paper) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "纸质答卷"
    sheet.append(template_headers(paper))
    out = BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="paper-{paper.pk}-template.xlsx"'
    return response


def parse_answer(raw: Any, *, qtype: str, option_count: int) -> list[int]:
    """Printed answer -> canonical option indexes, or ValueError with a Chinese message."""
    if raw is None:
        return []
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip().upper().replace("（", "").replace("）", "")
    if not text:
        return []
    if qtype == QuestionType.JUDGE and text in _JUDGE:
        return [_JUDGE[text]]
    letters = [c for c in _SEPARATORS.sub("", text)]
    chosen = []
    for letter in letters:
        if not "A" <= letter <= "Z":
            raise ValueError(f"答案“{raw}”无效，应为选项字母（如 A、ABD）")
        index = ord(letter) - 65
        if index >= option_count:
            last = chr(64 + option_count)
            raise ValueError(f"选项“{letter}”不存在（本题只有A–{last}共{option_count}个选项）")
        if index not in chosen:
            chosen.append(index)
    if len(chosen) > 1 and qtype != QuestionType.MULTIPLE:
        raise ValueError(f"答案“{raw}”有多个选项，但本题是{QuestionType(qtype).label}题")
    return sorted(chosen)


def import_sittings(
    *,
    actor: Any,
    paper: Paper,
    source: str | IO[bytes],
    dry_run: bool = True,
    request: HttpRequest | None = None,
) -> ImportReport:
    access.ensure_org_in_scope(actor, paper.org, access.CHANGE)
    report = ImportReport(dry_run=dry_run)
    if paper.mode != Paper.Mode.FIXED:
        report.fatal = "按规则随机抽题的试卷每人试题不同，不能导入纸质答卷；请使用固定试题的试卷"
        return report
    layout = drawing.fixed_layout(paper)
    if not layout:
        report.fatal = "试卷还没有试题"
        return report
    keys = scoring.answer_keys(int(i["q"]) for i in layout)
    aliases = {
        "id_number": ["身份证号", "身份证号码", "公民身份号码", "证件号码"],
        "name": ["姓名"],
        "date": ["答题日期", "日期", "考试日期"],
    }
    for n in range(1, len(layout) + 1):
        aliases[f"q{n}"] = [item_header(n), f"{n}", f"题{n}", f"第{n}题答案"]
    required = ["id_number"] + [f"q{n}" for n in range(1, len(layout) + 1)]
    try:
        sheet = open_sheet(source, aliases=aliases, required=required)
    except SheetError as exc:
        report.fatal = str(exc)
        return report
    labels = sheet.labels
    records = list(sheet.records())
    report.rows = len(records)
    hashes: dict[int, str] = {}
    seen: dict[str, int] = {}
    for row, record in records:
        number = normalise(str(record.get("id_number") or ""))
        if not number:
            report.errors.append(RowError(row, labels["id_number"], "请填写身份证号"))
            continue
        if number in seen:
            report.errors.append(RowError(row, labels["id_number"], f"与第{seen[number]}行重复"))
            continue
        seen[number] = row
        hashes[row] = id_number_hash(number)
    found = {
        m.id_number_hash: m
        for m in access.restrict(
            Member.objects.filter(id_number_hash__in=hashes.values()).select_related("org"),
            actor,
            access.CHANGE,
        )
    }
    already = set(
        Attempt.objects.filter(
            paper=paper, source=Attempt.Source.PAPER, member__in=found.values()
        ).values_list("member_id", flat=True)
    )
    now = timezone.now()
    pending = []
    for row, record in records:
        if row not in hashes:
            continue
        member = found.get(hashes[row])
        column = labels["id_number"]
        if member is None:
            report.errors.append(RowError(row, column, "本单位及下级名册中没有该身份证号的会员"))
            continue
        if not member.org.path.startswith(paper.org.path):
            report.errors.append(RowError(row, column, f"会员{member.name}不在该试卷的答题范围内"))
            continue
        if member.pk in already:
            report.errors.append(
                RowError(row, column, f"会员{member.name}已导入过本试卷的纸质答卷")
            )
            continue
        row_ok = True
        answers: dict[str, list[int]] = {}
        for n, item in enumerate(layout, start=1):
            key = keys[int(item["q"])]
            try:
                chosen = parse_answer(
                    record.get(f"q{n}"), qtype=key.type, option_count=key.option_count
                )
            except ValueError as exc:
                report.errors.append(RowError(row, labels[f"q{n}"], str(exc)))
                row_ok = False
                continue
            if chosen:
                answers[str(item["q"])] = chosen
        when = now
        if record.get("date") not in (None, ""):
            day = lenient(parse_date, record["date"])
            if day is None:
                report.errors.append(RowError(row, labels["date"], "日期格式无效，应为 YYYY-MM-DD"))
                row_ok = False
            else:
                when = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        if row_ok:
            pending.append((member, answers, when))
    report.valid = len(pending)
    if report.errors or dry_run or not pending:
        return report
    rows = []
    for member, answers, when in pending:
        result = scoring.score_attempt(
            layout=layout,
            answers=answers,
            keys=keys,
            multiple_rule=paper.multiple_rule,
            pass_mark=paper.pass_mark,
        )
        rows.append(
            Attempt(
                paper=paper,
                member=member,
                org_id=member.org_id,
                status=Attempt.Status.SUBMITTED,
                source=Attempt.Source.PAPER,
                started_at=when,
                submitted_at=when,
                layout=layout,
                answers=answers,
                **result.as_fields(),
            )
        )
    with transaction.atomic():
        Attempt.objects.bulk_create(rows, batch_size=1000)
        audit_record(
            actor=actor,
            action="paper.import_sittings",
            target_type="paper",
            target_id=paper.pk,
            target_repr=paper.title,
            org_path=paper.org.path,
            changes={"rows": len(rows)},
            request=request,
        )
    report.saved = len(rows)
    return report
