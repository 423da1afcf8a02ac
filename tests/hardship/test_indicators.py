"""The reference year (a district union's work summary) recorded through the services comes
out as the indicators: 送温暖 to 8 employers, 9 migrant households, 191 hardship households,
4 model workers; 52 workers helped with 113,600元; 68 金秋助学 students."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kesu.hardship import assistance, services, services_lifecycle
from kesu.indicators import selectors as ind
from kesu.indicators.registry import Scope, get
from tests.factories import make_member
from tests.hardship.conftest import YEAR

pytestmark = pytest.mark.django_db
START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def _case(actor, org, member, i):
    return services.case_create(
        actor=actor,
        org=org,
        data={
            "applicant": member.pk,
            "household_size": 3,
            "income_per_head": str(500 + i % 200),
            "cause": "illness",
            "tier": "deep",
            "filed_on": START,
        },
    )


@pytest.fixture
def year(tree, users, hs):
    staff, org = users.root, tree.a
    cases = [hs.a]
    for i in range(199):
        m = make_member(tree.a1g, is_migrant_worker="是" if i < 9 else "否")
        cases.append(_case(staff, tree.a1g, m, i))
    # 送温暖: 200 households (9 migrant + 191), 8 employers at once, 4 model workers (group)
    for case in cases:
        assistance.assistance_create(
            actor=staff,
            org=org,
            data={
                "kind": "spring_relief",
                "date": f"{YEAR}-01-25",
                "amount": "500",
                "recipient_kind": "household",
                "case": case.pk,
            },
        )
    assistance.assistance_create(
        actor=staff,
        org=org,
        data={
            "kind": "spring_relief",
            "date": f"{YEAR}-01-26",
            "amount": "16000",
            "recipient_kind": "employer",
            "recipients": 8,
            "description": "慰问8家困难企业",
        },
    )
    assistance.assistance_create(
        actor=staff,
        org=org,
        data={
            "kind": "spring_relief",
            "date": f"{YEAR}-01-27",
            "amount": "4000",
            "recipient_kind": "group",
            "recipients": 4,
            "group_name": "困难劳模",
        },
    )
    # 52 workers helped with 113,600元 in all
    amounts = [Decimal(2000)] * 51 + [Decimal(113600 - 2000 * 51)]
    for case, amount in zip(cases[:52], amounts, strict=True):
        assistance.assistance_create(
            actor=staff,
            org=org,
            data={
                "kind": "living_aid",
                "date": f"{YEAR}-05-10",
                "amount": str(amount),
                "recipient_kind": "member",
                "member": case.applicant_id,
            },
        )
    # 68 金秋助学 students
    for i, case in enumerate(cases[:68]):
        assistance.assistance_create(
            actor=staff,
            org=org,
            data={
                "kind": "golden_autumn",
                "date": f"{YEAR}-08-20",
                "amount": "1000",
                "recipient_kind": "household",
                "case": case.pk,
                "student_name": f"学生{i}",
                "school": "广西大学",
                "admission_level": "bachelor" if i % 2 else "senior",
            },
        )
    # one file gets out of hardship, one is closed
    services_lifecycle.case_transition(
        actor=staff, case=cases[1], data={"status": "out", "reason": "就业", "on": f"{YEAR}-09-01"}
    )
    services_lifecycle.case_transition(
        actor=staff,
        case=cases[2],
        data={"status": "closed", "reason": "迁出", "on": f"{YEAR}-10-01"},
    )
    # noise elsewhere and outside the range
    assistance.assistance_create(
        actor=staff,
        org=tree.b,
        data={
            "kind": "spring_relief",
            "date": f"{YEAR}-01-25",
            "amount": "500",
            "recipient_kind": "household",
            "case": hs.b.pk,
        },
    )
    assistance.assistance_create(
        actor=staff,
        org=org,
        data={
            "kind": "spring_relief",
            "date": f"{YEAR - 1}-12-25",
            "amount": "500",
            "recipient_kind": "household",
            "case": hs.a.pk,
        },
    )
    return cases


def _value(code, org, start=START, end=END):
    return get(code).value(Scope(org=org, start=start, end=end))


def _by(user, code, org, by):
    rows = ind.indicator_breakdown(user=user, code=code, org=org, start=START, end=END, by=by)
    return {r.key: r.value for r in rows}


def test_reference_figures(year, tree, users):
    a = tree.a
    kinds = _by(users.admin_a, "assistance.households", a, "kind")
    assert kinds["spring_relief"] == 200 and kinds["golden_autumn"] == 68
    assert kinds["living_aid"] == 52
    spring = get("assistance.households").records(Scope(a, START, END)).filter(kind="spring_relief")
    migrant = _by(users.admin_a, "assistance.households", a, "migrant")
    assert migrant["True"] == 9 * 3  # the 9 migrant households: 送温暖, 生活救助, 金秋助学
    assert spring.filter(case__applicant__is_migrant_worker=True).count() == 9
    assert spring.filter(case__applicant__is_migrant_worker=False).count() == 191
    assert _value("assistance.employers", a) == 8
    assert _value("assistance.people", a) == 4
    amounts = _by(users.admin_a, "assistance.amount", a, "kind")
    assert amounts["living_aid"] == Decimal("113600.00")
    assert _value("golden_autumn.students", a) == 68
    assert _value("hardship.files_open", a) == 199  # one closed
    assert _value("hardship.files_open", a, end=dt.date(YEAR, 9, 30)) == 200
    assert _value("hardship.out_of_hardship", a) == 1
    assert _value("hardship.files_open", tree.city) == 200  # + HZ-B's file


def test_evidence_is_masked_and_scoped(year, tree, users, api_as):
    api = api_as("viewer_a")
    r = api.get(
        "/api/v1/indicators/hardship.files_open/evidence",
        org="HZ-A",
        **{"from": str(START), "to": str(END)},
    )
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["value"] == 199 and body["count"] == 199
    item = body["items"][0]
    assert "income_per_head" not in item and item["applicant_name"].endswith("*")
    r = api.get(
        "/api/v1/indicators/assistance.amount/evidence",
        org="HZ-A",
        **{"from": str(START), "to": str(END)},
    )
    assert r.status_code == 200 and "student_name" not in r.json()["items"][0]
    assert (
        api_as("admin_b")
        .get(
            "/api/v1/indicators/assistance.amount/evidence",
            org="HZ-A",
            **{"from": str(START), "to": str(END)},
        )
        .status_code
        == 404
    )


def test_evidence_pages_render_masked(year, tree, users, client):
    from tests.conftest import login

    login(client, users.viewer_a)
    for code in ("hardship.files_open", "hardship.out_of_hardship", "assistance.households"):
        r = client.get(
            f"/indicators/{code}/evidence/", {"org": "HZ-A", "from": str(START), "to": str(END)}
        )
        assert r.status_code == 200, code
        assert "张三" not in r.content.decode()


def test_demo_district_reproduces_reference(db):
    import io

    from kesu.demo.services import demo_generate
    from kesu.hardship.models import HardshipCase
    from kesu.orgs.models import Level, Organization

    result = demo_generate(scale="small", seed=5, stdout=io.StringIO())
    assert result.counts["hardship_cases"] == HardshipCase.objects.count() > 200
    district = Organization.objects.filter(level=Level.DISTRICT).order_by("code").first()
    today = dt.date.today()  # noqa: DTZ011 (the demo writes the current year)
    scope = Scope(org=district, start=dt.date(today.year, 1, 1), end=dt.date(today.year, 12, 31))
    records = get("assistance.households").records(scope)
    spring = records.filter(kind="spring_relief")
    assert spring.filter(case__applicant__is_migrant_worker=True).count() == 9
    assert spring.filter(case__applicant__is_migrant_worker=False).count() == 191
    assert get("assistance.employers").value(scope) == 8
    people = get("assistance.people").records(scope).filter(group_name="困难劳模")
    assert get("assistance.people").measure(people) == 4
    helped = get("assistance.amount").records(scope).filter(recipient_kind="member")
    assert helped.count() == 52 and get("assistance.amount").measure(helped) == 113600
    assert get("golden_autumn.students").value(scope) == 68
    assert get("hardship.files_open").value(scope) > 200
