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
from functools import partial
from io import BytesIO
from typing import IO, Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.importing import ImportResult, Row, RowProblems, SheetImport
from kesu.core.parsing import lenient, parse_date
from kesu.core.sheets import Sheet, SheetError, open_sheet
from kesu.members.idnumber import normalise
from kesu.members.models import Member
from kesu.members.selectors import members_by_id_numbers
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


_ID_ALIASES = ["身份证号", "身份证号码", "公民身份号码", "证件号码"]
# A row once its member is found: the member, their answers, when they sat.
_Sitting = tuple[Member, dict[str, list[int]], dt.datetime]


class _SittingsImport(SheetImport[Any]):
    """Rows of one fixed paper: the ID number is read first; the member (one lookup for the
    sheet), their answers and the date are checked together in ``resolve``."""

    required = ("id_number",)
    labels = {"id_number": "身份证号"}
    error = None  # an unusable file is reported on the result (file_error)

    def __init__(
        self, *, actor: Actor, paper: Paper, request: HttpRequest | None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.actor, self.paper, self.request = actor, paper, request

    def open(self, source: str | IO[bytes]) -> Sheet:
        paper = self.paper
        if paper.mode != Paper.Mode.FIXED:
            raise SheetError(
                "按规则随机抽题的试卷每人试题不同，不能导入纸质答卷；请使用固定试题的试卷"
            )
        self.layout = drawing.fixed_layout(paper)
        if not self.layout:
            raise SheetError("试卷还没有试题")
        self.keys = scoring.answer_keys(int(i["q"]) for i in self.layout)
        aliases = {
            "id_number": _ID_ALIASES,
            "name": ["姓名"],
            "date": ["答题日期", "日期", "考试日期"],
        }
        items = range(1, len(self.layout) + 1)
        for n in items:
            aliases[f"q{n}"] = [item_header(n), f"{n}", f"题{n}", f"第{n}题答案"]
        required = ["id_number"] + [f"q{n}" for n in items]
        return open_sheet(source, aliases=aliases, required=required)

    def clean(self, row: Row[Any]) -> str:
        number = normalise(str(row.record.get("id_number") or ""))
        if not number:
            raise RowProblems({"id_number": "请填写身份证号"})
        if (first := self.first_row(number, row.number)) is not None:
            raise RowProblems({"id_number": f"与第{first}行重复"})
        return number

    def resolve(self, rows: list[Row[Any]]) -> None:
        found = self.members(r.value for r in rows)
        already = set(
            Attempt.objects.filter(
                paper=self.paper, source=Attempt.Source.PAPER, member__in=found.values()
            ).values_list("member_id", flat=True)
        )
        now = timezone.now()
        for row in rows:
            member = found.get(row.value)
            if member is None:
                self.reject(row.number, "id_number", "本单位及下级名册中没有该身份证号的会员")
            elif not member.org.path.startswith(self.paper.org.path):
                self.reject(row.number, "id_number", f"会员{member.name}不在该试卷的答题范围内")
            elif member.pk in already:
                self.reject(row.number, "id_number", f"会员{member.name}已导入过本试卷的纸质答卷")
            else:
                row.value = (member, self._answers(row), self._when(row, now))

    def _answers(self, row: Row[Any]) -> dict[str, list[int]]:
        answers: dict[str, list[int]] = {}
        for n, item in enumerate(self.layout, start=1):
            key = self.keys[int(item["q"])]
            try:
                chosen = parse_answer(
                    row.record.get(f"q{n}"), qtype=key.type, option_count=key.option_count
                )
            except ValueError as exc:
                self.reject(row.number, f"q{n}", str(exc))
                continue
            if chosen:
                answers[str(item["q"])] = chosen
        return answers

    def _when(self, row: Row[Any], now: dt.datetime) -> dt.datetime:
        if row.record.get("date") in (None, ""):
            return now
        day = lenient(parse_date, row.record["date"])
        if day is None:
            self.reject(row.number, "date", "日期格式无效，应为 YYYY-MM-DD")
            return now
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))

    def write(self, values: list[_Sitting]) -> None:
        paper = self.paper
        rows = []
        for member, answers, when in values:
            result = scoring.score_attempt(
                layout=self.layout,
                answers=answers,
                keys=self.keys,
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
                    layout=self.layout,
                    answers=answers,
                    **result.as_fields(),
                )
            )
        Attempt.objects.bulk_create(rows)
        self.result.created += len(rows)

    def finish(self) -> None:
        paper = self.paper
        audit_object(
            self.actor, "paper.import_sittings", paper, {"rows": self.result.created}, self.request
        )


def import_sittings(
    *,
    actor: Actor,
    paper: Paper,
    source: str | IO[bytes],
    dry_run: bool = True,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Paper sittings of a fixed paper (see the module docstring): created, or every row's
    errors; a sheet that cannot be used at all is the result's file_error."""
    access.ensure_org_in_scope(actor, paper.org, access.CHANGE)
    reachable = access.restrict(Member.objects.select_related("org"), actor, access.CHANGE)
    job = _SittingsImport(
        actor=actor,
        paper=paper,
        request=request,
        dry_run=dry_run,
        members=partial(members_by_id_numbers, qs=reachable),
    )
    return job.run(source)
