from __future__ import annotations

import pytest
from django.urls import reverse

from kesu.audit.models import AuditEntry
from kesu.orgs.models import Organization

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def url(name, code=None):
    return reverse(f"orgs:{name}", args=[code] if code else [])


# --- role matrix --------------------------------------------------------------------------

READ_PAGES = [("tree", None), ("detail", "HZ-A-1"), ("children", "HZ-A")]
WRITE_PAGES = [("create", "HZ-A"), ("edit", "HZ-A-1"), ("move", "HZ-A-1")]


@pytest.mark.parametrize("name,code", READ_PAGES + WRITE_PAGES)
def test_anonymous_goes_to_login(client, tree, name, code):
    response = client.get(url(name, code))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("name,code", READ_PAGES + WRITE_PAGES)
def test_member_role_gets_403(client, users, name, code):
    client.force_login(users.member_a)
    assert client.get(url(name, code)).status_code == 403


@pytest.mark.parametrize("role", ["viewer_a", "staff_a", "admin_a"])
@pytest.mark.parametrize("name,code", READ_PAGES)
def test_readers_may_view(client, users, role, name, code):
    client.force_login(getattr(users, role))
    assert client.get(url(name, code)).status_code == 200


@pytest.mark.parametrize("role", ["viewer_a", "staff_a"])
@pytest.mark.parametrize("name,code", WRITE_PAGES)
def test_non_admins_may_not_write(client, users, role, name, code):
    client.force_login(getattr(users, role))
    assert client.get(url(name, code)).status_code == 403
    assert client.post(url(name, code), {"name": "x"}).status_code == 403


@pytest.mark.parametrize("name,code", WRITE_PAGES)
def test_admin_may_open_write_pages(client, users, name, code):
    client.force_login(users.admin_a)
    assert client.get(url(name, code)).status_code == 200


# --- tree ---------------------------------------------------------------------------------


def test_tree_starts_at_own_org(client, users, members):
    client.force_login(users.admin_a)
    html = client.get(url("tree")).content.decode()
    assert "西湖区总工会" in html and "北山街道总工会" in html
    assert "滨江区总工会" not in html and "杭州市总工会" not in html
    # Children load lazily through htmx.
    assert reverse("orgs:children", args=["HZ-A-1"]) in html


def test_tree_for_superuser_starts_at_roots(client, users):
    client.force_login(users.root)
    html = client.get(url("tree")).content.decode()
    assert "杭州市总工会" in html and "西湖区总工会" in html and "滨江区总工会" in html


def test_children_partial_shows_levels_and_member_counts(client, users, members):
    client.force_login(users.admin_a)
    response = client.get(url("children", "HZ-A"), **HX)
    html = response.content.decode()
    assert "<html" not in html
    assert "北山街道总工会" in html and "乡镇/街道" in html
    assert "1 名会员" in html  # 张三 in the grassroots union below HZ-A-1


