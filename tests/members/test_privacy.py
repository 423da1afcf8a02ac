"""Anonymising a member who left (PIPL): irreversible, admin only, confirmed, audited; the
row keeps counting, nothing can find the person again."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.audit.models import AuditEntry
from kesu.hardship.models import HardshipCase
from kesu.members import privacy
from kesu.members.models import Member
from kesu.members.selectors import MemberFilters, member_list
from kesu.members.services import MemberError, member_update
from kesu.orgs import access
from tests.conftest import login
from tests.factories import make_member, make_user, new_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(tree):
    number = new_id_number(dt.date(1985, 7, 19))
    member = make_member(
        tree.a1g,
        name="赵六",
        id_number=number,
        phone="13700001111",
        status="退会",
        notes="家住某街道",
        employer_name="某科技公司",
    )
    return member, number


def test_anonymise_clears_identity_keeps_figures_and_audits(users, tree, leaver):
    member, number = leaver
    login_user = make_user("zhao6", tree.a1g, "member", member=member, email="z@example.cn")
    case = HardshipCase.objects.create(
        org=tree.a1g,
        applicant=member,
        applicant_id_hash=member.id_number_hash,
        household_size=3,
        income_per_head=600,
        cause="illness",
        tier="deep",
        filed_on=dt.date(2026, 1, 1),
        review_due_on=dt.date(2027, 1, 1),
    )
    done = privacy.member_anonymise(actor=users.admin_a, member=member, confirm_name="赵六")
    row = Member.objects.get(pk=member.pk)
    assert row.name == f"已注销会员#{member.pk}" and row.anonymised_at == done.anonymised_at
    assert (row.id_number_enc, row.id_number_masked, row.phone_enc, row.phone_hash) == ("",) * 4
    assert (row.notes, row.employer_name, row.birth_date) == ("", "", dt.date(1985, 7, 1))
    assert (row.gender, row.status, row.org_id) == (member.gender, "withdrawn", tree.a1g.pk)
    for q in (number, "13700001111", "赵六"):
        assert not member_list(user=users.admin_a, filters=MemberFilters(q=q)).exists()
    assert HardshipCase.objects.get(pk=case.pk).applicant_id_hash == ""
    login_user.refresh_from_db()
    assert not login_user.is_active and login_user.member_id is None
    assert login_user.email == "" and not login_user.has_usable_password()
    entry = AuditEntry.objects.get(action="member.anonymise")
    assert "赵六" not in str(entry.changes) + entry.target_repr
    assert entry.changes["copied_hashes"] == 1 and entry.changes["login_closed"] is True
    with pytest.raises(MemberError, match="已注销"):  # once only, and no edits after
        privacy.member_anonymise(actor=users.admin_a, member=row, confirm_name=row.name)
    with pytest.raises(MemberError, match="已注销"):
        member_update(actor=users.admin_a, member=row, data={"id_number": number})
    # The person may join again: their ID number is free.
    assert make_member(tree.a1g, id_number=number).pk != member.pk


def test_anonymise_needs_withdrawal_confirmation_and_an_admin_in_scope(
    users, tree, members, leaver
):
    member, _number = leaver
    with pytest.raises(MemberError, match="已退会"):
        privacy.member_anonymise(actor=users.admin_a, member=members.in_a, confirm_name="张三")
    with pytest.raises(MemberError, match="姓名"):
        privacy.member_anonymise(actor=users.admin_a, member=member, confirm_name="赵")
    with pytest.raises(access.Forbidden):
        privacy.member_anonymise(actor=users.staff_a, member=member, confirm_name="赵六")
    with pytest.raises(access.NotFound):
        privacy.member_anonymise(actor=users.admin_b, member=member, confirm_name="赵六")
    assert Member.objects.get(pk=member.pk).name == "赵六"
    assert not AuditEntry.objects.filter(action="member.anonymise").exists()


def test_anonymise_page(client, users, leaver):
    member, _number = leaver
    login(client, users.staff_a)
    assert client.get(f"/members/{member.pk}/anonymise/").status_code == 403
    login(client, users.admin_b)
    assert client.get(f"/members/{member.pk}/anonymise/").status_code == 404
    login(client, users.admin_a)
    detail = client.get(f"/members/{member.pk}/").content.decode()
    assert f"/members/{member.pk}/anonymise/" in detail
    wrong = client.post(f"/members/{member.pk}/anonymise/", {"confirm_name": "别人"})
    assert "请输入该会员的姓名以确认" in wrong.content.decode()
    done = client.post(f"/members/{member.pk}/anonymise/", {"confirm_name": "赵六"}, follow=True)
    body = done.content.decode()
    assert "已注销该会员的个人信息" in body and "赵六" not in body
    log = client.get("/audit/", {"action": "member.anonymise"}).content.decode()
    assert "注销会员个人信息" in log and "出生日（保留年月）" in log and "birth_day" not in log
