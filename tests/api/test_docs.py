"""The OpenAPI document and the interactive docs page (local assets only, strict CSP)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/me": {"get"},
    "/api/v1/tokens": {"get", "post"},
    "/api/v1/tokens/{token_id}": {"delete"},
    "/api/v1/orgs": {"get", "post"},
    "/api/v1/orgs/{code}": {"get", "patch"},
    "/api/v1/members": {"get", "post"},
    "/api/v1/members/{member_id}": {"get", "patch"},
    "/api/v1/members/{member_id}/transfer": {"post"},
}


def test_openapi_lists_every_path_with_both_auth_schemes():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    for path, methods in PATHS.items():
        assert set(doc["paths"][path]) >= methods, path
    schemes = doc["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    member_get = doc["paths"]["/api/v1/members"]["get"]
    params = {p["name"] for p in member_get["parameters"]}
    assert params == {
        "q",
        "org",
        "gender",
        "age_band",
        "education",
        "migrant",
        "status",
        "page",
        "page_size",
    }
    assert "404" in doc["paths"]["/api/v1/members/{member_id}"]["get"]["responses"]


def test_docs_page_uses_only_local_assets_under_csp():
    client = Client()
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    # No CDN, no absolute or protocol-relative URL anywhere in the page.
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, re.IGNORECASE), html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    # The only inline <script> is inert JSON read by the bundled init script.
    for attrs, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.DOTALL):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_unknown_api_paths_and_methods_keep_the_error_shape(client):
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"code": "not_found", "message": "接口不存在，请查看 /api/v1/docs", "fields": {}}
    }
    wrong = client.put("/api/v1/orgs")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert "GET" in wrong["Allow"]
