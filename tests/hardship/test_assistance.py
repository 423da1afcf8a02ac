"""Assistance validation and funds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kesu.hardship import assistance, selectors, services_lifecycle
from kesu.hardship.models import Assistance
from kesu.hardship.validation import HardshipError
from tests.hardship.conftest import YEAR

pytestmark = pytest.mark.django_db


def _add(actor, org, **data):
    base = {
        "kind": "living_aid",
        "date": f"{YEAR}-03-01",
        "amount": "100",
        "recipient_kind": "group",
        "group_name": "孤儿/五保户",
        "recipients": 10,
    }
    return assistance.assistance_create(actor=actor, org=org, data={**base, **data})


def test_validation_messages(tree, users, hs):
    staff = users.staff_a
    with pytest.raises(HardshipError) as exc:
        _add(staff, tree.a, amount="-1")
    assert "金额不能为负数" in exc.value.errors["amount"]
    with pytest.raises(HardshipError) as exc:
        _add(staff, tree.a, amount="1.005")
    assert "两位小数" in exc.value.errors["amount"]
    with pytest.raises(HardshipError) as exc:
        _add(staff, tree.a, group_name="")
    assert "群体名称" in exc.value.errors["group_name"]
    with pytest.raises(HardshipError) as exc:
        _add(staff, tree.a, recipient_kind="household", recipients=1)
    assert "困难档案" in exc.value.errors["case"]
    with pytest.raises(HardshipError) as exc:
        _add(staff, tree.a, recipient_kind="household", case=hs.a.pk, recipients=2)
    assert "对象数应为1" in exc.value.errors["recipients"]
    with pytest.raises(HardshipError) as exc:
        _add(staff, tree.a, amount="", goods="")
    assert "金额或物资" in exc.value.errors["amount"]
    with pytest.raises(HardshipError) as exc:
        _add(
            staff,
            tree.a,
            kind="golden_autumn",
            recipient_kind="household",
            case=hs.a.pk,
            recipients=1,
        )
    assert "学生姓名" in exc.value.errors["student_name"]
    assert not Assistance.objects.exists()
    goods = _add(staff, tree.a, amount="", goods="面条、棉被", goods_value="1200.50")
    assert goods.amount == 0 and goods.goods_value == Decimal("1200.50")


def test_closed_file_refused(tree, users, hs):
    services_lifecycle.case_transition(
        actor=users.staff_a, case=hs.a, data={"status": "closed", "reason": "x"}
    )
    with pytest.raises(HardshipError) as exc:
        _add(users.staff_a, tree.a, recipient_kind="household", case=hs.a.pk, recipients=1)
    assert "已销档" in exc.value.errors["case"]


def test_assistance_marks_file_helped(tree, users, hs):
    _add(users.staff_a, tree.a, recipient_kind="household", case=hs.a.pk, recipients=1)
    helped = selectors.case_list(
        user=users.staff_a, filters=selectors.CaseFilters(flag="never_helped")
    )
    assert not helped.exists()


def test_funds_raised_and_paid_per_source_and_year(tree, users, hs):
    staff = users.staff_a
    src = assistance.source_create(
        actor=staff, org=tree.a, data={"name": "送温暖专项", "kind": "上级拨付"}
    )
    assistance.receipt_add(
        actor=staff, source=src, data={"received_on": f"{YEAR}-01-05", "amount": "50000"}
    )
    assistance.receipt_add(
        actor=staff, source=src, data={"received_on": f"{YEAR - 1}-12-05", "amount": "100"}
    )
    _add(staff, tree.a, funding_source=src.pk, amount="30000", goods="棉被", goods_value="500")
    with pytest.raises(HardshipError):
        assistance.receipt_add(actor=staff, source=src, data={"received_on": "x", "amount": "-2"})
    rows = selectors.fund_summary(user=staff, year=YEAR)
    assert [(r.source.pk, r.year, r.raised, r.paid, r.balance) for r in rows] == [
        (src.pk, YEAR, Decimal("50000.00"), Decimal("30500.00"), Decimal("19500.00"))
    ]
    assert len(selectors.fund_summary(user=staff)) == 2
    assert selectors.fund_summary(user=users.admin_b) == []
    with pytest.raises(HardshipError) as exc:
        _add(users.admin_b, tree.b, funding_source=src.pk)
    assert "资金来源" in exc.value.errors["funding_source"]


def test_campaign_of_ancestor_allowed(tree, users, hs):
    from kesu.activities.models import Campaign

    camp = Campaign.objects.create(
        org=tree.city,
        name="2026春节送温暖",
        year=YEAR,
        start=dt.date(YEAR, 1, 1),
        end=dt.date(YEAR, 2, 28),
    )
    record = _add(users.staff_a, tree.a, campaign=camp.pk)
    assert record.campaign == camp
    other = Campaign.objects.create(
        org=tree.b, name="滨江", year=YEAR, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 2, 28)
    )
    with pytest.raises(HardshipError):
        _add(users.staff_a, tree.a, campaign=other.pk)
