import pytest
from django.http import Http404

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.members.models import Member, Transfer
from kesu.members.selectors import MemberFilters, member_list
from kesu.members.services import (
    MemberError,
    member_create,
    member_reveal,
    member_transfer,
    member_update,
)
from kesu.orgs import access
from tests.factories import new_id_number

ID = "11010519491231002X"


def test_create_stores_protected_and_audits_masked(users, tree):
    member = member_create(
        actor=users.staff_a,
        org=tree.a1g,
        data={"name": "赵六", "id_number": ID, "phone": "13812345678"},
    )
    row = Member.objects.get(pk=member.pk)
    assert ID not in row.id_number_enc and crypto.decrypt(row.id_number_enc) == ID
    entry = AuditEntry.objects.get(action="member.create")
    assert entry.changes["id_number_masked"] == [None, "110105********002X"]
    assert ID not in str(entry.changes) and "13812345678" not in str(entry.changes)


def test_one_member_per_id_number_across_the_platform(users, tree, members):
    number = crypto.decrypt(members.in_b.id_number_enc)
    with pytest.raises(MemberError) as outside:
        member_create(actor=users.staff_a, org=tree.a1g, data={"name": "重复", "id_number": number})
    assert (
        "其他单位" in outside.value.errors["id_number"]
        and "滨江" not in outside.value.errors["id_number"]
    )
    inside = crypto.decrypt(members.in_a.id_number_enc)
    with pytest.raises(MemberError) as dup:
        member_create(actor=users.staff_a, org=tree.a, data={"name": "重复", "id_number": inside})
    assert "张三" in dup.value.errors["id_number"]


def test_create_outside_scope_or_readonly(users, tree):
    with pytest.raises(Http404):
        member_create(
            actor=users.staff_a, org=tree.bg, data={"name": "越权", "id_number": new_id_number()}
        )
    with pytest.raises(access.Forbidden):
        member_create(
            actor=users.viewer_a, org=tree.a1g, data={"name": "只读", "id_number": new_id_number()}
        )
    assert not Member.objects.filter(name__in=["越权", "只读"]).exists()


def test_update_is_partial_and_audited(users, members):
    member_update(
        actor=users.staff_a, member=members.in_a, data={"education": "大专", "phone": "13900001111"}
    )
    members.in_a.refresh_from_db()
    assert members.in_a.education == "college" and members.in_a.name == "张三"
    entry = AuditEntry.objects.get(action="member.update")
    assert entry.changes["education"] == ["", "college"]
    assert entry.changes["phone_masked"] == ["138****1234", "139****1111"]


def test_update_outside_scope_is_not_found(users, members):
    with pytest.raises(Http404):
        member_update(actor=users.staff_a, member=members.in_b, data={"name": "改名"})
    members.in_b.refresh_from_db()
    assert members.in_b.name == "王五"


def test_transfer_keeps_history_and_scope(users, tree, members):
    member_transfer(actor=users.city_admin, member=members.in_a, to_org=tree.bg, reason="工作调动")
    assert members.in_a.org == tree.bg
    t = Transfer.objects.get(member=members.in_a)
    assert (t.from_org, t.to_org, t.reason) == (tree.a1g, tree.bg, "工作调动")
    # Both sides see the move in their audit log.
    assert AuditEntry.objects.filter(action="member.transfer", org_path=tree.bg.path).exists()
    assert AuditEntry.objects.filter(action="member.transfer_out", org_path=tree.a1g.path).exists()


def test_transfer_out_of_scope_is_not_found(users, tree, members):
    with pytest.raises(Http404):
        member_transfer(actor=users.admin_a, member=members.in_a, to_org=tree.bg)
    members.in_a.refresh_from_db()
    assert members.in_a.org == tree.a1g and not Transfer.objects.exists()


def test_reveal_requires_pii_role_and_is_audited(users, members):
    with pytest.raises(access.Forbidden):
        member_reveal(actor=users.staff_a, member=members.in_a)
    shown = member_reveal(actor=users.admin_a, member=members.in_a)
    assert shown["phone"] == "13800001234" and len(shown["id_number"]) == 18
    assert AuditEntry.objects.filter(action="member.reveal", actor=users.admin_a).count() == 1
    with pytest.raises(Http404):
        member_reveal(actor=users.admin_b, member=members.in_a)


def test_list_search_and_filters(users, tree, members):
    def names(**f):
        return sorted(m.name for m in member_list(user=users.admin_a, filters=MemberFilters(**f)))

    assert names() == ["张三", "李四"]
    assert names(q="张") == ["张三"]
    assert names(q="1234") == ["张三"]  # phone tail
    assert names(q=crypto.decrypt(members.in_a.id_number_enc)) == ["张三"]
    assert "李四" in names(q=members.in_a2.id_tail)
    assert names(org="HZ-A-1") == ["张三"]
    assert names(org="HZ-B") == []  # outside the subtree: nothing, not an error
    assert names(q="13800001234") == ["张三"]
    assert names(q="王五") == []
