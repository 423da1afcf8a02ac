"""Coverage, wage agreements and medical-mutual figures against hand counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kesu.employers import selectors, services
from kesu.indicators.selectors import indicator_breakdown, indicator_evidence, indicator_values
from kesu.plans.models import Plan, Target

Y = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def values(user, org, *codes, start=Y[0], end=Y[1]):
    rows = indicator_values(user=user, org=org, start=start, end=end, codes=codes)
    return {r.code: r.value for r in rows}


def found(user, employer, day="2026-04-28", **extra):
    return services.founding_save(actor=user, employer=employer, data={"founded_on": day, **extra})


@pytest.mark.django_db
def test_union_coverage_hand_count(tree, users, emp):
    root = users.root
    # Denominator in HZ-A: a1 (120), a2 (40) — a3 has 10 staff, a4 is state-owned.
    # Three employers in A: a1 founded this year, a2 founded next year, a3 founded (too small).
    found(root, emp.a1)
    found(root, emp.a2, day="2026-10-08")
    found(root, emp.a3, day="2025-06-01")
    half = {"start": Y[0], "end": dt.date(2026, 6, 30)}
    got = values(
        users.admin_a,
        tree.a,
        "unions.founded",
        "unions.employers_25plus",
        "unions.founded_25plus",
        "unions.coverage_25plus",
        **half,
    )
    assert got["unions.founded"] == 1  # only a1 by the end of June
    assert got["unions.employers_25plus"] == 2
    assert got["unions.founded_25plus"] == 1
    assert got["unions.coverage_25plus"] == Decimal("50.0")
    # Two thirds in the city (a1 of a1, a2, b1) -> 33.3
    city = values(users.city_admin, tree.city, "unions.coverage_25plus", **half)
    assert city["unions.coverage_25plus"] == Decimal("33.3")
    # At the end of the year a2's union exists too.
    later = values(users.admin_a, tree.a, "unions.coverage_25plus", "unions.founded")
    assert later == {"unions.coverage_25plus": Decimal("100.0"), "unions.founded": 2}
    # The evidence is the denominator, each marked.
    evidence = indicator_evidence(
        user=users.admin_a, code="unions.coverage_25plus", org=tree.a, **half
    )
    assert {(e.name, e.has_union) for e in evidence} == {
        ("西湖科技有限公司", True),
        ("北山机械厂", False),
    }
    rows = indicator_breakdown(
        user=users.admin_a, code="unions.employers_25plus", org=tree.a, by="union", **half
    )
    assert sorted((r.label, r.value) for r in rows) == [("已建会", 1), ("未建会", 1)]


@pytest.mark.django_db
def test_no_employers_gives_zero(tree, users):
    assert values(users.admin_a, tree.a, "unions.coverage_25plus")["unions.coverage_25plus"] == 0


@pytest.mark.django_db
def test_wage_agreement_coverage(tree, users, emp):
    root = users.root
    services.agreement_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "regional",
            "title": "北山街道区域性工资集体协议",
            "signed_on": "2026-03-01",
            "term_start": "2026-03-01",
            "term_end": "2027-02-28",
            "workers_covered": 160,
            "wage_increase_pct": "6.5",
            "employers": [emp.a1.pk, emp.a2.pk],
        },
    )
    services.agreement_create(
        actor=root,
        org=tree.a,
        data={
            "kind": "employer",
            "title": "旧协议",
            "signed_on": "2024-03-01",
            "term_start": "2024-03-01",
            "term_end": "2025-02-28",
            "workers_covered": 300,
            "employers": [emp.a4.pk],
        },
    )
    services.agreement_create(
        actor=root,
        org=tree.b,
        data={
            "kind": "employer",
            "title": "滨江协议",
            "signed_on": "2026-05-01",
            "term_start": "2026-05-01",
            "term_end": "2027-04-30",
            "workers_covered": 80,
            "employers": [emp.b1.pk],
        },
    )
    got = values(
        users.admin_a,
        tree.a,
        "wage_agreements.count",
        "wage_agreements.workers_covered",
        "wage_agreements.employers",
        "wage_agreements.coverage_25plus",
    )
    assert got == {
        "wage_agreements.count": 1,
        "wage_agreements.workers_covered": 160,
        "wage_agreements.employers": 2,
        "wage_agreements.coverage_25plus": Decimal("100.0"),
    }
    city = values(
        users.city_admin,
        tree.city,
        "wage_agreements.workers_covered",
        "wage_agreements.coverage_25plus",
    )
    assert city == {
        "wage_agreements.workers_covered": 240,
        "wage_agreements.coverage_25plus": Decimal("100.0"),
    }


@pytest.mark.django_db
def test_medical_mutual_completion_text(tree, users, emp):
    root = users.root
    services.enrolment_save(actor=root, employer=emp.a1, data={"year": 2026, "shares": 3000})
    services.enrolment_save(
        actor=root, employer=emp.a2, data={"year": 2026, "shares": 2281, "amount": "228100.00"}
    )
    services.enrolment_save(actor=root, employer=emp.b1, data={"year": 2026, "shares": 999})
    completion = selectors.medical_completion(user=users.admin_a, org=tree.a, year=2026)
    assert completion.text == "5281份（未设定年度任务）"
    plan = Plan.objects.create(org=tree.a, year=2026)
    Target.objects.create(plan=plan, indicator="medical_mutual.shares", value=Decimal("4317"))
    completion = selectors.medical_completion(user=users.admin_a, org=tree.a, year=2026)
    assert completion.text == "5281份，占年任务4317份的122.3%"
    got = values(users.admin_a, tree.a, "medical_mutual.shares", "medical_mutual.completion")
    assert got == {"medical_mutual.shares": 5281, "medical_mutual.completion": Decimal("122.3")}
    # Re-entering an employer's year replaces it rather than adding.
    services.enrolment_save(actor=root, employer=emp.a1, data={"year": 2026, "shares": 3036})
    assert values(users.admin_a, tree.a, "medical_mutual.shares") == {"medical_mutual.shares": 5317}
