"""Hardship files: filing rules, life cycle, reviews, searches."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.audit.models import AuditEntry
from kesu.hardship import selectors, services, services_lifecycle, standards
from kesu.hardship.models import CaseEvent, HardshipCase, Status
from kesu.hardship.validation import HardshipError
from kesu.orgs import access
from tests.factories import make_member
from tests.hardship.conftest import CHILD_ID, YEAR, file_case

pytestmark = pytest.mark.django_db


def test_deep_tier_requires_income_within_standard(tree, users, hs):
    m = make_member(tree.a1g, name="赵六")
    with pytest.raises(HardshipError) as exc:
        file_case(users.staff_a, tree.a1g, m, income_per_head="850.50")
    message = exc.value.errors["tier"]
    assert "850.50" in message and "800" in message and "深度困难" in message
    assert not HardshipCase.objects.filter(applicant=m).exists()


def test_relative_tier_uses_configurable_multiplier(tree, users, hs):
    m = make_member(tree.a1g)
    case = file_case(users.staff_a, tree.a1g, m, tier="relative", income_per_head="1200")
    assert case.standard_amount == hs.standard
    m2 = make_member(tree.a1g)
    with pytest.raises(HardshipError) as exc:
        file_case(users.staff_a, tree.a1g, m2, tier="relative", income_per_head="1200.01")
    assert "1.50倍" in exc.value.errors["tier"] and "1200.00" in exc.value.errors["tier"]
    # HZ-B has its own standard 900 × 2: the nearest ancestor's standard applies.
    m3 = make_member(tree.bg)
    case = file_case(users.root, tree.bg, m3, tier="relative", income_per_head="1800")
    assert str(case.standard_amount) == "900.00"


def test_accident_tier_has_no_income_ceiling_and_missing_standard_refused(tree, users, hs):
    m = make_member(tree.a1g)
    file_case(users.staff_a, tree.a1g, m, tier="accident", income_per_head="5000")
    m2 = make_member(tree.a1g)
    with pytest.raises(HardshipError) as exc:
        file_case(users.staff_a, tree.a1g, m2, filed_on=dt.date(2001, 1, 1))
    assert "未找到2001年适用的低保标准" in exc.value.errors["tier"]


def test_negative_income_and_bad_choices(tree, users, hs):
    m = make_member(tree.a1g)
    with pytest.raises(HardshipError) as exc:
        file_case(users.staff_a, tree.a1g, m, income_per_head="-1", cause="懒")
    assert "不能为负数" in exc.value.errors["income_per_head"]
    assert "因病" in exc.value.errors["cause"]


def test_duplicate_household_refused(tree, users, members, hs):
    with pytest.raises(HardshipError) as exc:
        file_case(users.staff_a, tree.a1g, members.in_a)
    assert "同一户不能重复建档" in exc.value.errors["applicant"]
    # The applicant's child is already in 张三's household: a file for the child is refused.
    child = make_member(tree.a1g, name="张小三", id_number=CHILD_ID)
    with pytest.raises(HardshipError):
        file_case(users.staff_a, tree.a1g, child)
    # Someone else listing 张三 as household member: refused too.
    other = make_member(tree.a1g)
    from kesu.core import crypto

    with pytest.raises(HardshipError):
        file_case(
            users.staff_a,
            tree.a1g,
            other,
            household=[
                {
                    "name": "张三",
                    "relation": "配偶",
                    "id_number": crypto.decrypt(members.in_a.id_number_enc),
                }
            ],
        )


def test_closed_file_allows_refiling(tree, users, members, hs):
    services_lifecycle.case_transition(
        actor=users.staff_a, case=hs.a, data={"status": "closed", "reason": "迁出"}
    )
    again = file_case(users.staff_a, tree.a1g, members.in_a)
    assert again.status == Status.FILED


def test_life_cycle_and_illegal_transitions(tree, users, hs):
    case, staff = hs.a, users.staff_a
    services_lifecycle.case_transition(
        actor=staff,
        case=case,
        data={"status": "assisting", "reason": "开始帮扶", "on": f"{YEAR}-02-01"},
    )
    case = services_lifecycle.case_transition(
        actor=staff,
        case=case,
        data={"status": "out", "reason": "子女就业，收入提高", "on": f"{YEAR}-06-01"},
    )
    assert case.status == Status.OUT and case.out_on == dt.date(YEAR, 6, 1)
    with pytest.raises(HardshipError) as exc:
        services_lifecycle.case_transition(
            actor=staff, case=case, data={"status": "filed", "reason": "x"}
        )
    assert "不能转为“已建档”" in exc.value.errors["status"]
    with pytest.raises(HardshipError) as exc:
        services_lifecycle.case_transition(actor=staff, case=case, data={"status": "closed"})
    assert exc.value.errors == {"reason": "请填写原因"}
    case = services_lifecycle.case_transition(
        actor=staff, case=case, data={"status": "closed", "reason": "销档"}
    )
    assert case.closed_on is not None
    with pytest.raises(HardshipError) as exc:
        services_lifecycle.case_transition(
            actor=staff, case=case, data={"status": "assisting", "reason": "x"}
        )
    assert "可转为：无" in exc.value.errors["status"]
    events = list(CaseEvent.objects.filter(case=case).values_list("to_status", flat=True))
    assert events == ["filed", "assisting", "out", "closed"]
    actions = list(
        AuditEntry.objects.filter(target_type="hardship_case", target_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions.count("hardship.transition") == 3 and "hardship.create" in actions


def test_temporary_file_becomes_regular(tree, users, hs):
    m = make_member(tree.a1g)
    case = file_case(users.staff_a, tree.a1g, m, is_temporary=True, tier="accident")
    case = services_lifecycle.case_make_regular(
        actor=users.staff_a, case=case, data={"reason": "核实"}
    )
    assert not case.is_temporary
    with pytest.raises(HardshipError):
        services_lifecycle.case_make_regular(
            actor=users.staff_a, case=case, data={"reason": "again"}
        )


def test_roles_and_scope(tree, users, members, hs):
    m = make_member(tree.a1g)
    with pytest.raises(access.Forbidden):
        file_case(users.viewer_a, tree.a1g, m)
    with pytest.raises(access.NotFound):
        file_case(users.admin_b, tree.a1g, m)
    with pytest.raises(access.NotFound):
        services.case_open(actor=users.admin_b, pk=hs.a.pk)
    with pytest.raises(access.Forbidden):
        services.case_open(actor=users.viewer_a, pk=hs.a.pk)
    # admin_b cannot use a member of HZ-A as applicant in HZ-B
    with pytest.raises(HardshipError):
        file_case(users.admin_b, tree.bg, m)


def test_view_is_audited(users, hs):
    services.case_open(actor=users.staff_a, pk=hs.a.pk)
    entry = AuditEntry.objects.filter(action="hardship.view").latest("pk")
    assert entry.target_id == str(hs.a.pk) and entry.actor == users.staff_a


def test_review_due_and_overdue(tree, users, hs):
    today = dt.date(YEAR + 1, 3, 1)
    assert hs.a.review_due_on == dt.date(YEAR + 1, 1, 1)
    overdue = selectors.case_list(
        user=users.staff_a, today=today, filters=selectors.CaseFilters(flag="overdue")
    )
    assert list(overdue) == [hs.a]
    services_lifecycle.review_add(
        actor=users.staff_a,
        case=hs.a,
        data={"reviewed_on": f"{YEAR + 1}-02-01", "conclusion": "keep", "income_per_head": "700"},
    )
    hs.a.refresh_from_db()
    assert hs.a.review_due_on == dt.date(YEAR + 2, 2, 1)
    assert not selectors.case_list(
        user=users.staff_a, today=today, filters=selectors.CaseFilters(flag="overdue")
    ).exists()
    assert services.one_year_after(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    with pytest.raises(HardshipError):
        services_lifecycle.review_add(actor=users.staff_a, case=hs.a, data={"conclusion": "maybe"})


def test_searches(tree, users, members, hs):
    from kesu.core import crypto

    def search(**f):
        return list(selectors.case_list(user=users.staff_a, filters=selectors.CaseFilters(**f)))

    full = crypto.decrypt(members.in_a.id_number_enc)
    assert search(id_number=full) == [hs.a]
    assert search(id_number=CHILD_ID) == [hs.a]
    assert search(id_number=full[:10]) == []
    assert search(q="张小") == [hs.a]
    assert search(q="王五") == []  # HZ-B is outside staff_a's scope
    assert search(flag="never_helped") == [hs.a]
    old = selectors.case_list(
        user=users.root,
        today=dt.date(YEAR + 1, 6, 1),
        filters=selectors.CaseFilters(flag="unreviewed"),
    )
    assert set(old) == {hs.a, hs.b}


def test_standard_set_validation(tree, users):
    with pytest.raises(HardshipError) as exc:
        standards.standard_set(
            actor=users.admin_a, org=tree.a, data={"year": YEAR, "monthly_amount": "-5"}
        )
    assert "不能为负数" in exc.value.errors["monthly_amount"]
    row = standards.standard_set(
        actor=users.admin_a, org=tree.a, data={"year": YEAR, "monthly_amount": "850"}
    )
    row2 = standards.standard_set(
        actor=users.admin_a, org=tree.a, data={"year": YEAR, "monthly_amount": "860"}
    )
    assert row.pk == row2.pk and str(row2.monthly_amount) == "860.00"
    assert standards.standard_for(tree.a1g, YEAR).pk == row.pk
    with pytest.raises(access.NotFound):
        standards.standard_set(
            actor=users.admin_a, org=tree.b, data={"year": YEAR, "monthly_amount": "1"}
        )
