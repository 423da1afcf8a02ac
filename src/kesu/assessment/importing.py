"""Import of "four dimension scores" sheets (paper sittings scored elsewhere): one row per
member — ID number and the 科学知识 / 科学方法 / 科学精神与思想 / 应用科学的能力 scores, as
percentages or as points against a stated maximum — becomes a submitted attempt with
source "scores" on the assessment's paper.

All or nothing: a dry run reports every row error (row number as Excel shows it, column as
written in the file); a real run stores nothing while any row is wrong, else every row in one
transaction with one audit row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.assessment.models import LiteracyAssessment
from kesu.assessment.scoring import DIMENSIONS, to_decimal
from kesu.audit.services import audit_record
from kesu.core.errors import ServiceError
from kesu.core.importing import RowError, open_import
from kesu.core.parsing import parse_date
from kesu.members.idnumber import IdNumberError, parse_id_number
from kesu.members.models import Member
from kesu.members.validation import id_number_hash
from kesu.orgs import access
from kesu.quiz.models import Attempt

ALIASES: dict[str, list[str]] = {
    "id_number": ["身份证号", "身份证号码", "公民身份号码", "证件号码"],
    "name": ["姓名"],
    "knowledge": ["科学知识", "科学知识得分"],
    "method": ["科学方法", "科学方法得分"],
    "spirit": ["科学精神与思想", "科学精神与思想得分", "科学精神"],
    "application": ["应用科学的能力", "应用科学的能力得分", "应用科学能力"],
    "date": ["测评日期", "答题日期", "日期"],
}
REQUIRED = ["id_number", *DIMENSIONS]
PERCENT, POINTS = "percent", "points"
DEFAULT_MAX = {
    "knowledge": Decimal(40),
    "method": Decimal(20),
    "spirit": Decimal(20),
    "application": Decimal(20),
}


class ImportError_(ServiceError):
    """The file cannot be used at all (unreadable, missing columns, bad settings)."""


@dataclass
class ImportResult:
    dry_run: bool
    total: int = 0
    valid: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _score(value: Any, top: Decimal, mode: str) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("不能为空")
    text = str(value).strip()
    if mode == PERCENT:
        text = text.removesuffix("%").removesuffix("％")
    number = to_decimal(text)
    if number is None:
        raise ValueError("应为数字")
    if not 0 <= number <= top:
        raise ValueError(f"应在0到{top.normalize():f}之间")
    return number


def scores_import(
    *,
    actor: Any,
    assessment: LiteracyAssessment,
    source: str | IO[bytes],
    mode: str = PERCENT,
    maxima: dict[str, Decimal] | None = None,
    dry_run: bool = True,
    request: HttpRequest | None = None,
) -> ImportResult:
    access.ensure_org_in_scope(actor, assessment.org, access.CHANGE)
    if mode not in (PERCENT, POINTS):
        raise ImportError_("得分形式无效：应为百分制或按分值")
    tops = {d: Decimal(100) for d in DIMENSIONS}
    if mode == POINTS:
        tops = {d: Decimal((maxima or DEFAULT_MAX).get(d, 0)) for d in DIMENSIONS}
        if any(t <= 0 for t in tops.values()):
            raise ImportError_("按分值导入时，各维度满分应大于0")
    sheet = open_import(source, aliases=ALIASES, required=REQUIRED, error=ImportError_)
    today = timezone.localdate()
    default_day = min(today, assessment.period_end)
    result = ImportResult(dry_run=dry_run)
    parsed: list[tuple[int, str, dict[str, list[str]], dt.date]] = []
    seen: dict[str, int] = {}
    for row_no, rec in sheet.records():
        result.total += 1
        before = len(result.errors)

        def fail(name: str, message: str, row_no: int = row_no) -> None:
            result.errors.append(RowError(row_no, sheet.labels.get(name, name), message))

        try:
            number = parse_id_number(rec.get("id_number"), today=today).value
        except IdNumberError as exc:
            fail("id_number", str(exc))
            number = ""
        if number and number in seen:
            fail("id_number", f"与第{seen[number]}行重复")
        elif number:
            seen[number] = row_no
        dims: dict[str, list[str]] = {}
        for d in DIMENSIONS:
            try:
                dims[d] = [str(_score(rec.get(d), tops[d], mode)), str(tops[d])]
            except ValueError as exc:
                fail(d, str(exc))
        day = default_day
        if rec.get("date") not in (None, ""):
            try:
                day = parse_date(rec.get("date")) or default_day
            except ValueError as exc:
                fail("date", str(exc))
            if not assessment.period_start <= day <= assessment.period_end:
                fail(
                    "date", f"应在测评期间（{assessment.period_start}至{assessment.period_end}）内"
                )
        if len(result.errors) == before:
            parsed.append((row_no, number, dims, day))
    members = _members(actor, assessment, [p[1] for p in parsed])
    for row_no, number, _dims, _day in parsed:
        if number not in members:
            result.errors.append(
                RowError(
                    row_no,
                    sheet.labels.get("id_number", "身份证号"),
                    "该身份证号不在本测评组织（及下级）的会员名册中",
                )
            )
    result.errors.sort(key=lambda e: e.row)
    bad_rows = {e.row for e in result.errors}
    result.valid = result.total - len(bad_rows)
    if dry_run or result.errors or not parsed:
        return result
    tz = timezone.get_current_timezone()
    attempts = []
    for _row, number, dims, day in parsed:
        member = members[number]
        at = dt.datetime.combine(day, dt.time(12, 0), tzinfo=tz)
        earned = sum((Decimal(v[0]) for v in dims.values()), Decimal(0))
        possible = sum((Decimal(v[1]) for v in dims.values()), Decimal(0))
        attempts.append(
            Attempt(
                paper_id=assessment.paper_id,
                member_id=member.pk,
                org_id=member.org_id,
                status=Attempt.Status.SUBMITTED,
                source=Attempt.Source.SCORES,
                started_at=at,
                submitted_at=at,
                dimension_scores=dims,
                score=earned,
                max_score=possible,
            )
        )
    with transaction.atomic():
        Attempt.objects.bulk_create(attempts, batch_size=2000)
        audit_record(
            actor=actor,
            action="assessment.import_scores",
            target_type="assessment",
            target_id=assessment.pk,
            target_repr=assessment.title,
            org_path=assessment.org.path,
            changes={"rows": [0, len(attempts)], "mode": [None, mode]},
            request=request,
        )
    result.created = len(attempts)
    return result


def _members(actor: Any, assessment: LiteracyAssessment, numbers: list[str]) -> dict[str, Member]:
    """ID number → member, among members of the assessment's subtree the actor may see."""
    by_hash = {id_number_hash(n): n for n in numbers if n}
    found: dict[str, Member] = {}
    hashes = list(by_hash)
    for i in range(0, len(hashes), 1000):
        qs = Member.objects.filter(
            id_number_hash__in=hashes[i : i + 1000], org__path__startswith=assessment.org.path
        )
        for m in access.restrict(qs, actor).only("pk", "org_id", "id_number_hash"):
            found[by_hash[m.id_number_hash]] = m
    return found
