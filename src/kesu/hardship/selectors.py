"""Reads of hardship files, the assistance ledger and funds: pages, API and exports share
these. Every list is restricted to the user's subtree; detail is `services.case_open`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from kesu.core.actors import Actor
from kesu.core.filters import Filters, where_given
from kesu.core.parsing import lenient, parse_date
from kesu.hardship.models import (
    Assistance,
    FundingSource,
    FundReceipt,
    HardshipCase,
    Status,
)
from kesu.hardship.validation import can_see_details
from kesu.members.idnumber import IdNumberError, parse_id_number
from kesu.members.validation import id_number_hash
from kesu.orgs import access
from kesu.orgs.selectors import visible_in_subtree


@dataclass
class CaseFilters(Filters):
    q: str = ""  # applicant or household member name contains
    id_number: str = ""  # a full ID number (applicant or household member), via its hash
    org: str = ""
    status: str = ""  # a Status code, or "open" for every state but closed
    tier: str = ""
    cause: str = ""
    flag: str = ""  # overdue (review due passed) | unreviewed (no review for a year) | never_helped


@dataclass
class AssistanceFilters(Filters):
    q: str = ""  # description, group, student or recipient name contains
    org: str = ""
    kind: str = ""
    recipient_kind: str = ""
    date_from: str = ""
    date_to: str = ""
    case: str = ""
    source: str = ""


def case_list(
    *, user: Actor, filters: CaseFilters | None = None, today: dt.date | None = None
) -> QuerySet[HardshipCase]:
    """Files in the user's subtree matching the filters. An ID number that is not valid
    matches nothing (never a partial match on protected data)."""
    f = filters or CaseFilters()
    if not can_see_details(user):
        # Searching by a person's name or ID number would tell a masked viewer who has a file.
        f = dataclasses.replace(f, q="", id_number="")
    today = today or timezone.localdate()
    qs = HardshipCase.objects.select_related("org", "applicant")
    qs = visible_in_subtree(qs, user=user, code=f.org)
    if f.q:
        qs = qs.filter(Q(applicant__name__contains=f.q) | Q(household__name__contains=f.q))
        qs = qs.distinct()
    if f.id_number:
        try:
            digest = id_number_hash(parse_id_number(f.id_number).value)
        except IdNumberError:
            return qs.none()
        qs = qs.filter(Q(applicant_id_hash=digest) | Q(household__id_number_hash=digest))
        qs = qs.distinct()
    if f.status == "open":
        qs = qs.exclude(status=Status.CLOSED)
    elif f.status:
        qs = qs.filter(status=f.status)
    qs = where_given(qs, tier=f.tier, cause=f.cause)
    if f.flag == "overdue":
        qs = overdue(qs, today)
    elif f.flag == "unreviewed":
        year_ago = today - dt.timedelta(days=365)
        qs = qs.exclude(status=Status.CLOSED).filter(
            Q(last_reviewed_on__lt=year_ago)
            | Q(last_reviewed_on__isnull=True, filed_on__lt=year_ago)
        )
    elif f.flag == "never_helped":
        helped = Assistance.objects.filter(case=OuterRef("pk"))
        qs = qs.exclude(status=Status.CLOSED).filter(~Exists(helped))
    return qs.order_by("org_id", "id")


def overdue(qs: QuerySet[HardshipCase], today: dt.date) -> QuerySet[HardshipCase]:
    """Open files whose annual review fell due before `today`."""
    return qs.exclude(status=Status.CLOSED).filter(review_due_on__lt=today)


def case_counts(*, user: Actor, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    qs = access.restrict(HardshipCase.objects.all(), user)
    by_status = dict(qs.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        **{code: by_status.get(code, 0) for code in Status.values},
        "overdue": overdue(qs, today).count(),
        "temporary": qs.exclude(status=Status.CLOSED).filter(is_temporary=True).count(),
    }


def case_assistance(*, case: HardshipCase) -> QuerySet[Assistance]:
    return case.assistance.select_related("org", "funding_source").order_by("-given_on", "-id")


def assistance_list(
    *, user: Actor, filters: AssistanceFilters | None = None
) -> QuerySet[Assistance]:
    f = filters or AssistanceFilters()
    qs = Assistance.objects.select_related(
        "org", "case", "member", "employer", "funding_source", "campaign"
    )
    qs = visible_in_subtree(qs, user=user, code=f.org)
    if f.q:
        text = (
            Q(description__contains=f.q)
            | Q(group_name__contains=f.q)
            | Q(employer__name__contains=f.q)
        )
        if can_see_details(user):  # names of people only for roles that see them
            text |= Q(student_name__contains=f.q) | Q(member__name__contains=f.q)
        qs = qs.filter(text)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.recipient_kind:
        qs = qs.filter(recipient_kind=f.recipient_kind)
    start, end = lenient(parse_date, f.date_from), lenient(parse_date, f.date_to)
    if start:
        qs = qs.filter(given_on__gte=start)
    if end:
        qs = qs.filter(given_on__lte=end)
    if f.case.isdigit():
        qs = qs.filter(case_id=int(f.case))
    if f.source.isdigit():
        qs = qs.filter(funding_source_id=int(f.source))
    return qs.order_by("-given_on", "-id")


def assistance_get(*, user: Actor, pk: Any) -> Assistance:
    qs = Assistance.objects.select_related("org", "case", "member", "employer", "funding_source")
    return access.get_for_user(qs, user, access.VIEW, pk=pk)


def assistance_totals(rows: QuerySet[Assistance]) -> dict[str, Any]:
    agg = rows.aggregate(amount=Sum("amount"), goods=Sum("goods_value"), n=Sum("recipients"))
    cent = Decimal("0.01")  # SQLite sums lose the scale PostgreSQL keeps
    return {
        "amount": Decimal(agg["amount"] or 0).quantize(cent),
        "goods": Decimal(agg["goods"] or 0).quantize(cent),
        "recipients": agg["n"] or 0,
        "records": rows.count(),
    }


def source_list(*, user: Actor) -> QuerySet[FundingSource]:
    return access.restrict(FundingSource.objects.select_related("org"), user).order_by(
        "org__path", "id"
    )


def source_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> FundingSource:
    return access.get_for_user(FundingSource.objects.select_related("org"), user, action, pk=pk)


@dataclass
class FundRow:
    source: FundingSource
    year: int
    raised: Decimal
    paid: Decimal

    @property
    def balance(self) -> Decimal:
        return self.raised - self.paid


def fund_summary(*, user: Actor, year: int | None = None) -> list[FundRow]:
    """Per source and year: raised (Σ receipts) and paid (Σ cash + goods value of the
    assistance charged to the source)."""
    sources = {s.pk: s for s in source_list(user=user)}
    receipts = FundReceipt.objects.filter(source_id__in=sources)
    paid = Assistance.objects.filter(funding_source_id__in=sources)
    if year:
        receipts = receipts.filter(received_on__year=year)
        paid = paid.filter(given_on__year=year)
    raised_by = (
        receipts.annotate(y=ExtractYear("received_on"))
        .values("source_id", "y")
        .annotate(total=Sum("amount"))
        .values_list("source_id", "y", "total")
    )
    paid_by = (
        paid.annotate(y=ExtractYear("given_on"))
        .values("funding_source_id", "y")
        .annotate(cash=Sum("amount"), goods=Sum("goods_value"))
    )
    table: dict[tuple[int, int], list[Decimal]] = {}
    for source_id, y, total in raised_by:
        table.setdefault((source_id, y), [Decimal(0), Decimal(0)])[0] += total or 0
    for row in paid_by:
        key = (row["funding_source_id"], row["y"])
        table.setdefault(key, [Decimal(0), Decimal(0)])[1] += (row["cash"] or 0) + (
            row["goods"] or 0
        )
    cent = Decimal("0.01")
    rows = [
        FundRow(sources[sid], y, Decimal(raised).quantize(cent), Decimal(spent).quantize(cent))
        for (sid, y), (raised, spent) in table.items()
    ]
    return sorted(rows, key=lambda r: (-r.year, r.source.org.path, r.source.pk))
