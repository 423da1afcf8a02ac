from __future__ import annotations

import pytest
from django.urls import reverse

from kesu.accounts.models import ApiToken, User
from kesu.audit.models import AuditEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


# --- login, lockout, logout, password ---------------------------------------------------


def test_login_page_is_chinese(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "用户名" in html and "密码" in html and "登录" in html


def test_login_with_right_password(client, users):
    response = client.post(reverse("accounts:login"), {"username": "admin_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("orgs:tree")).status_code == 200


def test_wrong_password_shows_chinese_error(client, users):
    response = client.post(reverse("accounts:login"), {"username": "admin_a", "password": "nope"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_lockout_after_five_failures(client, users):
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(url, {"username": "staff_a", "password": "wrong-password"})
    # Even the right password is refused now, with the Chinese lockout page.
    response = client.post(url, {"username": "staff_a", "password": PASSWORD})
    assert response.status_code in (403, 429)
    html = response.content.decode()
    assert "锁定" in html and "15" in html
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, users):
    url = reverse("accounts:login")
    for _ in range(4):
        client.post(url, {"username": "staff_a", "password": "wrong-password"})
    assert client.post(url, {"username": "staff_a", "password": PASSWORD}).status_code == 302


def test_logout_is_post_only(client, users):
    client.force_login(users.staff_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("orgs:tree")).status_code == 302


def test_password_change_rejects_short_password(client, users):
    client.force_login(users.staff_a)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "Short-pw1", "new_password2": "Short-pw1"},
    )
    assert response.status_code == 200
    assert "12" in response.content.decode()
    users.staff_a.refresh_from_db()
    assert users.staff_a.check_password(PASSWORD)


def test_password_change_accepts_long_password(client, users):
    client.force_login(users.staff_a)
    new = "a-much-longer-passphrase-2024"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    users.staff_a.refresh_from_db()
    assert users.staff_a.check_password(new)


def test_password_change_needs_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- user management ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["users", "user_create"])
def test_user_pages_require_login(client, name):
    response = client.get(reverse(f"accounts:{name}"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("role", ["member_a", "viewer_a", "staff_a"])
@pytest.mark.parametrize("name", ["users", "user_create"])
def test_user_pages_are_for_admins_only(client, users, role, name):
    client.force_login(getattr(users, role))
    assert client.get(reverse(f"accounts:{name}")).status_code == 403


def test_user_edit_is_for_admins_only(client, users):
    client.force_login(users.staff_a)
    assert client.get(reverse("accounts:user_edit", args=[users.viewer_a.pk])).status_code == 403


def test_admin_sees_users_of_own_subtree_only(client, users):
    client.force_login(users.admin_a)
    html = client.get(reverse("accounts:users")).content.decode()
    assert "staff_a" in html and "member_a" in html
    assert "admin_b" not in html and "city_admin" not in html


def test_admin_creates_user_in_subtree(client, users, tree, password):
    client.force_login(users.admin_a)
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "new_staff", "org": "HZ-A-1", "role": "staff", "password": password},
    )
    assert response.status_code == 302
    created = User.objects.get(username="new_staff")
    assert created.org == tree.a1 and created.role == "staff"
    assert AuditEntry.objects.filter(action="user.create", target_repr="new_staff").exists()


def test_user_create_org_choice_is_limited_to_scope(client, users):
    client.force_login(users.admin_a)
    html = client.get(reverse("accounts:user_create")).content.decode()
    assert 'value="HZ-A-1"' in html
    assert 'value="HZ-B"' not in html and 'value="HZ"' not in html


def test_user_create_outside_subtree_is_404(client, users, password):
    client.force_login(users.admin_a)
    for code in ("HZ-B", "NO-SUCH-ORG"):
        response = client.post(
            reverse("accounts:user_create"),
            {"username": "sneaky", "org": code, "role": "admin", "password": password},
        )
        assert response.status_code == 404
    assert not User.objects.filter(username="sneaky").exists()


def test_user_create_short_password_shows_error(client, users):
    client.force_login(users.admin_a)
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "weak", "org": "HZ-A", "role": "viewer", "password": "short-1"},
    )
    assert response.status_code == 200
    assert "12" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_user_create_duplicate_username_shows_error(client, users, password):
    client.force_login(users.admin_a)
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "staff_a", "org": "HZ-A", "role": "viewer", "password": password},
    )
    assert response.status_code == 200
    assert "已存在" in response.content.decode()


def test_admin_edits_role_active_and_password(client, users):
    client.force_login(users.admin_a)
    new = "another-long-passphrase-99"
    response = client.post(
        reverse("accounts:user_edit", args=[users.staff_a.pk]),
        {"role": "viewer", "display_name": "小王", "password": new},
    )
    assert response.status_code == 302
    users.staff_a.refresh_from_db()
    assert users.staff_a.role == "viewer"
    assert users.staff_a.is_active is False  # unchecked box
    assert users.staff_a.check_password(new)


def test_user_edit_short_password_rejected(client, users):
    client.force_login(users.admin_a)
    response = client.post(
        reverse("accounts:user_edit", args=[users.staff_a.pk]),
        {"role": "staff", "is_active": "on", "password": "tooshort"},
    )
    assert response.status_code == 200
    users.staff_a.refresh_from_db()
    assert users.staff_a.check_password(PASSWORD)


def test_user_edit_of_outsider_is_404(client, users):
    client.force_login(users.admin_a)
    for pk in (users.admin_b.pk, users.city_admin.pk, users.root.pk, 999999):
        url = reverse("accounts:user_edit", args=[pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"role": "member"}).status_code == 404
    users.admin_b.refresh_from_db()
    assert users.admin_b.role == "admin"


def test_admin_cannot_demote_self(client, users):
    client.force_login(users.admin_a)
    response = client.post(
        reverse("accounts:user_edit", args=[users.admin_a.pk]),
        {"role": "viewer", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "不能修改自己的角色" in response.content.decode()


# --- API tokens ---------------------------------------------------------------------------


def test_tokens_require_login(client):
    assert client.get(reverse("accounts:tokens")).status_code == 302


def test_token_shown_once_with_copy_button(client, users):
    client.force_login(users.viewer_a)
    response = client.post(reverse("accounts:tokens"), {"name": "报表脚本"})
    html = response.content.decode()
    token = ApiToken.objects.get(user=users.viewer_a)
    assert token.name == "报表脚本"
    assert token.prefix in html and "ksu_" in html and "data-copy" in html
    assert response.headers["Cache-Control"] == "no-store"
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert 'id="new-token"' not in again


def test_token_revoke(client, users):
    from kesu.accounts.services import token_create

    token, _plain = token_create(user=users.staff_a, name="x")
    client.force_login(users.staff_a)
    assert client.get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(client, users):
    from kesu.accounts.services import token_create

    token, _plain = token_create(user=users.admin_b, name="b")
    client.force_login(users.admin_a)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
