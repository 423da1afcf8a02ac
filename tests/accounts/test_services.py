import pytest
from django.http import Http404

from kesu.accounts.models import ApiToken, User
from kesu.accounts.services import (
    AccountError,
    token_authenticate,
    token_create,
    token_revoke,
    user_create,
    user_update,
)
from kesu.audit.models import AuditEntry
from kesu.orgs import access


def test_admin_creates_user_in_subtree_with_strong_password(users, tree):
    user = user_create(
        actor=users.admin_a,
        username="new_staff",
        org=tree.a1g,
        role="staff",
        password="a-long-enough-pass",
    )
    assert user.check_password("a-long-enough-pass")
    assert AuditEntry.objects.filter(action="user.create", target_id=str(user.pk)).exists()


def test_short_password_rejected_in_chinese(users, tree):
    with pytest.raises(AccountError) as exc:
        user_create(
            actor=users.admin_a, username="weak", org=tree.a, role="staff", password="short1!"
        )
    assert "12" in exc.value.message
    assert not User.objects.filter(username="weak").exists()


def test_cannot_create_users_outside_scope_or_without_manage(users, tree):
    with pytest.raises(Http404):
        user_create(
            actor=users.admin_a,
            username="x",
            org=tree.b,
            role="staff",
            password="a-long-enough-pass",
        )
    with pytest.raises(access.Forbidden):
        user_create(
            actor=users.staff_a,
            username="y",
            org=tree.a,
            role="staff",
            password="a-long-enough-pass",
        )


def test_admin_cannot_demote_self(users):
    with pytest.raises(AccountError):
        user_update(actor=users.admin_a, user=users.admin_a, role="viewer")


def test_token_lifecycle(users):
    token, plain = token_create(user=users.staff_a, name="脚本")
    assert plain.startswith("ksu_") and plain not in token.digest
    assert token_authenticate(plain) == users.staff_a
    assert token_authenticate(plain + "x") is None
    token_revoke(user=users.staff_a, token_id=token.pk)
    assert token_authenticate(plain) is None
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    with pytest.raises(Http404):
        token_revoke(user=users.admin_a, token_id=token.pk)


def test_token_of_inactive_user_is_dead(users):
    _, plain = token_create(user=users.staff_a)
    users.staff_a.is_active = False
    users.staff_a.save()
    assert token_authenticate(plain) is None


def test_idle_session_expires_and_activity_extends_it(client, users, settings):
    """Idle timeout: the expiry moves forward with every request and is enforced server-side."""
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.post(
        "/accounts/login/", {"username": "staff_a", "password": "correct-horse-battery-staple"}
    )
    assert client.get("/members/").status_code == 200
    session = Session.objects.get()
    left = session.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    # Idle past the limit: the next request is sent to the login page.
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/members/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
