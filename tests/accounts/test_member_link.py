"""Linking a member-role login to its roster Member: rules, the user form, the CLI."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404

from kesu.accounts.models import User
from kesu.accounts.services import AccountError, user_create, user_update
from kesu.audit.models import AuditEntry
from tests.factories import make_member, new_id_number

PW = "a-long-enough-pass"


@pytest.fixture
def roster(tree):
    id_a, id_b = new_id_number(), new_id_number()
    return {
        "a": make_member(tree.a1g, name="张三", id_number=id_a),
        "b": make_member(tree.bg, name="王五", id_number=id_b),
        "id_a": id_a,
        "id_b": id_b,
    }


def _create(actor, org, member, role="member", username="m1"):
    return user_create(
        actor=actor, username=username, org=org, role=role, password=PW, member=member
    )


def test_member_role_links_and_is_audited_masked(users, tree, roster):
    user = _create(users.admin_a, tree.a1g, roster["a"])
    assert User.objects.get(pk=user.pk).member == roster["a"]
    assert roster["a"].account == user
    entry = AuditEntry.objects.get(action="user.create", target_id=str(user.pk))
    linked = entry.changes["member"][1]
    assert linked.startswith("张三（") and roster["id_a"] not in linked
    assert roster["id_a"][-4:] in linked


def test_only_member_role_may_link(users, tree, roster):
    with pytest.raises(AccountError) as exc:
        _create(users.admin_a, tree.a, roster["a"], role="staff")
    assert exc.value.field == "member" and "会员" in exc.value.message
    assert not User.objects.filter(username="m1").exists()


def test_member_outside_scope_is_not_found(users, tree, roster):
    with pytest.raises(Http404):
        _create(users.admin_a, tree.a1g, roster["b"])
    assert not User.objects.filter(username="m1").exists()


def test_member_linked_once(users, tree, roster):
    _create(users.admin_a, tree.a1g, roster["a"])
    with pytest.raises(AccountError) as exc:
        _create(users.admin_a, tree.a1g, roster["a"], username="m2")
    assert exc.value.field == "member"
    with pytest.raises(AccountError):
        user_update(actor=users.admin_a, user=users.member_a, member=roster["a"])


def test_update_links_unlinks_and_audits(users, roster):
    user_update(actor=users.admin_a, user=users.member_a, member=roster["a"])
    users.member_a.refresh_from_db()
    assert users.member_a.member == roster["a"]
    entry = AuditEntry.objects.filter(action="user.update").latest("pk")
    assert entry.changes["member"][0] is None and entry.changes["member"][1].startswith("张三")
    # keeping (member omitted) leaves the link; a role change away from member is refused
    user_update(actor=users.admin_a, user=users.member_a, display_name="张三")
    assert User.objects.get(pk=users.member_a.pk).member == roster["a"]
    with pytest.raises(AccountError):
        user_update(actor=users.admin_a, user=users.member_a, role="viewer")
    user_update(actor=users.admin_a, user=users.member_a, role="viewer", member=None)
    assert User.objects.get(pk=users.member_a.pk).member is None


def test_create_form_resolves_id_number_in_scope(client, users, tree, roster):
    client.force_login(users.admin_a)
    data = {"username": "m1", "org": tree.a1g.code, "role": "member", "password": PW}
    response = client.post("/accounts/users/new/", {**data, "member": roster["id_a"]})
    assert response.status_code == 302, response.content.decode()
    assert User.objects.get(username="m1").member == roster["a"]


@pytest.mark.parametrize("which", ["out_of_scope", "unknown"])
def test_create_form_refuses_id_number_outside_scope(client, users, tree, roster, which):
    client.force_login(users.admin_a)
    number = roster["id_b"] if which == "out_of_scope" else new_id_number()
    data = {"username": "m1", "org": tree.a1g.code, "role": "member", "password": PW}
    response = client.post("/accounts/users/new/", {**data, "member": number})
    assert response.status_code == 200
    assert "本辖区名册中没有该身份证号" in response.content.decode()
    assert not User.objects.filter(username="m1").exists()


def test_edit_form_links_and_unlinks(client, users, roster):
    client.force_login(users.admin_a)
    url = f"/accounts/users/{users.member_a.pk}/"
    data = {"role": "member", "is_active": "on", "display_name": ""}
    assert client.post(url, {**data, "member": roster["id_a"]}).status_code == 302
    assert User.objects.get(pk=users.member_a.pk).member == roster["a"]
    page = client.get(url).content.decode()
    assert "张三（" in page and roster["id_a"] not in page
    assert client.post(url, {**data, "member": ""}).status_code == 302
    assert User.objects.get(pk=users.member_a.pk).member == roster["a"]
    assert client.post(url, {**data, "unlink_member": "on"}).status_code == 302
    assert User.objects.get(pk=users.member_a.pk).member is None


def test_cli_member_id_number(tree, roster, capsys):
    call_command(
        "users",
        "create",
        "--username",
        "m9",
        "--org",
        tree.bg.code,
        "--role",
        "member",
        "--password",
        PW,
        "--member-id-number",
        roster["id_b"],
    )
    assert User.objects.get(username="m9").member == roster["b"]
    with pytest.raises(CommandError, match="本辖区名册中没有该身份证号"):
        call_command(
            "users",
            "create",
            "--username",
            "m10",
            "--org",
            tree.bg.code,
            "--role",
            "member",
            "--password",
            PW,
            "--member-id-number",
            new_id_number(),
        )
    with pytest.raises(CommandError, match="会员"):
        call_command(
            "users",
            "create",
            "--username",
            "m11",
            "--org",
            tree.bg.code,
            "--role",
            "staff",
            "--password",
            PW,
            "--member-id-number",
            roster["id_a"],
        )
