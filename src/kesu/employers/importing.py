"""Employer sheets: .xlsx import (dry run, row-level Chinese errors naming row and column,
all or nothing) and the formula-safe export in the same columns, so an export re-imports.

A row whose credit code is already registered in the user's scope updates that employer;
a code registered elsewhere is an error at its cell (never who holds it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kesu.audit.services import audit_record
from kesu.core.actors import Actor
from kesu.core.excel import safe_cell
from kesu.core.importing import ImportResult, Row, RowProblems, SheetImport
from kesu.core.sheets import Sheet
from kesu.employers.models import Employer, HomeRating
from kesu.employers.services import employer_create, employer_update, founding_save
from kesu.employers.validation import (
    LABELS,
    EmployerError,
    clean_employer,
    clean_founding,
    normalise_credit_code,
)
from kesu.orgs import access
from kesu.orgs.models import Organization

# field -> accepted headers (the first is the one the export writes)
ALIASES: dict[str, list[str]] = {
    "org": ["服务工会编码", "工会编码"],
    "name": ["单位名称", "企业名称", "名称"],
    "credit_code": ["统一社会信用代码", "信用代码", "社会信用代码"],
    "ownership": ["所有制", "经济类型"],
    "industry": ["行业"],
    "staff_count": ["职工人数", "职工数", "人数"],
    "township": ["所在乡镇/街道", "乡镇街道", "乡镇", "街道"],
    "industrial_park": ["所在园区", "园区"],
    "founded_on": ["建会日期"],
    "sign_hung": ["牌子挂起来"],
    "identity_shown": ["身份亮出来"],
    "duties_shown": ["职责显出来"],
    "home_rating": ["职工之家"],
}
FOUNDING_KEYS = ("founded_on", "sign_hung", "identity_shown", "duties_shown", "home_rating")


@dataclass
class _Planned:
    row: int
    org: Organization | None
    employer: Employer | None
    data: dict[str, Any]
    founding: dict[str, Any] | None


def _org_for(actor: Actor, code: Any, default: Organization | None, cache: dict) -> Organization:
    text = str(code or "").strip()
    if not text:
        if default is None:
            raise ValueError("请填写服务工会编码，或在页面上选择默认服务工会")
        return default
    if text not in cache:
        try:
            cache[text] = access.get_org_for_user(actor, text, access.CHANGE)
        except access.NotFound:
            cache[text] = None
    if cache[text] is None:
        raise ValueError(f"服务工会“{text}”不存在或不在管辖范围内")
    return cache[text]


class _EmployerImport(SheetImport[_Planned]):
    aliases = ALIASES
    required = ("name", "ownership")
    labels = {**LABELS, **{k: v[0] for k, v in ALIASES.items()}}
    error = EmployerError

    def __init__(
        self,
        *,
        actor: Actor,
        default_org: Organization | None,
        request: HttpRequest | None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.actor, self.default_org, self.request = actor, default_org, request
        self.mine = access.restrict(Employer.objects.all(), actor, access.CHANGE)
        self.orgs: dict[str, Any] = {}

    def clean(self, row: Row[_Planned]) -> _Planned:
        record, errors = row.record, {}
        try:
            org = _org_for(self.actor, record.get("org"), self.default_org, self.orgs)
        except ValueError as exc:
            errors["org"], org = str(exc), None
        data = {k: v for k, v in record.items() if k in LABELS and k not in FOUNDING_KEYS}
        data.pop("org", None)
        errors.update(clean_employer(data)[1])
        founding = None
        if any(str(record.get(k) or "").strip() for k in FOUNDING_KEYS):
            founding = {k: record.get(k) for k in FOUNDING_KEYS}
            if founding["home_rating"] in (None, ""):
                founding["home_rating"] = HomeRating.NONE
            errors.update(clean_founding(founding)[1])
        code = normalise_credit_code(record.get("credit_code"))
        existing = None
        if code and "credit_code" not in errors:
            if (first := self.first_row(code, row.number)) is not None:
                errors["credit_code"] = f"与第{first}行的统一社会信用代码重复"
            existing = self.mine.filter(credit_code=code).first()
            if existing is None and Employer.objects.filter(credit_code=code).exists():
                errors["credit_code"] = "该统一社会信用代码已由管辖范围外的工会登记"
        if errors:
            raise RowProblems(errors)
        return _Planned(row.number, org, existing, data, founding)

    def resolve(self, rows: list[Row[_Planned]]) -> None:
        """What the import will do (shown on a dry run too)."""
        planned = [r.value for r in rows if r.value]
        self.result.created = sum(1 for p in planned if p.employer is None)
        self.result.updated = len(planned) - self.result.created
        self.result.extra["founded"] = sum(1 for p in planned if p.founding)

    def write(self, values: list[_Planned]) -> None:
        actor, request = self.actor, self.request
        for p in values:
            if p.employer is None:
                employer = employer_create(actor=actor, org=p.org, data=p.data, request=request)
            else:
                data = {**p.data, "org": p.org}
                employer = employer_update(
                    actor=actor, employer=p.employer, data=data, request=request
                )
            if p.founding:
                founding_save(actor=actor, employer=employer, data=p.founding, request=request)


def employer_import(
    *,
    actor: Actor,
    source: str | IO[bytes],
    default_org: Organization | None = None,
    dry_run: bool = True,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Validate every row; unless `dry_run` and only when no row has an error, write them all
    in one transaction. Raises EmployerError({"file": …}) when the file itself is unusable."""
    access.require(actor, access.CHANGE)
    if default_org is not None:
        access.ensure_org_in_scope(actor, default_org, access.CHANGE)
    job = _EmployerImport(actor=actor, default_org=default_org, request=request, dry_run=dry_run)
    return job.run(source)


