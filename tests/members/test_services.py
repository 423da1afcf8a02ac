import pytest
from django.http import Http404

from kesu.audit.models import AuditEntry
from kesu.audit.selectors import audit_list
from kesu.core import crypto
from kesu.members.models import Member, Transfer
from kesu.members.selectors import MemberFilters, member_list
from kesu.members.services import (
    ID_NUMBER_UNAVAILABLE,
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
    # Outside the actor's scope: refused, worded without who holds the number or where.
    message = outside.value.errors["id_number"]
    assert message == ID_NUMBER_UNAVAILABLE
    assert not any(word in message for word in ("王五", "滨江", "其他单位", "已登记"))
    inside = crypto.decrypt(members.in_a.id_number_enc)
    with pytest.raises(MemberError) as dup:
        member_create(actor=users.staff_a, org=tree.a, data={"name": "重复", "id_number": inside})
    assert "张三" in dup.value.errors["id_number"]
    assert "某科技公司工会" in dup.value.errors["id_number"]
    assert Member.objects.filter(name="重复").count() == 0


def test_id_number_message_depends_on_who_asks_and_is_audited(users, tree, members):
    """The same number, refused to two actors: the one whose scope holds the member learns
    the name and unit, the other does not; both lookups are audited at the holder's unit."""
    number = crypto.decrypt(members.in_b.id_number_enc)
    data = {"name": "重复", "id_number": number}
    with pytest.raises(MemberError) as city:
        member_create(actor=users.city_admin, org=tree.a1g, data=data)
    with pytest.raises(MemberError) as district:
        member_create(actor=users.admin_a, org=tree.a1g, data=data)
    assert "王五" in city.value.errors["id_number"]
    assert "某制造公司工会" in city.value.errors["id_number"]
    assert district.value.errors["id_number"] == ID_NUMBER_UNAVAILABLE
    entries = AuditEntry.objects.filter(action="member.id_number_taken").order_by("id")
    assert [(e.actor, e.changes["unit_shown"]) for e in entries] == [
        (users.city_admin, True),
        (users.admin_a, False),
    ]
    assert {e.org_path for e in entries} == {tree.bg.path}
    assert {e.target_id for e in entries} == {str(members.in_b.pk)}
    assert {e.changes["requesting_org"] for e in entries} == {"HZ-A-1-01"}
    assert number not in str([e.changes for e in entries])
    # The holder's admins see the lookups in their log; the asking district's log does not
    # (it would tell them where the number is held).
    assert audit_list(user=users.admin_b, action="member.id_number_taken").count() == 2
    assert not audit_list(user=users.admin_a, action="member.id_number_taken").exists()


def test_update_to_a_taken_id_number_is_refused_the_same_way(users, tree, members):
    number = crypto.decrypt(members.in_b.id_number_enc)
    with pytest.raises(MemberError) as refused:
        member_update(actor=users.admin_a, member=members.in_a, data={"id_number": number})
    assert refused.value.errors["id_number"] == ID_NUMBER_UNAVAILABLE
    assert AuditEntry.objects.filter(action="member.id_number_taken").count() == 1


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
