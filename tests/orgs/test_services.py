import pytest
from django.http import Http404

from kesu.audit.models import AuditEntry
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.services import OrgError, org_create, org_move, org_update


def test_create_child_sets_path_and_audits(users, tree):
    org = org_create(
        actor=users.admin_a, code="HZ-A-2", name="灵隐街道总工会", level="乡镇/街道", parent=tree.a
    )
    assert org.path == "/HZ/HZ-A/HZ-A-2/" and org.depth == 2 and org.level == "township"
    entry = AuditEntry.objects.get(action="org.create", target_id="HZ-A-2")
    assert entry.actor == users.admin_a and entry.org_path == org.path
    assert entry.changes["name"] == [None, "灵隐街道总工会"]


def test_create_outside_scope_is_not_found(users, tree):
    with pytest.raises(Http404):
        org_create(actor=users.admin_a, code="X1", name="越权", level="grassroots", parent=tree.b)
    with pytest.raises(access.Forbidden):
        org_create(actor=users.staff_a, code="X2", name="无权", level="grassroots", parent=tree.a)
    with pytest.raises(access.Forbidden):
        org_create(actor=users.admin_a, code="X3", name="顶级", level="city")
    assert not Organization.objects.filter(code__in=["X1", "X2", "X3"]).exists()


@pytest.mark.parametrize(
    ("code", "level", "message"),
    [
        ("HZ-A", "grassroots", "已被使用"),
        ("bad code!", "grassroots", "编码只能包含"),
        ("OK1", "星球", "层级"),
    ],
)
def test_create_rejects_bad_input(users, tree, code, level, message):
    with pytest.raises(OrgError, match=message):
        org_create(actor=users.admin_a, code=code, name="测试", level=level, parent=tree.a)


def test_update_audits_before_after(users, tree):
    org_update(actor=users.admin_a, org=tree.a1, name="北山街道工会", is_active=False)
    entry = AuditEntry.objects.get(action="org.update")
    assert entry.changes == {"is_active": [True, False], "name": ["北山街道总工会", "北山街道工会"]}


def test_move_subtree_rewrites_paths_and_audits(users, tree, members):
    org_move(actor=users.city_admin, org=tree.a1, new_parent=tree.b)
    moved = {
        o.code: (o.path, o.depth) for o in Organization.objects.filter(code__startswith="HZ-A-1")
    }
    assert moved == {
        "HZ-A-1": ("/HZ/HZ-B/HZ-A-1/", 2),
        "HZ-A-1-01": ("/HZ/HZ-B/HZ-A-1/HZ-A-1-01/", 3),
    }
    # Members travel with their organisation: the scope follows the tree.
    assert access.restrict(Member.objects.all(), users.admin_b).filter(pk=members.in_a.pk).exists()
    assert (
        not access.restrict(Member.objects.all(), users.admin_a).filter(pk=members.in_a.pk).exists()
    )
    entry = AuditEntry.objects.get(action="org.move")
    assert entry.changes["parent"] == ["HZ-A", "HZ-B"] and entry.changes["subtree_size"] == 2


def test_move_outside_scope_changes_nothing(users, tree):
    with pytest.raises(Http404):
        org_move(actor=users.admin_a, org=tree.a1, new_parent=tree.b)
    tree.a1.refresh_from_db()
    assert tree.a1.path == "/HZ/HZ-A/HZ-A-1/"
    assert not AuditEntry.objects.filter(action="org.move").exists()


def test_move_into_own_subtree_rejected(users, tree):
    with pytest.raises(OrgError, match="下级"):
        org_move(actor=users.city_admin, org=tree.a, new_parent=tree.a1g)


def test_tree_of_10000_orgs_queries_stay_cheap(users, tree, django_assert_max_num_queries):
    from kesu.core.bulk import bulk_insert
    from kesu.orgs.selectors import org_tree

    rows = []
    for i in range(10_000):
        code = f"G{i:05d}"
        rows.append(
            {
                "code": code,
                "name": f"基层工会{i}",
                "level": "grassroots",
                "kind": "union",
                "parent_id": tree.a1.pk,
                "path": f"{tree.a1.path}{code}/",
                "depth": 3,
            }
        )
    bulk_insert(Organization, rows)
    with django_assert_max_num_queries(2):
        nodes = org_tree(user=users.admin_a)
    assert len(nodes[0]["children"][0]["children"]) == 10_001


def test_a_move_changes_the_tree_stamp(users, tree):
    """What is kept under the tree's stamp (the roster's cells) is never read after a move."""
    from kesu.orgs.selectors import tree_stamp

    before = tree_stamp()
    org_move(actor=users.city_admin, org=tree.a1, new_parent=tree.b)
    assert tree_stamp() != before
