"""Figures of union founding, wage agreements and mutual medical insurance (see
kesu.indicators.registry).

Coverage is a state at the end of the range: an employer counts as having a union when its
founding date is on or before the end date. The coverage percentages are computed by one SQL
aggregate over the denominator's records, so the evidence list (every non-public employer
with 25+ staff, each marked 已建会 or not) is exactly what the figure divides.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, NullIf

from kesu.employers.models import (
    AgreementKind,
    Employer,
    HomeRating,
    MutualMedicalEnrolment,
    Ownership,
    UnionFounding,
    WageAgreement,
)
from kesu.employers.schemas import (
    AgreementOut,
    EmployerOut,
    FoundingEvidenceOut,
    MutualEnrolmentOut,
)
from kesu.employers.selectors import MEDICAL_SHARES, STAFF_THRESHOLD, with_union
from kesu.indicators import targets
from kesu.indicators.declare import dated, total, yearly
from kesu.indicators.registry import Dimension, Scope, month_dimension, register
from kesu.indicators.schemas import register_evidence_schema

TENTH = Decimal("0.1")

register_evidence_schema(Employer, EmployerOut)
register_evidence_schema(WageAgreement, AgreementOut)
register_evidence_schema(MutualMedicalEnrolment, MutualEnrolmentOut)
register_evidence_schema(UnionFounding, FoundingEvidenceOut)

HAS_UNION = Dimension("union", "建会情况", "has_union", {True: "已建会", False: "未建会"})
COVERED = Dimension("covered", "协商情况", "covered", {True: "已覆盖", False: "未覆盖"})
AGREEMENT_KIND = Dimension("kind", "协商类型", "kind", dict(AgreementKind.choices))
HOME = Dimension("home", "职工之家", "home_rating", dict(HomeRating.choices))
SIGNED = dated(WageAgreement, "signed_on")


class _Tenths(ExpressionWrapper):
    """Rounds to one decimal on every database (SQLite returns the raw float otherwise)."""

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), _quantize]


def _quantize(value, expression, connection):
    return None if value is None else Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def percent_where(flag: str):
    """Share (%, one decimal) of the records whose boolean annotation `flag` is true."""

    def aggregate():
        ratio = ExpressionWrapper(
            Cast(Count("pk", filter=Q(**{flag: True})), FloatField())
            * 100.0
            / NullIf(Count("pk"), 0),
            output_field=FloatField(),
        )
        decimal = DecimalField(max_digits=6, decimal_places=1)
        return _Tenths(Cast(ratio, decimal), output_field=decimal)

    return aggregate


def _target_employers(scope: Scope) -> QuerySet[Employer]:
    """The denominator: active non-public employers with 25+ staff."""
    return Employer.objects.filter(
        ownership=Ownership.NON_PUBLIC, staff_count__gte=STAFF_THRESHOLD, is_active=True
    )


def _with_agreement(qs: QuerySet[Employer], start: dt.date, end: dt.date) -> QuerySet[Employer]:
    """Annotate `covered`: named in an agreement whose term overlaps start…end."""
    through = WageAgreement.employers.through
    in_force = through.objects.filter(
        employer_id=OuterRef("pk"),
        wageagreement__term_start__lte=end,
        wageagreement__term_end__gte=start,
    )
    return qs.annotate(covered=Exists(in_force))


register(
    "unions.founded",
    name="新建工会",
    unit="个",
    description="建会日期在起止日期之间（含）的企业/单位工会（按企业的服务工会计）。",
    evidence=dated(UnionFounding, "founded_on"),
    org_field="employer__org",
    dimensions=(HOME, month_dimension("founded_on", "建会月份")),
)
register(
    "unions.employers_25plus",
    name="25人以上非公企业",
    unit="个",
    description="在册、所有制为非公有制且职工人数25人以上（含）的企业（建会覆盖率的分母）。",
    evidence=lambda scope: with_union(_target_employers(scope), scope.end),
    dimensions=(HAS_UNION,),
)
register(
    "unions.founded_25plus",
    name="25人以上非公企业已建会",
    unit="个",
    description="25人以上非公企业中截至截止日期已建会的企业（建会覆盖率的分子）。",
    evidence=lambda scope: with_union(_target_employers(scope), scope.end).filter(has_union=True),
)
register(
    "unions.coverage_25plus",
    name="25人以上非公企业建会率",
    unit="%",
    description="截至截止日期已建会的25人以上非公企业 ÷ 在册的25人以上非公企业 × 100，"
    "保留一位小数；依据记录即分母中的全部企业，逐一标明是否已建会。",
    evidence=lambda scope: with_union(_target_employers(scope), scope.end),
    aggregate=percent_where("has_union"),
    dimensions=(HAS_UNION,),
)
register(
    "wage_agreements.count",
    name="工资集体协议",
    unit="份",
    description="签订日期在起止日期之间（含）的工资集体协议。",
    dimensions=(AGREEMENT_KIND, month_dimension("signed_on", "签订月份")),
    evidence=SIGNED,
)
register(
    "wage_agreements.workers_covered",
    name="工资集体协议覆盖职工",
    unit="人",
    description="签订日期在起止日期之间（含）的工资集体协议所覆盖的职工人数之和。",
    aggregate=total("workers_covered"),
    dimensions=(AGREEMENT_KIND,),
    evidence=SIGNED,
)
register(
    "wage_agreements.employers",
    name="工资集体协商覆盖企业",
    unit="个",
    description="在起止日期内处于协议期限中的工资集体协议所覆盖的企业（每个企业计一次）。",
    evidence=lambda scope: _with_agreement(Employer.objects.all(), scope.start, scope.end).filter(
        covered=True
    ),
)
register(
    "wage_agreements.coverage_25plus",
    name="25人以上非公企业工资集体协商覆盖率",
    unit="%",
    description="截止日期处于协议期限中的协议所覆盖的25人以上非公企业 ÷ 在册的25人以上非公企业 × 100。",
    evidence=lambda scope: _with_agreement(_target_employers(scope), scope.end, scope.end),
    aggregate=percent_where("covered"),
    dimensions=(COVERED,),
)


_enrolments = yearly(MutualMedicalEnrolment)


register(
    "medical_mutual.shares",
    name="职工医疗互助参保",
    unit="份",
    description="年度在起止日期所在年份内的职工医疗互助参保份数之和。",
    aggregate=total("shares"),
    dimensions=(Dimension("year", "年度", "year"),),
    evidence=_enrolments,
)


def _completion(scope: Scope) -> Decimal:
    """Shares of the subtree ÷ the target for medical_mutual.shares in the plan of the scope's
    organisation for the end date's year; 0 when no target is set."""
    shares = (
        _enrolments(scope)
        .filter(org__path__startswith=scope.org.path)
        .aggregate(value=Sum("shares"))["value"]
        or 0
    )
    _target, percent = targets.completion(scope.org, scope.end.year, MEDICAL_SHARES, shares)
    return percent if percent is not None else Decimal(0)


register(
    "medical_mutual.completion",
    name="职工医疗互助年任务完成率",
    unit="%",
    description="参保份数 ÷ 本组织年度计划中“职工医疗互助参保”（medical_mutual.shares）的目标 × 100；"
    "未设目标时为0。依据记录为参保登记。",
    compute=_completion,
    evidence=_enrolments,
)
