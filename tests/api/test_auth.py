"""Authentication: bearer tokens and browser sessions (with CSRF), and the token endpoints."""

from __future__ import annotations

import pytest
from django.test import Client

from kesu.accounts.models import ApiToken
from kesu.accounts.services import token_create, token_revoke
from kesu.audit.models import AuditEntry
from tests.api.conftest import ApiClient, error

pytestmark = pytest.mark.django_db

URLS = ["/api/v1/me", "/api/v1/orgs", "/api/v1/members", "/api/v1/tokens"]


@pytest.mark.parametrize("url", URLS)
def test_no_credentials_is_401(url):
    response = Client().get(url)
    assert response.status_code == 401
    assert error(response)["code"] == "unauthorized"
    assert "令牌" in error(response)["message"]


@pytest.mark.parametrize(
    "header", ["Bearer nonsense", "Bearer ksu_not-a-real-token", "Bearer ", "Basic Zm9vOmJhcg=="]
)
def test_bad_token_is_401(users, header):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert error(response)["code"] == "unauthorized"


def test_revoked_token_is_401(users):
    token, plain = token_create(user=users.admin_a, name="脚本")
    client = ApiClient(plain)
    assert client.get("/api/v1/me").status_code == 200
    token_revoke(user=users.admin_a, token_id=token.pk)
    assert client.get("/api/v1/me").status_code == 401


def test_inactive_users_token_is_401(users):
    _, plain = token_create(user=users.staff_a)
    users.staff_a.is_active = False
    users.staff_a.save()
    assert ApiClient(plain).get("/api/v1/me").status_code == 401


def test_bad_token_does_not_fall_back_to_session(users):
    client = Client()
    client.force_login(users.admin_a)
    assert client.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_token_identifies_user(users, api_as):
    body = api_as("staff_a").get("/api/v1/me").json()
    assert body["username"] == "staff_a"
    assert body["org"] == {"code": "HZ-A", "name": "西湖区总工会"}
    assert (body["can_view"], body["can_change"], body["can_manage"]) == (True, True, False)
    assert body["can_view_pii"] is False


def test_session_auth_reads(users, members):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.admin_a)
    response = client.get("/api/v1/members")
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_session_auth_enforces_csrf_on_writes(users, tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users.admin_a)
    body = '{"code": "HZ-A-9", "name": "新组织", "level": "township", "parent": "HZ-A"}'
    response = client.post("/api/v1/orgs", body, content_type="application/json")
    assert response.status_code == 403
    assert error(response)["code"] == "csrf_failed"
    assert not tree.a.children.filter(code="HZ-A-9").exists()

    # With the token the docs page (or any page) hands out, the same write goes through.
    client.get("/api/v1/docs")
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/orgs", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 201, response.content


def test_bearer_writes_need_no_csrf(users, tree):
    _, plain = token_create(user=users.admin_a)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/orgs",
        {"code": "HZ-A-9", "name": "新组织", "level": "township", "parent": "HZ-A"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )
    assert response.status_code == 201


def test_anonymous_post_is_401_not_csrf(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/tokens", {}, content_type="application/json")
    assert response.status_code == 401


def test_token_lifecycle(users, api_as):
    client = api_as("viewer_a")
    created = client.post("/api/v1/tokens", {"name": "统计脚本"})
    assert created.status_code == 201
    plain = created.json()["token"]
    assert plain.startswith("ksu_") and created.json()["prefix"] == plain[:12]
    # The plain value is never stored nor listed again.
    assert not ApiToken.objects.filter(digest=plain).exists()
    listed = client.get("/api/v1/tokens").json()
    assert {t["name"] for t in listed} == {"test", "统计脚本"}
    assert all("token" not in t for t in listed)

    new_client = ApiClient(plain)
    assert new_client.get("/api/v1/me").json()["username"] == "viewer_a"
    token_id = created.json()["id"]
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204
    assert new_client.get("/api/v1/me").status_code == 401
    # Revoking twice, or revoking what does not exist, is the same 404.
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 404
    assert client.delete("/api/v1/tokens/999999").status_code == 404
    assert AuditEntry.objects.filter(action="token.revoke", actor=users.viewer_a).count() == 1


def test_cannot_list_or_revoke_someone_elses_token(users, api_as):
    other, other_plain = token_create(user=users.admin_b, name="别人的")
    client = api_as("admin_a")
    assert "别人的" not in {t["name"] for t in client.get("/api/v1/tokens").json()}
    missing = client.delete("/api/v1/tokens/999999")
    response = client.delete(f"/api/v1/tokens/{other.pk}")
    assert response.status_code == 404
    assert response.json() == missing.json()
    assert ApiClient(other_plain).get("/api/v1/me").status_code == 200


def test_token_name_too_long_is_validation_error(api_as):
    response = api_as("admin_a").post("/api/v1/tokens", {"name": "x" * 61})
    assert response.status_code == 422
    err = error(response)
    assert err["code"] == "validation_error"
    assert err["fields"] == {"name": "最多60个字符"}
    assert "令牌名称" in err["message"]
