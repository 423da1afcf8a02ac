"""Figures of union founding, wage agreements and mutual medical insurance (see
kesu.indicators.registry).

Coverage is a state at the end of the range: an employer counts as having a union when its
founding date is on or before the end date. The coverage percentages are computed by one SQL
aggregate over the denominator's records, so the evidence list (every non-public employer
with 25+ staff, each marked 已建会 or not) is exactly what the figure divides.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum

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
from kesu.indicators.declare import Records, by_choice, by_flag, dated, yearly
from kesu.indicators.registry import Dimension, Scope, month_dimension
from kesu.indicators.schemas import register_evidence_schema

register_evidence_schema(Employer, EmployerOut)
register_evidence_schema(WageAgreement, AgreementOut)
register_evidence_schema(MutualMedicalEnrolment, MutualEnrolmentOut)
register_evidence_schema(UnionFounding, FoundingEvidenceOut)

HAS_UNION = by_flag("union", "建会情况", "has_union", "已建会", "未建会")
COVERED = by_flag("covered", "协商情况", "covered", "已覆盖", "未覆盖")
AGREEMENT_KIND = by_choice("kind", "协商类型", AgreementKind)
HOME = by_choice("home", "职工之家", HomeRating, "home_rating")


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


Records(dated(UnionFounding, "founded_on"), "employer__org").count(
    "unions.founded",
    "新建工会",
    "个",
    "建会日期在起止日期之间（含）的企业/单位工会（按企业的服务工会计）。",
    dimensions=(HOME, month_dimension("founded_on", "建会月份")),
)
TARGET = Records(
    lambda scope: with_union(_target_employers(scope), scope.end), dimensions=(HAS_UNION,)
)
TARGET.count(
    "unions.employers_25plus",
    "25人以上非公企业",
    "个",
    "在册、所有制为非公有制且职工人数25人以上（含）的企业（建会覆盖率的分母）。",
)
TARGET.where(has_union=True).count(
    "unions.founded_25plus",
    "25人以上非公企业已建会",
    "个",
    "25人以上非公企业中截至截止日期已建会的企业（建会覆盖率的分子）。",
    dimensions=(),
)
TARGET.share(
    "has_union",
    "unions.coverage_25plus",
    "25人以上非公企业建会率",
    "截至截止日期已建会的25人以上非公企业 ÷ 在册的25人以上非公企业 × 100，"
    "保留一位小数；依据记录即分母中的全部企业，逐一标明是否已建会。",
)
SIGNED = Records(dated(WageAgreement, "signed_on"), dimensions=(AGREEMENT_KIND,))
SIGNED.count(
    "wage_agreements.count",
    "工资集体协议",
    "份",
    "签订日期在起止日期之间（含）的工资集体协议。",
    dimensions=(AGREEMENT_KIND, month_dimension("signed_on", "签订月份")),
)
SIGNED.total(
    "workers_covered",
    "wage_agreements.workers_covered",
    "工资集体协议覆盖职工",
    "人",
    "签订日期在起止日期之间（含）的工资集体协议所覆盖的职工人数之和。",
)
Records(
    lambda scope: _with_agreement(Employer.objects.all(), scope.start, scope.end).filter(
        covered=True
    )
).count(
    "wage_agreements.employers",
    "工资集体协商覆盖企业",
    "个",
    "在起止日期内处于协议期限中的工资集体协议所覆盖的企业（每个企业计一次）。",
)
Records(
    lambda scope: _with_agreement(_target_employers(scope), scope.end, scope.end),
    dimensions=(COVERED,),
).share(
    "covered",
    "wage_agreements.coverage_25plus",
    "25人以上非公企业工资集体协商覆盖率",
    "截止日期处于协议期限中的协议所覆盖的25人以上非公企业 ÷ 在册的25人以上非公企业 × 100。",
)


ENROLMENTS = Records(
    yearly(MutualMedicalEnrolment), dimensions=(Dimension("year", "年度", "year"),)
)
ENROLMENTS.total(
    "shares",
    "medical_mutual.shares",
    "职工医疗互助参保",
    "份",
    "年度在起止日期所在年份内的职工医疗互助参保份数之和。",
)


def _completion(scope: Scope) -> Decimal:
    """Shares of the subtree ÷ the target for medical_mutual.shares in the plan of the scope's
    organisation for the end date's year; 0 when no target is set."""
    shares = (
        ENROLMENTS.evidence(scope)
        .filter(org__path__startswith=scope.org.path)
        .aggregate(value=Sum("shares"))["value"]
        or 0
    )
    _target, percent = targets.completion(scope.org, scope.end.year, MEDICAL_SHARES, shares)
    return percent if percent is not None else Decimal(0)


ENROLMENTS.count(
    "medical_mutual.completion",
    "职工医疗互助年任务完成率",
    "%",
    "参保份数 ÷ 本组织年度计划中“职工医疗互助参保”（medical_mutual.shares）的目标 × 100；"
    "未设目标时为0。依据记录为参保登记。",
    dimensions=(),
    compute=_completion,
)
