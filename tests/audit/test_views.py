from __future__ import annotations

import pytest
from django.urls import reverse

from kesu.members.services import member_transfer, member_update
from kesu.orgs.services import org_update

pytestmark = pytest.mark.django_db

URL = reverse("audit:list")


def test_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ["member_a", "viewer_a", "staff_a"])
def test_non_admins_get_403(client, users, role):
    client.force_login(getattr(users, role))
    assert client.get(URL).status_code == 403


def test_admin_sees_own_subtree_only(client, users, members, tree):
    org_update(actor=users.admin_b, org=tree.b, name="滨江区总工会（改）")
    org_update(actor=users.admin_a, org=tree.a1, name="北山街道（改）")
    client.force_login(users.admin_a)
    html = client.get(URL).content.decode()
    assert "北山街道（改）" in html
    assert "滨江区总工会（改）" not in html


def test_changes_are_readable(client, users, members, tree):
    member_update(actor=users.staff_a, member=members.in_a, data={"education": "bachelor"})
    member_transfer(actor=users.staff_a, member=members.in_a, to_org=tree.a, reason="调动")
    client.force_login(users.admin_a)
    html = client.get(URL).content.decode()
    assert "修改会员" in html and "文化程度" in html and "大学本科" in html
    assert "会员转入" in html and "HZ-A-1-01" in html and "调动" in html
    assert "staff_a" in html


def test_filters(client, users, members, tree):
    member_update(actor=users.staff_a, member=members.in_a, data={"education": "bachelor"})
    org_update(actor=users.admin_a, org=tree.a1, name="北山街道（改）")
    client.force_login(users.admin_a)
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "audit-results"}
    html = client.get(URL, {"target_type": "organization"}, **headers).content.decode()
    assert "<html" not in html
    assert "北山街道（改）" in html and "修改会员" not in html
    html = client.get(URL, {"action": "member.update"}, **headers).content.decode()
    assert "修改会员" in html and "北山街道（改）" not in html


def test_reveal_shows_in_log(client, users, members):
    client.force_login(users.admin_a)
    client.post(reverse("members:reveal", args=[members.in_a.pk]))
    html = client.get(URL, {"action": "member.reveal"}).content.decode()
    assert "查看完整证件号/手机号" in html and "admin_a" in html


def test_audit_log_renders_nested_values(client, users):
    from kesu.audit.services import audit_record

    audit_record(
        actor=users.root,
        action="demo.generate",
        target_type="demo",
        org_path=users.city_admin.org.path,
        changes={"users": [[], ["a", "b"]], "detail": {"k": 1}, "seconds": [None, 1.5]},
    )
    client.force_login(users.city_admin)
    response = client.get("/audit/")
    assert response.status_code == 200
    assert "a、b" in response.content.decode()
