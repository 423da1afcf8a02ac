"""Demo data for employers, union founding, wage agreements and medical-mutual enrolments
(a `kesu demo` step, see kesu.demo.services).

Deterministic with the step's RNG and capped, so the city scale stays quick: the employers
of at most MAX_GRASSROOTS grassroots unions, plus small employers without a union served by
township unions (so coverage is below 100 %). The first district gets the reference year of
the work summary: 5,281 medical-mutual shares this year (its plan target of 4,317 is the
plans demo's to set).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from kesu.demo.services import DemoContext
from kesu.employers.models import (
    AgreementKind,
    Employer,
    HomeRating,
    MutualMedicalEnrolment,
    Ownership,
    UnionFounding,
    WageAgreement,
)
from kesu.employers.validation import credit_check_char
from kesu.orgs.models import Level

MAX_GRASSROOTS = 600
REFERENCE_SHARES = 5281
SMALL = [
    "五金加工厂",
    "汽修店",
    "物流有限公司",
    "餐饮管理有限公司",
    "建材经营部",
    "印务有限公司",
    "电子商务有限公司",
    "农业发展有限公司",
    "服装厂",
    "家具厂",
    "米业有限公司",
    "生态农业公司",
]
PARKS = ["", "", "", "高新技术产业园", "生态工业示范园区", "物流园", "汽车城"]


def credit_code(region: str, n: int) -> str:
    """A valid unified social credit code: 9 1 + region + "MA" + 7 characters + check."""
    digits = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    tail = ""
    for _ in range(7):
        n, r = divmod(n, 31)
        tail = digits[r] + tail
    first = f"91{(region or '330100')[:6]:0>6}MA{tail}"
    return first + credit_check_char(first)


def _ownership(rng, industry: str) -> str:
    if any(w in industry for w in ("教育", "卫生", "公共", "机关")):
        return Ownership.PUBLIC_INSTITUTION
    return rng.choices(
        [Ownership.NON_PUBLIC, Ownership.STATE, Ownership.COLLECTIVE], weights=[7, 2, 1]
    )[0]


def employers_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("employers")
    today = timezone.localdate()
    by_code = {n.code: n for n in ctx.nodes}
    grassroots = [n for n in ctx.nodes if n.level == Level.GRASSROOTS]
    most = ctx.scaled({"city": MAX_GRASSROOTS}, MAX_GRASSROOTS)
    if len(grassroots) > most:
        grassroots = sorted(rng.sample(grassroots, most), key=lambda n: n.path)
    townships = [n for n in ctx.nodes if n.level == Level.TOWNSHIP][: most // 3]
    districts = [n for n in ctx.nodes if n.level == Level.DISTRICT]

    employers: list[Employer] = []
    serial = 0
    for node in grassroots:
        serial += 1
        township = by_code.get(node.parent_code or "")
        employers.append(
            Employer(
                org_id=ctx.org_ids[node.code],
                name=node.employer or node.name.removesuffix("工会"),
                credit_code=credit_code(node.region, serial),
                industry=node.industry,
                ownership=_ownership(rng, node.industry),
                staff_count=max(
                    8, int(node.size * rng.uniform(1.0, 1.6)) if node.size else rng.randint(20, 400)
                ),
                township=township.name.removesuffix("总工会") if township else "",
                industrial_park=rng.choice(PARKS),
            )
        )
    for node in townships:
        place = node.name.removesuffix("总工会")
        for _ in range(rng.randint(1, 3)):
            serial += 1
            employers.append(
                Employer(
                    org_id=ctx.org_ids[node.code],
                    name=f"{place}{rng.choice(SMALL)}",
                    credit_code=credit_code(node.region, serial),
                    ownership=Ownership.NON_PUBLIC,
                    staff_count=rng.choice([12, 18, 26, 30, 35, 48, 60]),
                    township=place,
                    industrial_park=rng.choice(PARKS),
                )
            )
    Employer.objects.bulk_create(employers, batch_size=2000)
    employers = list(Employer.objects.select_related("org").order_by("pk"))

    # Union founding: every grassroots union's employer has one (the union exists); dates
    # mostly in past years, some this year, with "三亮" and 职工之家 ratings.
    foundings: list[UnionFounding] = []
    ratings = (
        [HomeRating.NONE] * 12
        + [HomeRating.DISTRICT] * 4
        + [HomeRating.CITY] * 2
        + [HomeRating.PROVINCIAL, HomeRating.NATIONAL]
    )
    for e in employers:
        if e.org.level != Level.GRASSROOTS:
            continue
        year = today.year if rng.random() < 0.12 else today.year - rng.randint(1, 15)
        last = today if year == today.year else dt.date(year, 12, 31)
        day = dt.date(year, 1, 1) + dt.timedelta(
            days=rng.randrange((last - dt.date(year, 1, 1)).days + 1)
        )
        shown = rng.random() < 0.7
        foundings.append(
            UnionFounding(
                employer=e,
                union_id=e.org_id,
                founded_on=day,
                sign_hung=shown or rng.random() < 0.5,
                identity_shown=shown,
                duties_shown=shown and rng.random() < 0.9,
                home_rating=rng.choice(ratings),
            )
        )
    UnionFounding.objects.bulk_create(foundings, batch_size=2000)

    by_district = employers_by_district(employers, districts)

    agreements = _agreements(ctx, rng, today, districts, by_district)
    enrolments = _enrolments(ctx, rng, today, districts, by_district)
    ctx.counts.update(
        employers=len(employers),
        union_foundings=len(foundings),
        wage_agreements=agreements,
        medical_enrolments=enrolments,
    )
    ctx.log(
        f"  企业/单位 {len(employers):,} 家、建会 {len(foundings):,} 家、工资集体协议 "
        f"{agreements} 份、医疗互助登记 {enrolments:,} 条"
    )


def employers_by_district(employers, districts) -> dict[str, list[Employer]]:
    codes = {n.code for n in districts}
    out: dict[str, list[Employer]] = {}
    for e in employers:
        code = next((p for p in e.org.path.strip("/").split("/") if p in codes), None)
        if code:
            out.setdefault(code, []).append(e)
    return out


def _agreements(ctx, rng, today, districts, by_district) -> int:
    through = WageAgreement.employers.through
    links = []
    count = 0
    for node in districts:
        pool = [e for e in by_district.get(node.code, []) if e.ownership == Ownership.NON_PUBLIC]
        if not pool:
            continue
        place = node.name.removesuffix("总工会")
        plans = [
            (
                AgreementKind.REGIONAL,
                f"{place}区域性工资集体协议",
                rng.sample(pool, min(len(pool), 12)),
            ),
            (
                AgreementKind.INDUSTRY,
                f"{place}餐饮行业工资集体协议",
                rng.sample(pool, min(len(pool), 6)),
            ),
        ]
        plans += [
            (AgreementKind.EMPLOYER, f"{e.name}工资集体协议", [e])
            for e in rng.sample(pool, min(len(pool), 5))
        ]
        for kind, title, covered in plans:
            signed = dt.date(today.year, rng.randint(1, today.month), 1)
            agreement = WageAgreement.objects.create(
                org_id=ctx.org_ids[node.code],
                kind=kind,
                title=title,
                signed_on=signed,
                term_start=signed,
                term_end=signed.replace(year=signed.year + 1) - dt.timedelta(days=1),
                workers_covered=sum(e.staff_count for e in covered),
                wage_increase_pct=Decimal(rng.randrange(30, 90)) / 10,
            )
            links += [through(wageagreement_id=agreement.pk, employer_id=e.pk) for e in covered]
            count += 1
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    return count


def _enrolments(ctx, rng, today, districts, by_district) -> int:
    rows: list[MutualMedicalEnrolment] = []
    for index, node in enumerate(districts):
        pool = by_district.get(node.code, [])[:60]
        if not pool:
            continue
        for year in (today.year - 1, today.year):
            shares = [max(1, e.staff_count // rng.randint(1, 3)) for e in pool]
            if index == 0 and year == today.year:
                # The reference year: 5,281 shares in all (target 4,317 from the plan).
                total = sum(shares)
                shares = [max(1, s * REFERENCE_SHARES // total) for s in shares]
                shares[0] += REFERENCE_SHARES - sum(shares)
            rows += [
                MutualMedicalEnrolment(
                    org_id=e.org_id, employer=e, year=year, shares=s, amount=Decimal(s) * 10
                )
                for e, s in zip(pool, shares, strict=True)
            ]
    MutualMedicalEnrolment.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("employers", employers_demo),)
AFTER = ()
