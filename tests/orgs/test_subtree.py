"""Within one view the subtree of an organisation over every other one is read without
joining the tree; the records are exactly those the joined query returns."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kesu.accounts.models import User
from kesu.core.oneview import one_view
from kesu.members.models import Member
from kesu.orgs import access, subtree
from tests.factories import make_member, make_org, make_user


def _ids(qs):
    return sorted(qs.values_list("pk", flat=True))


def _sql(qs) -> str:
    with CaptureQueriesContext(connection) as seen:
        list(qs)
    return seen.captured_queries[-1]["sql"]


def test_whole_tree_is_read_without_the_join_and_gives_the_same_records(users, tree):
    for org in (tree.city, tree.a, tree.bg):
        make_member(org)
    joined = _ids(access.restrict(Member.objects.all(), users.city_admin))
    assert len(joined) == 3
    assert "orgs_organization" in _sql(access.restrict(Member.objects.all(), users.city_admin))
    with one_view():
        assert subtree.covers_everything(tree.city.path)
        assert not subtree.covers_everything(tree.a.path)
        shortcut = access.restrict(Member.objects.all(), users.city_admin)
        assert "orgs_organization" not in _sql(shortcut)
        assert _ids(shortcut) == joined
        # A district still joins the tree and sees only its own subtree.
        district = access.restrict(Member.objects.all(), users.admin_a)
        assert "orgs_organization" in _sql(district)
        assert len(_ids(district)) == 1


def test_a_second_root_ends_the_shortcut(users, tree):
    other = make_org("SX", "另一城市", "city")
    make_member(tree.city)
    make_member(other)
    with one_view():
        assert not subtree.covers_everything(tree.city.path)
        mine = access.restrict(Member.objects.all(), users.city_admin)
        assert [m.org_id for m in mine] == [tree.city.pk]


def test_records_under_no_organisation_stay_out(users, tree):
    make_user("nobody", None, "viewer")  # a user attached to no organisation
    joined = _ids(access.restrict(User.objects.all(), users.city_admin))
    with one_view():
        shortcut = _ids(access.restrict(User.objects.all(), users.city_admin))
    assert shortcut == joined
    assert User.objects.get(username="nobody").pk not in shortcut


def test_outside_a_view_nothing_is_assumed(tree):
    assert not subtree.covers_everything(tree.city.path)
