"""orgs.scoped: the organisation a write goes to, and the row re-read under lock."""

import pytest
from django.db import transaction
from django.http import Http404

from kesu.audit.models import AuditEntry
from kesu.audit.writes import audit_changes, audit_object
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.scoped import apply_in_scope, lock_in_scope, org_to_write


def test_org_to_write_takes_a_code_or_an_org_inside_the_scope(users, tree):
    assert org_to_write(users.staff_a, "HZ-A-1") == tree.a1
    assert org_to_write(users.staff_a, tree.a1g) == tree.a1g
    with pytest.raises(Http404):
        org_to_write(users.staff_a, "HZ-B")  # a sibling district: the same answer as missing
    with pytest.raises(Http404):
        org_to_write(users.staff_a, tree.b)
    with pytest.raises(Http404):
        org_to_write(users.staff_a, "")
    with pytest.raises(access.Forbidden):
        org_to_write(users.viewer_a, tree.a)  # a reader writes nowhere


def test_an_edit_of_a_row_moved_out_of_scope_meanwhile_is_refused(users, tree, members):
    stale = Member.objects.get(pk=members.in_a.pk)
    Member.objects.filter(pk=stale.pk).update(org=tree.bg)  # moved by someone else
    with pytest.raises(Http404), transaction.atomic():
        apply_in_scope(users.staff_a, stale, {"notes": "改"})
    assert stale.notes == ""  # nothing copied before the check
    with transaction.atomic():
        locked = lock_in_scope(users.admin_b, stale)
    assert locked.org == tree.bg


def test_apply_in_scope_copies_values_and_moves_the_record(users, tree, members):
    member = members.in_a
    with transaction.atomic():
        apply_in_scope(users.staff_a, member, {"notes": "调入"}, tree.a1)
    assert (member.notes, member.org) == ("调入", tree.a1)


def test_audit_object_reads_the_target_off_the_object(users, tree, members):
    member = members.in_a
    entry = audit_object(users.staff_a, "member.update", member, {"notes": ["", "x"]})
    assert (entry.target_type, entry.target_id, entry.target_repr) == (
        "member",
        str(member.pk),
        str(member),
    )
    assert entry.org_path == tree.a1g.path
    other = audit_object(
        users.staff_a, "member.reveal", member, target_type="person", label="某人", org=tree.a
    )
    assert (other.target_type, other.target_repr, other.org_path) == ("person", "某人", tree.a.path)


def test_audit_changes_writes_a_row_only_when_something_changed(users, members):
    member = members.in_a
    count = AuditEntry.objects.count()
    assert audit_changes(users.staff_a, "member.update", member, {"a": 1}, {"a": 1}) == {}
    assert AuditEntry.objects.count() == count
    assert audit_changes(users.staff_a, "member.update", member, {"a": 1}, {"a": 2}) == {
        "a": [1, 2]
    }
    assert AuditEntry.objects.latest("pk").changes == {"a": [1, 2]}
