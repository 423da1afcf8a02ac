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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import IO, Any

from django.http import HttpRequest
from django.utils import timezone

from kesu.assessment.models import LiteracyAssessment
from kesu.assessment.scoring import DIMENSIONS, to_decimal
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.importing import ImportResult, Row, SheetImport
from kesu.core.parsing import parse_date
from kesu.members.idnumber import IdNumberError, parse_id_number
from kesu.members.models import Member
from kesu.members.selectors import members_by_id_numbers
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


@dataclass(frozen=True)
class _Scored:
    number: str
    dims: dict[str, list[str]]
    day: dt.date


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


class _ScoresImport(SheetImport[_Scored]):
    aliases = ALIASES
    required = REQUIRED
    labels = {"id_number": "身份证号"}
    error = ImportError_
    batch_size = 2000

    def __init__(
        self,
        *,
        actor: Actor,
        assessment: LiteracyAssessment,
        mode: str,
        tops: dict[str, Decimal],
        request: HttpRequest | None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.actor, self.assessment, self.mode, self.tops = actor, assessment, mode, tops
        self.request = request
        self.today = timezone.localdate()
        self.default_day = min(self.today, assessment.period_end)
        self.found: Mapping[str, Any] = {}
        self.tz = timezone.get_current_timezone()

    def clean(self, row: Row[_Scored]) -> _Scored:
        rec, at = row.record, row.number
        try:
            number = parse_id_number(rec.get("id_number"), today=self.today).value
        except IdNumberError as exc:
            self.reject(at, "id_number", str(exc))
            number = ""
        if number and (first := self.first_row(number, at)) is not None:
            self.reject(at, "id_number", f"与第{first}行重复")
        dims: dict[str, list[str]] = {}
        for d in DIMENSIONS:
            try:
                dims[d] = [str(_score(rec.get(d), self.tops[d], self.mode)), str(self.tops[d])]
            except ValueError as exc:
                self.reject(at, d, str(exc))
        day = self.default_day
        if rec.get("date") not in (None, ""):
            try:
                day = parse_date(rec.get("date")) or self.default_day
            except ValueError as exc:
                self.reject(at, "date", str(exc))
            a = self.assessment
            if not a.period_start <= day <= a.period_end:
                self.reject(at, "date", f"应在测评期间（{a.period_start}至{a.period_end}）内")
        return _Scored(number, dims, day)

    def resolve(self, rows: list[Row[_Scored]]) -> None:
        self.found = self.members(r.value.number for r in rows if r.value)
        for row in rows:
            if row.value and row.value.number not in self.found:
                self.reject(
                    row.number, "id_number", "该身份证号不在本测评组织（及下级）的会员名册中"
                )

    def write(self, values: list[_Scored]) -> None:
        attempts = []
        for scored in values:
            member = self.found[scored.number]
            at = dt.datetime.combine(scored.day, dt.time(12, 0), tzinfo=self.tz)
            dims = scored.dims
            attempts.append(
                Attempt(
                    paper_id=self.assessment.paper_id,
                    member_id=member.pk,
                    org_id=member.org_id,
                    status=Attempt.Status.SUBMITTED,
                    source=Attempt.Source.SCORES,
                    started_at=at,
                    submitted_at=at,
                    dimension_scores=dims,
                    score=sum((Decimal(v[0]) for v in dims.values()), Decimal(0)),
                    max_score=sum((Decimal(v[1]) for v in dims.values()), Decimal(0)),
                )
            )
        Attempt.objects.bulk_create(attempts)
        self.result.created += len(attempts)

    def finish(self) -> None:
        audit_object(
            self.actor,
            "assessment.import_scores",
            self.assessment,
            {"rows": [0, self.result.created], "mode": [None, self.mode]},
            self.request,
            target_type="assessment",
            label=self.assessment.title,
        )


def scores_import(
    *,
    actor: Actor,
    assessment: LiteracyAssessment,
    source: str | IO[bytes],
    mode: str = PERCENT,
    maxima: dict[str, Decimal] | None = None,
    dry_run: bool = True,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Dimension scores of a sheet as submitted attempts (see the module docstring)."""
    access.ensure_org_in_scope(actor, assessment.org, access.CHANGE)
    if mode not in (PERCENT, POINTS):
        raise ImportError_("得分形式无效：应为百分制或按分值")
    tops = {d: Decimal(100) for d in DIMENSIONS}
    if mode == POINTS:
        tops = {d: Decimal((maxima or DEFAULT_MAX).get(d, 0)) for d in DIMENSIONS}
        if any(t <= 0 for t in tops.values()):
            raise ImportError_("按分值导入时，各维度满分应大于0")
    # Members of the assessment's subtree the actor may see.
    reachable = access.restrict(
        Member.objects.filter(org__path__startswith=assessment.org.path), actor
    ).only("pk", "org_id", "id_number_hash")
    job = _ScoresImport(
        actor=actor,
        assessment=assessment,
        mode=mode,
        tops=tops,
        request=request,
        dry_run=dry_run,
        members=partial(members_by_id_numbers, qs=reachable),
    )
    return job.run(source)
