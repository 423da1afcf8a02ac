"""Reads of employers, union founding, wage agreements and medical-mutual enrolments; the
pages, the API and the exports share these. Everything goes through the access layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kesu.core.actors import Actor
from kesu.core.filters import Filters, TitleKindYear, in_year
from kesu.employers.models import (
    Employer,
    MutualMedicalEnrolment,
    Ownership,
    UnionFounding,
    WageAgreement,
)
from kesu.indicators import targets
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.selectors import titled_list, visible_in_subtree

STAFF_THRESHOLD = 25  # "25人以上非公企业" in the union-founding drive
MEDICAL_SHARES = "medical_mutual.shares"


@dataclass
class EmployerFilters(Filters):
    q: str = ""  # name or credit code contains
    org: str = ""  # serving union code: its whole subtree
    ownership: str = ""
    size: str = ""  # "25plus": staff ≥ 25
    union: str = ""  # "yes" / "no": has a union founded
    township: str = ""
    park: str = ""


def with_union(qs: QuerySet[Employer], as_of: dt.date | None = None) -> QuerySet[Employer]:
    """Annotate `has_union`: a union founded (by `as_of`, when given)."""
    founded = UnionFounding.objects.filter(employer=OuterRef("pk"))
    if as_of is not None:
        founded = founded.filter(founded_on__lte=as_of)
    return qs.annotate(has_union=Exists(founded))


def employer_list(*, user: Actor, filters: EmployerFilters | None = None) -> QuerySet[Employer]:
    f = filters or EmployerFilters()
    qs = Employer.objects.select_related("org", "founding")
    qs = with_union(visible_in_subtree(qs, user=user, code=f.org))
    if f.q:
        qs = qs.filter(Q(name__contains=f.q) | Q(credit_code__contains=f.q.upper()))
    if f.ownership:
        qs = qs.filter(ownership=f.ownership)
    if f.size == "25plus":
        qs = qs.filter(staff_count__gte=STAFF_THRESHOLD)
    if f.union in ("yes", "no"):
        qs = qs.filter(has_union=(f.union == "yes"))
    if f.township:
        qs = qs.filter(township__contains=f.township)
    if f.park:
        qs = qs.filter(industrial_park__contains=f.park)
    return qs.order_by("org_id", "id")


def employer_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Employer:
    return access.get_for_user(Employer.objects.select_related("org"), user, action, pk=pk)


def employer_founding(*, employer: Employer) -> UnionFounding | None:
    return UnionFounding.objects.filter(employer=employer).select_related("union").first()


def employer_agreements(*, user: Actor, employer: Employer) -> QuerySet[WageAgreement]:
    return access.restrict(employer.wage_agreements.select_related("org"), user)


class AgreementFilters(TitleKindYear):
    """Wage agreements by title, organisation, kind and the year they were signed in."""


def agreement_list(
    *, user: Actor, filters: AgreementFilters | None = None
) -> QuerySet[WageAgreement]:
    qs = WageAgreement.objects.select_related("org")
    f = filters or AgreementFilters()
    return titled_list(qs, user=user, filters=f, date_field="signed_on")


def agreement_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> WageAgreement:
    return access.get_for_user(WageAgreement.objects.select_related("org"), user, action, pk=pk)


def agreement_employers(*, user: Actor, agreement: WageAgreement) -> QuerySet[Employer]:
    """Covered employers the user may see (a regional agreement may reach past the scope)."""
    return access.restrict(agreement.employers.select_related("org"), user).order_by("name")


@dataclass
class EnrolmentFilters(Filters):
    org: str = ""
    year: str = ""


def enrolment_list(
    *, user: Actor, filters: EnrolmentFilters | None = None
) -> QuerySet[MutualMedicalEnrolment]:
    f = filters or EnrolmentFilters()
    qs = MutualMedicalEnrolment.objects.select_related("org", "employer")
    qs = visible_in_subtree(qs, user=user, code=f.org)
    return in_year(qs, "year", f.year).order_by("-year", "org_id", "id")


def enrolment_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> MutualMedicalEnrolment:
    qs = MutualMedicalEnrolment.objects.select_related("org", "employer")
    return access.get_for_user(qs, user, action, pk=pk)


@dataclass(frozen=True)
class Completion:
    """Shares of an organisation's subtree for a year against its plan target."""

    org: Organization
    year: int
    shares: int
    target: Decimal | None
    percent: Decimal | None

    @property
    def text(self) -> str:
        """ "5281份，占年任务4317份的122.3%" (or just the shares when no target is set)."""
        if self.target is None:
            return f"{self.shares}份（未设定年度任务）"
        if self.percent is None:
            return f"{self.shares}份（年度任务为0）"
        target = self.target.normalize()
        target_text = f"{target:f}"
        return f"{self.shares}份，占年任务{target_text}份的{self.percent}%"


def medical_completion(*, user: Actor, org: Organization, year: int) -> Completion:
    """The subtree's shares for `year` (the registry's figure) and its completion."""
    from kesu.indicators.selectors import indicator_values

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    values = indicator_values(user=user, org=org, start=start, end=end, codes=[MEDICAL_SHARES])
    shares = int(values[0].value or 0)
    target, percent = targets.completion(org, year, MEDICAL_SHARES, shares)
    return Completion(org, year, shares, target, percent)


NON_PUBLIC = Ownership.NON_PUBLIC
