"""Demo data for hardship files, assistance and funds (a `kesu demo` step).

The first district records a year like the reference work summary: 送温暖 to 8 employers,
9 migrant households, 191 hardship households and 4 model workers; 52 workers helped with
113,600元; 68 金秋助学 students; plus files in every state, reviews (some overdue) and
funds. Other districts (at most MAX_OTHER_DISTRICTS) get a smaller year. Deterministic
(the step's RNG), bulk inserts only, a bounded number of members read: fast at city scale.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from kesu.demo.services import DemoContext
from kesu.employers.models import Employer
from kesu.hardship.demo_year import (
    SCHOOLS,
    STANDARD,
    DemoYear,
    demo_files,
    demo_funds,
    life_rows,
)
from kesu.hardship.models import (
    AdmissionLevel,
    Assistance,
    AssistanceKind,
    Cause,
    FundKind,
    FundReceipt,
    HardshipCase,
    LivingStandard,
    RecipientKind,
    Status,
)
from kesu.orgs.models import Level

MAX_OTHER_DISTRICTS = 30


def _reference_year(y: DemoYear, path: str) -> list[HardshipCase]:
    """The first district: the reference work summary's figures."""
    cases = demo_files(y, path, 200, migrants=9)
    open_cases = [c for c in cases if c.status == Status.ASSISTING][:200]
    jan = y.day(1, 25)
    for c in open_cases:  # 9 migrant + 191 hardship households
        y.to_household(
            AssistanceKind.SPRING_RELIEF,
            jan,
            500,
            c,
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
        y.to_household(
            AssistanceKind.GOLDEN_AUTUMN,
            y.day(8, 20),
            2000 if i % 3 != 2 else 1000,
            c,
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


def _small_year(y: DemoYear, path: str) -> list[HardshipCase]:
    rng = y.rng
    cases = demo_files(y, path, rng.randint(8, 25), migrants=rng.randint(0, 3))
    open_cases = [c for c in cases if c.status == Status.ASSISTING]
    for c in open_cases:
        y.to_household(AssistanceKind.SPRING_RELIEF, y.day(1, 20), 500, c)
    for i, c in enumerate(open_cases[: rng.randint(1, 6)]):
        y.to_household(
            AssistanceKind.GOLDEN_AUTUMN,
            y.day(8, 25),
            2000,
            c,
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
        y = DemoYear(ctx, rng, ctx.org_ids[node.code], year, today)
        demo_funds(y, node.name.removesuffix("总工会"))
        cases = (_reference_year if i == 0 else _small_year)(y, node.path)
        counts["hardship_reviews"] += life_rows(y, cases)["hardship_reviews"]
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
