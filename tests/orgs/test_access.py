"""The access layer is where scoping lives: test it hardest."""

import pytest
from django.http import Http404

from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization


def codes(qs):
    return sorted(o.code for o in qs)


def test_orgs_for_each_role(users, tree):
    assert codes(access.orgs_for(users.admin_a)) == ["HZ-A", "HZ-A-1", "HZ-A-1-01"]
    assert codes(access.orgs_for(users.viewer_a)) == ["HZ-A", "HZ-A-1", "HZ-A-1-01"]
    assert codes(access.orgs_for(users.admin_b)) == ["HZ-B", "HZ-B-01"]
    assert len(codes(access.orgs_for(users.city_admin))) == 6
    assert len(codes(access.orgs_for(users.root))) == 6
    assert codes(access.orgs_for(users.member_a)) == []  # self-service only


def test_prefix_does_not_leak_into_sibling_with_longer_code(users, tree):
    from tests.factories import make_org

    make_org(
        "HZ-AX", "相似编码区", "district", tree.city
    )  # path /HZ/HZ-AX/ shares the text prefix "HZ-A"
    assert "HZ-AX" not in codes(access.orgs_for(users.admin_a))


@pytest.mark.parametrize(
    ("role_user", "action", "allowed"),
    [
        ("admin_a", access.MANAGE, True),
        ("admin_a", access.CHANGE, True),
        ("staff_a", access.CHANGE, True),
        ("staff_a", access.MANAGE, False),
        ("viewer_a", access.VIEW, True),
        ("viewer_a", access.CHANGE, False),
        ("member_a", access.VIEW, False),
        ("root", access.MANAGE, True),
    ],
)
def test_role_actions(users, role_user, action, allowed):
    assert access.can(getattr(users, role_user), action) is allowed


def test_inactive_user_can_do_nothing(users):
    users.admin_a.is_active = False
    assert not access.can(users.admin_a, access.VIEW)
    assert access.orgs_for(users.admin_a).count() == 0


def test_restrict_members(users, members):
    assert set(access.restrict(Member.objects.all(), users.admin_a)) == {
        members.in_a,
        members.in_a2,
    }
    assert set(access.restrict(Member.objects.all(), users.admin_b)) == {members.in_b}
    assert access.restrict(Member.objects.all(), users.viewer_a, access.CHANGE).count() == 0


def test_out_of_scope_and_missing_raise_the_same(users, members):
    with pytest.raises(Http404) as outside:
        access.get_for_user(Member.objects.all(), users.admin_a, pk=members.in_b.pk)
    with pytest.raises(Http404) as missing:
        access.get_for_user(Member.objects.all(), users.admin_a, pk=999_999)
    with pytest.raises(Http404) as garbage:
        access.get_for_user(Member.objects.all(), users.admin_a, pk="abc")
    assert str(outside.value) == str(missing.value) == str(garbage.value)


def test_get_org_for_user(users, tree):
    assert access.get_org_for_user(users.admin_a, "HZ-A-1") == tree.a1
    with pytest.raises(Http404):
        access.get_org_for_user(users.admin_a, "HZ-B")


def test_ensure_org_in_scope(users, tree):
    access.ensure_org_in_scope(users.staff_a, tree.a1g)
    with pytest.raises(Http404):
        access.ensure_org_in_scope(users.staff_a, tree.b)
    with pytest.raises(access.Forbidden):
        access.ensure_org_in_scope(users.viewer_a, tree.a1g)


def test_pii_roles(users, settings):
    assert access.can_view_pii(users.admin_a) and access.can_view_pii(users.root)
    assert not access.can_view_pii(users.staff_a)
    settings.KESU_PII_ROLES = ["admin", "staff"]
    assert access.can_view_pii(users.staff_a)


def test_user_without_org_sees_nothing(db):
    from tests.factories import make_user

    lost = make_user("lost", None, "admin")
    assert access.orgs_for(lost).count() == 0
    assert Organization.objects.count() == 0 or access.orgs_for(lost).count() == 0
