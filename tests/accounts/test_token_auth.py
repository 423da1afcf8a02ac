"""Bearer-token authentication: one hand-written SELECT of token, user and organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kesu.accounts.models import ApiToken
from kesu.accounts.services import token_authenticate, token_create, token_revoke

pytestmark = pytest.mark.django_db


def test_user_as_the_orm_gives_it_with_org_loaded(users):
    token, plain = token_create(user=users.staff_a)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    with CaptureQueriesContext(connection) as ctx:
        user = token_authenticate(plain)
        assert user.org.path == users.staff_a.org.path and user.org.code == "HZ-A"
    assert len(ctx.captured_queries) == 1  # no UPDATE within the minute, org preloaded
    fresh = type(users.staff_a).objects.get(pk=users.staff_a.pk)
    for field in fresh._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(fresh, field.attname), field.name
    assert isinstance(user.is_active, bool) and user.get_deferred_fields() == set()


def test_last_used_refreshed_at_most_once_a_minute(users):
    token, plain = token_create(user=users.admin_a)
    assert token_authenticate(plain) == users.admin_a
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None and timezone.now() - first < dt.timedelta(seconds=30)
    with CaptureQueriesContext(connection) as ctx:
        token_authenticate(plain)
    assert len(ctx.captured_queries) == 1
    stale = timezone.now() - dt.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    token_authenticate(plain)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > stale


def test_user_without_org(users):
    _, plain = token_create(user=users.root)
    user = token_authenticate(plain)
    assert user == users.root and user.org is None and user.is_superuser


def test_revoked_inactive_and_unknown_tokens_refused(users):
    token, plain = token_create(user=users.staff_a)
    assert token_authenticate(plain) is not None
    token_revoke(user=users.staff_a, token_id=token.pk)
    assert token_authenticate(plain) is None  # at once: nothing is cached between requests
    _, plain = token_create(user=users.viewer_a)
    users.viewer_a.is_active = False
    users.viewer_a.save()
    assert token_authenticate(plain) is None
    assert token_authenticate("ksu_" + "0" * 43) is None
    assert token_authenticate("") is None


def test_api_request_without_cookies_sets_none(users):
    _, plain = token_create(user=users.admin_a)
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 200 and response.json()["username"] == "admin_a"
    assert not response.cookies  # no session or CSRF cookie for a token client
    assert "Content-Security-Policy" in response.headers
