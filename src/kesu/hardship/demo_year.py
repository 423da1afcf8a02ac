"""The building blocks of a district's demo year of hardship work (kesu.hardship.demo):
hardship files in every state with their history, reviews and households, the funding
sources, and the year's assistance records, inserted together."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kesu.core import crypto
from kesu.demo.services import DemoContext
from kesu.hardship.models import (
    Assistance,
    AssistanceKind,
    CaseEvent,
    Cause,
    FundingSource,
    FundKind,
    HardshipCase,
    HouseholdMember,
    RecipientKind,
    Review,
    Status,
    Tier,
)
from kesu.hardship.services import one_year_after
from kesu.members.idnumber import make_id_number, mask_id_number
from kesu.members.models import Member
from kesu.members.validation import id_number_hash

STANDARD = Decimal("800.00")
SCHOOLS = [
    "广西大学",
    "广西师范大学",
    "桂林电子科技大学",
    "广西医科大学",
    "贵港市高级中学",
    "南宁职业技术学院",
    "广西民族大学",
    "贵港职业学院",
]
CAUSES = (
    [Cause.ILLNESS] * 5
    + [Cause.DISABILITY] * 2
    + [Cause.SCHOOLING] * 2
    + [Cause.UNEMPLOYMENT, Cause.DISASTER, Cause.OTHER]
)


class DemoYear:
    """Rows of one district's year, inserted together."""

    def __init__(self, ctx: DemoContext, rng: Any, org_id: int, year: int, today: dt.date):
        self.ctx, self.rng, self.org_id, self.year, self.today = ctx, rng, org_id, year, today
        self.records: list[Assistance] = []
        self.sources: dict[str, FundingSource] = {}

    def day(self, month: int, day: int) -> dt.date:
        return min(dt.date(self.year, month, day), self.today)

    def add(self, kind: str, on: dt.date, amount: Any, recipient_kind: str, **extra: Any) -> None:
        source = self.sources["superior" if kind == AssistanceKind.SPRING_RELIEF else "own"]
        self.records.append(
            Assistance(
                org_id=self.org_id,
                kind=kind,
                given_on=on,
                amount=Decimal(amount),
                recipient_kind=recipient_kind,
                funding_source=source,
                **extra,
            )
        )

    def to_household(
        self, kind: str, on: dt.date, amount: Any, case: HardshipCase, **extra: Any
    ) -> None:
        """Assistance to the household of the file `case` (its applicant as the member)."""
        extra |= {"case": case, "member_id": case.applicant_id}
        self.add(kind, on, amount, RecipientKind.HOUSEHOLD, **extra)


def members_of(path: str, n: int, migrant: bool | None = None) -> list[tuple[int, str, bool]]:
    qs = Member.objects.current().filter(org__path__startswith=path)
    if migrant is not None:
        qs = qs.filter(is_migrant_worker=migrant)
    return list(qs.order_by("pk").values_list("pk", "id_number_hash", "is_migrant_worker")[:n])


