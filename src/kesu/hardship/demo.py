"""Demo data for hardship files, assistance and funds (a `kesu demo` step).

The first district records a year like the reference work summary: 送温暖 to 8 employers,
9 migrant households, 191 hardship households and 4 model workers; 52 workers helped with
113,600元; 68 金秋助学 students; plus files in every state, reviews (some overdue) and
funds. Other districts (at most MAX_OTHER_DISTRICTS) get a smaller year. Deterministic
(the step's RNG), bulk inserts only, a bounded number of members read: fast at city scale.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kesu.core import crypto
from kesu.demo.services import DemoContext
from kesu.employers.models import Employer
from kesu.hardship.models import (
    AdmissionLevel,
    Assistance,
    AssistanceKind,
    CaseEvent,
    Cause,
    FundingSource,
    FundKind,
    FundReceipt,
    HardshipCase,
    HouseholdMember,
    LivingStandard,
    RecipientKind,
    Review,
    Status,
    Tier,
)
from kesu.hardship.services import one_year_after
from kesu.members.idnumber import make_id_number, mask_id_number
from kesu.members.models import Member
from kesu.members.validation import id_number_hash
from kesu.orgs.models import Level

MAX_OTHER_DISTRICTS = 30
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


class _Year:
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


def _members(path: str, n: int, migrant: bool | None = None) -> list[tuple[int, str, bool]]:
    qs = Member.objects.current().filter(org__path__startswith=path)
    if migrant is not None:
        qs = qs.filter(is_migrant_worker=migrant)
    return list(qs.order_by("pk").values_list("pk", "id_number_hash", "is_migrant_worker")[:n])


def _files(y: _Year, path: str, n_open: int, migrants: int) -> list[HardshipCase]:
    """`n_open` files under assistance (the first `migrants` of migrant workers), then a few
    out of hardship, closed and temporary ones."""
    rng = y.rng
    chosen = _members(path, migrants, migrant=True)
    taken = {pk for pk, _, _ in chosen}
    extra = max(6, n_open // 8)
    rest = [
        m
        for m in _members(path, n_open + extra + len(chosen) + 20, migrant=False)
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


def _life_rows(y: _Year, cases: list[HardshipCase]) -> dict[str, int]:
    events, reviews, household = [], [], []
    for i, c in enumerate(cases):
        events.append(CaseEvent(case=c, on=c.filed_on, to_status=Status.FILED, reason="建档"))
        if c.status != Status.FILED:
            events.append(
                CaseEvent(
                    case=c,
                    on=c.filed_on,
                    from_status=Status.FILED,
                    to_status=Status.ASSISTING,
                    reason="纳入帮扶",
                )
            )
        if c.status == Status.OUT:
            events.append(
                CaseEvent(
                    case=c,
                    on=c.out_on,
                    from_status=Status.ASSISTING,
                    to_status=Status.OUT,
                    reason="家庭成员就业，收入超过标准",
                )
            )
        if c.status == Status.CLOSED:
            events.append(
                CaseEvent(
                    case=c,
                    on=c.closed_on,
                    from_status=Status.ASSISTING,
                    to_status=Status.CLOSED,
                    reason="户籍迁出，销档",
                )
            )
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


def _funds(y: _Year, name: str) -> None:
    for kind, label in (
        (FundKind.SUPERIOR, "上级送温暖专项"),
        (FundKind.OWN, "本级工会帮扶经费"),
        (FundKind.DONATION, "社会爱心捐赠"),
    ):
        y.sources[kind] = FundingSource(org_id=y.org_id, name=f"{y.year}年{name}{label}", kind=kind)
    FundingSource.objects.bulk_create(y.sources.values())


def _reference_year(y: _Year, path: str) -> list[HardshipCase]:
    """The first district: the reference work summary's figures."""
    cases = _files(y, path, 200, migrants=9)
    open_cases = [c for c in cases if c.status == Status.ASSISTING][:200]
    jan = y.day(1, 25)
    for c in open_cases:  # 9 migrant + 191 hardship households
        y.add(
            AssistanceKind.SPRING_RELIEF,
            jan,
            500,
            RecipientKind.HOUSEHOLD,
            case=c,
            member_id=c.applicant_id,
            goods="米、油、棉被",
            goods_value=Decimal(150),
        )
    employers = list(
        Employer.objects.filter(org__path__startswith=path)
        .order_by("pk")
        .values_list("pk", flat=True)[:8]
    )
    if len(employers) == 8:
        for pk in employers:
            y.add(
                AssistanceKind.SPRING_RELIEF,
                jan,
                2000,
                RecipientKind.EMPLOYER,
                employer_id=pk,
                description="慰问困难企业",
            )
    else:
        y.add(
            AssistanceKind.SPRING_RELIEF,
            jan,
            16000,
            RecipientKind.EMPLOYER,
            recipients=8,
            description="慰问8家困难企业",
        )
    for group, n, amount in (
        ("困难劳模", 4, 4000),
        ("困难乡村保洁员", 330, 66000),
        ("孤儿/五保户", 10, 3000),
    ):
        y.add(
            AssistanceKind.SPRING_RELIEF,
            jan,
            amount,
            RecipientKind.GROUP,
            recipients=n,
            group_name=group,
        )
    amounts = [1500 + 100 * (i % 12) for i in range(51)]
    amounts.append(113600 - sum(amounts))
    for c, amount in zip(open_cases[:52], amounts, strict=True):
        kind = AssistanceKind.MEDICAL_AID if c.cause == Cause.ILLNESS else AssistanceKind.LIVING_AID
        y.add(
            kind,
            y.day(5, 20),
            amount,
            RecipientKind.MEMBER,
            case=c,
            member_id=c.applicant_id,
            description="困难职工帮扶资金",
        )
    levels = [AdmissionLevel.BACHELOR, AdmissionLevel.COLLEGE, AdmissionLevel.SENIOR]
    for i, c in enumerate(open_cases[:68]):
        y.add(
            AssistanceKind.GOLDEN_AUTUMN,
            y.day(8, 20),
            2000 if i % 3 != 2 else 1000,
            RecipientKind.HOUSEHOLD,
            case=c,
            member_id=c.applicant_id,
            student_name=f"{'李王张刘陈'[i % 5]}同学{i + 1}",
            school=SCHOOLS[i % len(SCHOOLS)],
            admission_level=levels[i % 3],
        )
    y.add(
        AssistanceKind.SUMMER_COOLING,
        y.day(7, 15),
        0,
        RecipientKind.GROUP,
        recipients=2500,
        group_name="生产一线职工",
        goods="清凉饮品、防暑药品",
        goods_value=Decimal(69800),
    )
    y.add(
        AssistanceKind.WOMEN_CARE,
        y.day(3, 8),
        30000,
        RecipientKind.GROUP,
        recipients=300,
        group_name="女职工",
        description="免费体检",
    )
    return cases


