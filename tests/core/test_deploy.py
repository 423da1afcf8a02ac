"""Production is HTTPS only by default (HSTS, redirect) with documented ways off behind a
TLS proxy, and the error pages are Chinese, in the site's layout, with no detail."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.urls import path, reverse

from kesu import urls as site_urls
from kesu.core import error_pages

# Runs `check --deploy` and reports the settings it ran with, in a fresh interpreter.
_SCRIPT = """
import io, json, django
from django.conf import settings
from django.core.management import call_command
django.setup()
out = io.StringIO()
call_command("check", deploy=True, stdout=out, stderr=out)
print(json.dumps({"check": out.getvalue(), "hsts": settings.SECURE_HSTS_SECONDS,
                  "redirect": settings.SECURE_SSL_REDIRECT,
                  "proxy_header": settings.SECURE_PROXY_SSL_HEADER}))
"""


def _production(tmp_path, **env) -> dict:
    # The browser tests' conftest allows async-unsafe ORM calls in this process; a deployment
    # never would, and the deploy check rightly refuses it.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KESU_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="kesu.settings",
        KESU_DATA_DIR=str(tmp_path),
        KESU_PRODUCTION="true",
        KESU_SECRET_KEY="s-" + "9aZ#" * 16,
        KESU_DATA_KEY="d" * 40,
        KESU_ALLOWED_HOSTS="kesu.example.cn",
        **env,
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _SCRIPT], env=clean, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults_pass_the_deploy_check(tmp_path):
    report = _production(tmp_path)
    assert "W004" not in report["check"] and "W008" not in report["check"]
    assert "no issues" in report["check"]
    assert report["hsts"] == 365 * 24 * 3600 and report["redirect"] is True
    # No trusted proxy: X-Forwarded-Proto is not believed.
    assert report["proxy_header"] is None


def test_behind_a_tls_proxy_both_can_be_turned_off(tmp_path):
    report = _production(
        tmp_path, KESU_HSTS_SECONDS="0", KESU_SSL_REDIRECT="false", KESU_TRUSTED_PROXIES="127.0.0.1"
    )
    assert (report["hsts"], report["redirect"]) == (0, False)
    assert report["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "W004" not in report["check"] and "W008" not in report["check"]


def _boom(request):
    raise RuntimeError("secret detail: database password is hunter2")


urlpatterns = [path("boom/", _boom), *site_urls.urlpatterns]
handler500 = "kesu.core.error_pages.server_error"


@pytest.mark.django_db
def test_404_page_is_chinese_in_the_layout(client, users):
    client.force_login(users.admin_a)
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "未找到" in body and 'class="topbar"' in body and "主导航" in body
    assert "Not Found" not in body and "no-such-page" not in body


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_is_chinese_in_the_layout_without_detail():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错" in body and 'class="topbar"' in body and "科素" in body
    assert "hunter2" not in body and "RuntimeError" not in body and "Server Error" not in body


def test_500_page_needs_no_database(monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr(connection, "cursor", no_database)
    response = error_pages.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "服务器出错" in response.content.decode()


def test_500_page_falls_back_to_a_fixed_page(monkeypatch):
    def broken(name):
        raise RuntimeError("template broken")

    monkeypatch.setattr(error_pages.loader, "get_template", broken)
    response = error_pages.server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500 and "服务器出错" in body and "broken" not in body


@pytest.mark.django_db
def test_csrf_failure_page_is_chinese(users):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    body = response.content.decode()
    assert response.status_code == 403 and "页面已过期" in body
    assert "cookie not set" not in body and "Forbidden" not in body


@pytest.mark.django_db
def test_health_check_is_not_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("accounts:login")).status_code == 301