def test_children_query_count_does_not_grow_with_children(client, users, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_member, make_org

    client.force_login(users.admin_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url("children", "HZ-A-1"), **HX).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(30):
        child = make_org(f"HZ-A-1-X{i}", f"工会{i}", "grassroots", tree.a1)
        make_org(f"HZ-A-1-X{i}-G", f"子工会{i}", "grassroots", child)
        make_member(child)
    assert count() == before


def test_tree_search(client, users):
    client.force_login(users.admin_a)
    html = client.get(url("tree") + "?q=科技").content.decode()
    assert "某科技公司工会" in html
    html = client.get(url("tree") + "?q=滨江").content.decode()
    assert "没有找到匹配的组织" in html


def test_lookup_stays_in_scope(client, users):
    client.force_login(users.admin_a)
    html = client.get(url("lookup") + "?q=公司", **HX).content.decode()
    assert "HZ-A-1-01" in html and "HZ-B-01" not in html
    html = client.get(url("lookup") + "?param=org&org=公司", **HX).content.decode()
    assert "HZ-A-1-01" in html


# --- IDOR: out-of-scope codes answer like missing ones ---------------------------------------


@pytest.mark.parametrize("code", ["HZ-B", "HZ-B-01", "HZ", "NOPE"])
@pytest.mark.parametrize("name", ["detail", "children", "create", "edit", "move"])
def test_outside_scope_is_404(client, users, name, code):
    client.force_login(users.admin_a)
    assert client.get(url(name, code)).status_code == 404
    if name in ("create", "edit", "move"):
        data = {"code": "X1", "name": "x", "level": "city", "kind": "union", "parent": "HZ-A"}
        assert client.post(url(name, code), data).status_code == 404
    assert not Organization.objects.filter(code="X1").exists()
    assert not Organization.objects.filter(name="x").exists()


# --- detail -------------------------------------------------------------------------------


def test_detail_breadcrumbs_stay_in_scope(client, users, members):
    client.force_login(users.admin_a)
    html = client.get(url("detail", "HZ-A-1-01")).content.decode()
    assert "西湖区总工会" in html and "北山街道总工会" in html
    assert "杭州市总工会" not in html


def test_detail_shows_subtree_member_count_children_and_users(client, users, members):
    client.force_login(users.admin_a)
    html = client.get(url("detail", "HZ-A")).content.decode()
    assert "北山街道总工会" in html
    assert "staff_a" in html and "viewer_a" in html
    assert f"{reverse('members:list')}?org=HZ-A" in html
    assert ">2<" in html  # 张三 and 李四


def test_detail_for_viewer_hides_users_and_write_links(client, users):
    client.force_login(users.viewer_a)
    html = client.get(url("detail", "HZ-A")).content.decode()
    assert "staff_a" not in html
    assert url("edit", "HZ-A") not in html


# --- create / edit / move -------------------------------------------------------------------


def test_admin_creates_child(client, users, tree):
    client.force_login(users.admin_a)
    response = client.post(
        url("create", "HZ-A-1"),
        {"code": "HZ-A-1-02", "name": "新工会", "level": "grassroots", "kind": "union"},
    )
    assert response.status_code == 302
    org = Organization.objects.get(code="HZ-A-1-02")
    assert org.parent == tree.a1 and org.path == "/HZ/HZ-A/HZ-A-1/HZ-A-1-02/"
    assert AuditEntry.objects.filter(action="org.create", target_id="HZ-A-1-02").exists()


def test_create_duplicate_code_shows_error(client, users):
    client.force_login(users.admin_a)
    response = client.post(
        url("create", "HZ-A-1"),
        {"code": "HZ-B", "name": "重复", "level": "grassroots", "kind": "union"},
    )
    assert response.status_code == 200
    assert "已被使用" in response.content.decode()


def test_create_bad_code_shows_error(client, users):
    client.force_login(users.admin_a)
    response = client.post(
        url("create", "HZ-A-1"),
        {"code": "带 空格", "name": "x", "level": "grassroots", "kind": "union"},
    )
    assert response.status_code == 200
    assert "编码只能包含" in response.content.decode()
    assert not Organization.objects.filter(name="x").exists()


def test_admin_edits_org(client, users, tree):
    client.force_login(users.admin_a)
    response = client.post(
        url("edit", "HZ-A-1"),
        {"name": "北山街道总工会（新）", "level": "township", "kind": "union"},
    )
    assert response.status_code == 302
    tree.a1.refresh_from_db()
    assert tree.a1.name == "北山街道总工会（新）" and tree.a1.is_active is False


def test_admin_moves_org_within_scope(client, users, tree):
    client.force_login(users.admin_a)
    response = client.post(url("move", "HZ-A-1-01"), {"parent": "HZ-A"})
    assert response.status_code == 302
    tree.a1g.refresh_from_db()
    assert tree.a1g.parent == tree.a and tree.a1g.path == "/HZ/HZ-A/HZ-A-1-01/"


@pytest.mark.parametrize("target", ["HZ-B", "HZ-B-01", "HZ", "NOPE"])
def test_move_outside_scope_is_404_and_changes_nothing(client, users, tree, target):
    client.force_login(users.admin_a)
    response = client.post(url("move", "HZ-A-1-01"), {"parent": target})
    assert response.status_code == 404
    tree.a1g.refresh_from_db()
    assert tree.a1g.parent == tree.a1 and tree.a1g.path == "/HZ/HZ-A/HZ-A-1/HZ-A-1-01/"
    assert not AuditEntry.objects.filter(action="org.move").exists()


def test_move_under_own_descendant_shows_error(client, users, tree):
    client.force_login(users.admin_a)
    response = client.post(url("move", "HZ-A-1"), {"parent": "HZ-A-1-01"})
    assert response.status_code == 200
    assert "不能把组织移动到它自己或其下级组织之下" in response.content.decode()
    tree.a1.refresh_from_db()
    assert tree.a1.parent == tree.a


def test_move_parent_choices_are_in_scope(client, users):
    client.force_login(users.admin_a)
    html = client.get(url("move", "HZ-A-1-01")).content.decode()
    assert 'value="HZ-A"' in html and 'value="HZ-B"' not in html