def _small_year(y: _Year, path: str) -> list[HardshipCase]:
    rng = y.rng
    cases = _files(y, path, rng.randint(8, 25), migrants=rng.randint(0, 3))
    open_cases = [c for c in cases if c.status == Status.ASSISTING]
    for c in open_cases:
        y.add(
            AssistanceKind.SPRING_RELIEF,
            y.day(1, 20),
            500,
            RecipientKind.HOUSEHOLD,
            case=c,
            member_id=c.applicant_id,
        )
    for i, c in enumerate(open_cases[: rng.randint(1, 6)]):
        y.add(
            AssistanceKind.GOLDEN_AUTUMN,
            y.day(8, 25),
            2000,
            RecipientKind.HOUSEHOLD,
            case=c,
            member_id=c.applicant_id,
            student_name=f"学生{i + 1}",
            school=rng.choice(SCHOOLS),
            admission_level=AdmissionLevel.BACHELOR,
        )
    y.add(
        AssistanceKind.SUMMER_COOLING,
        y.day(7, 10),
        rng.randint(5, 30) * 1000,
        RecipientKind.GROUP,
        recipients=rng.randint(100, 800),
        group_name="一线职工",
    )
    return cases


def hardship_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("hardship")
    today = timezone.localdate()
    year = today.year
    city = next(n for n in ctx.nodes if n.level == Level.CITY)
    LivingStandard.objects.bulk_create(
        [
            LivingStandard(org_id=ctx.org_ids[city.code], year=y, monthly_amount=STANDARD)
            for y in range(year - 4, year + 1)
        ]
    )
    districts = [n for n in ctx.nodes if n.level == Level.DISTRICT][: MAX_OTHER_DISTRICTS + 1]
    counts = {"hardship_cases": 0, "assistance": 0, "hardship_reviews": 0}
    receipts: list[FundReceipt] = []
    for i, node in enumerate(districts):
        y = _Year(ctx, rng, ctx.org_ids[node.code], year, today)
        _funds(y, node.name.removesuffix("总工会"))
        cases = (_reference_year if i == 0 else _small_year)(y, node.path)
        counts["hardship_reviews"] += _life_rows(y, cases)["hardship_reviews"]
        Assistance.objects.bulk_create(y.records, batch_size=2000)
        counts["hardship_cases"] += len(cases)
        counts["assistance"] += len(y.records)
        for kind, source in y.sources.items():
            paid = sum(
                (r.amount + r.goods_value for r in y.records if r.funding_source is source),
                Decimal(0),
            )
            if paid or kind == FundKind.DONATION:
                receipts.append(
                    FundReceipt(
                        source=source,
                        received_on=y.day(1, 5),
                        amount=(paid * Decimal("1.1")).quantize(Decimal(1)) or Decimal(5000),
                        notes="到账",
                    )
                )
    FundReceipt.objects.bulk_create(receipts)
    ctx.counts.update(counts)
    ctx.log(f"  困难职工档案 {counts['hardship_cases']:,} 个，帮扶记录 {counts['assistance']:,} 条")


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("hardship", hardship_demo),)
AFTER = ("employers",)