def demo_files(y: DemoYear, path: str, n_open: int, migrants: int) -> list[HardshipCase]:
    """`n_open` files under assistance (the first `migrants` of migrant workers), then a few
    out of hardship, closed and temporary ones."""
    rng = y.rng
    chosen = members_of(path, migrants, migrant=True)
    taken = {pk for pk, _, _ in chosen}
    extra = max(6, n_open // 8)
    rest = [
        m
        for m in members_of(path, n_open + extra + len(chosen) + 20, migrant=False)
        if m[0] not in taken
    ]
    people = chosen + rest[: n_open - len(chosen) + extra]
    cases = []
    for i, (pk, digest, _) in enumerate(people):
        filed = dt.date(y.year - rng.choice([1, 1, 2, 3]), rng.randint(1, 12), rng.randint(1, 28))
        tier = rng.choices([Tier.DEEP, Tier.RELATIVE, Tier.ACCIDENT], [5, 4, 1])[0]
        ceiling = {Tier.DEEP: STANDARD, Tier.RELATIVE: STANDARD * Decimal("1.5")}.get(tier, 3000)
        income = (
            Decimal(rng.randint(200, int(ceiling)))
            if tier != Tier.ACCIDENT
            else Decimal(rng.randint(800, 3000))
        )
        status = Status.ASSISTING
        if i >= n_open:
            status = [Status.OUT, Status.CLOSED, Status.FILED][i % 3]
        reviewed = (
            None
            if rng.random() < 0.15
            else dt.date(y.year - rng.choice([0, 0, 0, 1]), rng.randint(1, 10), rng.randint(1, 28))
        )
        reviewed = reviewed if reviewed and reviewed > filed and reviewed <= y.today else None
        cases.append(
            HardshipCase(
                org_id=y.org_id,
                applicant_id=pk,
                applicant_id_hash=digest,
                household_size=rng.randint(2, 6),
                income_per_head=income,
                standard_amount=STANDARD,
                cause=rng.choice(CAUSES),
                tier=tier,
                status=status,
                is_temporary=status == Status.FILED,
                filed_on=filed,
                last_reviewed_on=reviewed,
                review_due_on=one_year_after(reviewed or filed),
                out_on=y.day(6, 30) if status == Status.OUT else None,
                closed_on=y.day(9, 30) if status == Status.CLOSED else None,
                notes="因病致困，家庭收入低于当地低保标准" if tier == Tier.DEEP else "",
            )
        )
    HardshipCase.objects.bulk_create(cases, batch_size=1000)
    return cases


# How a demo file left assistance: the date field and the reason written on the event.
LEFT = {
    Status.OUT: ("out_on", "家庭成员就业，收入超过标准"),
    Status.CLOSED: ("closed_on", "户籍迁出，销档"),
}


def _history(c: HardshipCase) -> list[CaseEvent]:
    """A file's life-cycle events: filed; taken in (unless only filed); out or closed."""
    steps = [("", Status.FILED, c.filed_on, "建档")]
    if c.status != Status.FILED:
        steps.append((Status.FILED, Status.ASSISTING, c.filed_on, "纳入帮扶"))
    if c.status in LEFT:
        field, reason = LEFT[c.status]
        steps.append((Status.ASSISTING, c.status, getattr(c, field), reason))
    return [
        CaseEvent(case=c, on=on, from_status=was, to_status=now, reason=reason)
        for was, now, on, reason in steps
    ]


def life_rows(y: DemoYear, cases: list[HardshipCase]) -> dict[str, int]:
    events, reviews, household = [], [], []
    for i, c in enumerate(cases):
        events += _history(c)
        if c.last_reviewed_on:
            reviews.append(
                Review(
                    case=c,
                    reviewed_on=c.last_reviewed_on,
                    conclusion=Review.Conclusion.KEEP,
                    notes="入户复核",
                )
            )
        if i % 4 == 0:
            number = make_id_number(
                "450802", dt.date(2006 + i % 10, 1 + i % 12, 1 + i % 28), (i * 2) % 1000
            )
            household.append(
                HouseholdMember(
                    case=c,
                    name=f"子女{i}",
                    relation="子女",
                    id_number_enc=crypto.encrypt(number),
                    id_number_hash=id_number_hash(number),
                    id_number_masked=mask_id_number(number),
                )
            )
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    HouseholdMember.objects.bulk_create(household, batch_size=2000)
    return {"hardship_reviews": len(reviews)}


def demo_funds(y: DemoYear, name: str) -> None:
    for kind, label in (
        (FundKind.SUPERIOR, "上级送温暖专项"),
        (FundKind.OWN, "本级工会帮扶经费"),
        (FundKind.DONATION, "社会爱心捐赠"),
    ):
        y.sources[kind] = FundingSource(org_id=y.org_id, name=f"{y.year}年{name}{label}", kind=kind)
    FundingSource.objects.bulk_create(y.sources.values())