def employer_export(
    *, actor: Actor, rows: QuerySet[Employer], request: HttpRequest | None = None
) -> Workbook:
    """The listed employers (already scoped by the selector) in the import's columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = "企业建会"
    headers = [v[0] for v in ALIASES.values()]
    sheet.append(headers)
    count = 0
    for e in rows.select_related("org", "founding").iterator(chunk_size=2000):
        f = getattr(e, "founding", None) if _has_founding(e) else None
        sheet.append(
            [
                safe_cell(v)
                for v in (
                    e.org.code,
                    e.name,
                    e.credit_code,
                    str(e.get_ownership_display()),
                    e.industry,
                    e.staff_count,
                    e.township,
                    e.industrial_park,
                    f.founded_on if f else None,
                    _yes(f.sign_hung) if f else "",
                    _yes(f.identity_shown) if f else "",
                    _yes(f.duties_shown) if f else "",
                    str(f.get_home_rating_display()) if f and f.home_rating else "",
                )
            ]
        )
        count += 1
    for col, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = max(10, len(header) * 2 + 2)
    for cell in sheet["I"][1:]:
        cell.number_format = "yyyy-mm-dd"
    audit_record(
        actor=actor,
        action="employer.export",
        target_type="employer",
        target_repr=f"导出企业 {count} 家",
        org_path=getattr(actor.org, "path", ""),
        changes={"rows": [None, count]},
        request=request,
    )
    return book


def _has_founding(employer: Employer) -> bool:
    try:
        return employer.founding is not None
    except Employer.founding.RelatedObjectDoesNotExist:
        return False


def _yes(value: bool) -> str:
    return "是" if value else "否"


MEDICAL_ALIASES: dict[str, list[str]] = {
    "credit_code": ["统一社会信用代码", "信用代码", "社会信用代码"],
    "name": ["单位名称", "企业名称", "名称"],
    "year": ["年度", "年份"],
    "shares": ["参保份数", "份数", "参保份"],
    "amount": ["金额", "金额（元）", "缴费金额"],
}


class _MedicalImport(SheetImport[tuple[Employer, dict[str, Any]]]):
    aliases = MEDICAL_ALIASES
    required = ("shares",)
    labels = {k: v[0] for k, v in MEDICAL_ALIASES.items()}
    error = EmployerError

    def __init__(
        self, *, actor: Actor, year: int | None, request: HttpRequest | None, **options: Any
    ) -> None:
        super().__init__(**options)
        self.actor, self.year, self.request = actor, year, request
        self.mine = access.restrict(Employer.objects.select_related("org"), actor, access.CHANGE)

    def open(self, source: str | IO[bytes]) -> Sheet:
        sheet = super().open(source)
        found = set(sheet.columns.values())
        if not {"credit_code", "name"} & found:
            raise EmployerError({"file": "表格需要“统一社会信用代码”或“单位名称”列"})
        if "year" not in found and self.year is None:
            raise EmployerError({"file": "表格没有“年度”列时，请在页面上选择年度"})
        return sheet

    def clean(self, row: Row[tuple[Employer, dict[str, Any]]]) -> tuple[Employer, dict[str, Any]]:
        from kesu.employers.validation import clean_enrolment

        record = row.record
        data = {
            "year": record.get("year") or self.year,
            "shares": record.get("shares"),
            "amount": record.get("amount"),
        }
        clean, errors = clean_enrolment(data)
        errors = dict(errors)
        employer = None
        code = normalise_credit_code(record.get("credit_code"))
        name = str(record.get("name") or "").strip()
        if code:
            employer = self.mine.filter(credit_code=code).first()
            if employer is None:
                errors["credit_code"] = "未找到该信用代码的单位，或不在管辖范围内"
        elif name:
            matches = list(self.mine.filter(name=name)[:2])
            if len(matches) == 1:
                employer = matches[0]
            else:
                errors["name"] = (
                    "管辖范围内有多个同名单位，请填写信用代码"
                    if matches
                    else "未找到该单位，或不在管辖范围内"
                )
        else:
            errors["credit_code"] = "请填写统一社会信用代码或单位名称"
        if employer is not None and "year" in clean:
            if (first := self.first_row((employer.pk, clean["year"]), row.number)) is not None:
                errors["shares"] = f"与第{first}行是同一单位同一年度"
        if errors:
            raise RowProblems(errors)
        assert employer is not None
        return employer, data

    def resolve(self, rows: list[Row[tuple[Employer, dict[str, Any]]]]) -> None:
        self.result.updated = len(rows)

    def write(self, values: list[tuple[Employer, dict[str, Any]]]) -> None:
        from kesu.employers.services import enrolment_save

        for employer, data in values:
            enrolment_save(actor=self.actor, employer=employer, data=data, request=self.request)


def medical_import(
    *,
    actor: Actor,
    source: str | IO[bytes],
    year: int | None = None,
    dry_run: bool = True,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Shares per employer from a sheet: the employer by credit code (or by a name unique in
    the user's scope), the year from its column or `year`. All rows or none, like employers."""
    access.require(actor, access.CHANGE)
    return _MedicalImport(actor=actor, year=year, request=request, dry_run=dry_run).run(source)
