"""Every page obeys the strict CSP: no inline script or style, no external assets."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_ATTR = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def assert_page_is_clean(html: str, url: str) -> None:
    assert not INLINE_SCRIPT.search(html), f"{url}: inline <script>"
    assert not STYLE_ATTR.search(html), f"{url}: style= attribute"
    assert "<style" not in html.lower(), f"{url}: <style> block"
    assert not EVENT_ATTR.search(html), f"{url}: on* event attribute"
    assert "http://" not in html and "https://" not in html, f"{url}: absolute http(s) link"


def check_pages(client, urls: list[str], htmx: bool = False) -> None:
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    for url in urls:
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        assert "Content-Security-Policy" in response.headers, url
        assert_page_is_clean(response.content.decode(), url)


def admin_pages(members, users) -> list[str]:
    m = members.in_a.pk
    return [
        reverse("orgs:tree"),
        reverse("orgs:tree") + "?q=北山",
        reverse("orgs:detail", args=["HZ-A"]),
        reverse("orgs:create", args=["HZ-A"]),
        reverse("orgs:edit", args=["HZ-A-1"]),
        reverse("orgs:move", args=["HZ-A-1"]),
        reverse("members:list"),
        reverse("members:list") + "?q=张&gender=M&migrant=no",
        reverse("members:detail", args=[m]),
        reverse("members:create"),
        reverse("members:edit", args=[m]),
        reverse("members:transfer", args=[m]),
        reverse("accounts:users"),
        reverse("accounts:user_create"),
        reverse("accounts:user_edit", args=[users.staff_a.pk]),
        reverse("accounts:tokens"),
        reverse("accounts:password_change"),
        reverse("audit:list"),
    ]


@pytest.mark.django_db
def test_every_page_is_free_of_inline_code_and_external_assets(client, users, members):
    client.force_login(users.admin_a)
    check_pages(client, admin_pages(members, users))


@pytest.mark.django_db
def test_partials_are_clean_too(client, users, members):
    client.force_login(users.admin_a)
    check_pages(
        client,
        [reverse("orgs:children", args=["HZ-A"]), reverse("orgs:lookup") + "?q=北"],
        htmx=True,
    )
    response = client.post(
        reverse("members:reveal", args=[members.in_a.pk]), HTTP_HX_REQUEST="true"
    )
    assert_page_is_clean(response.content.decode(), "reveal")


@pytest.mark.django_db
def test_form_errors_and_error_pages_are_clean(client, users, members):
    client.force_login(users.admin_a)
    response = client.post(reverse("members:create"), {"org": "HZ-A", "id_number": "123"})
    assert response.status_code == 200
    assert_page_is_clean(response.content.decode(), "member form with errors")
    for url, status in [
        (reverse("orgs:detail", args=["HZ-B"]), 404),
        (reverse("members:detail", args=[999999]), 404),
    ]:
        response = client.get(url)
        assert response.status_code == status
        assert_page_is_clean(response.content.decode(), url)
    client.force_login(users.viewer_a)
    response = client.get(reverse("accounts:users"))
    assert response.status_code == 403
    assert "无权" in response.content.decode()
    assert_page_is_clean(response.content.decode(), "403")


@pytest.mark.django_db
def test_login_and_lockout_pages_are_clean(client, users):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response.headers
    assert_page_is_clean(response.content.decode(), "login")


@pytest.mark.django_db
def test_csp_header_is_strict(client, users):
    client.force_login(users.admin_a)
    policy = client.get(reverse("orgs:tree")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_static_assets_are_served_locally(client):
    from django.contrib.staticfiles import finders

    assert finders.find("kesu/css/kesu.css")
    assert finders.find("kesu/js/kesu.js")


@pytest.mark.django_db
def test_large_scope_uses_htmx_org_picker(client, users, members, monkeypatch):
    """Above SELECT_LIMIT organisations the picker is a text box with htmx suggestions."""
    monkeypatch.setattr("kesu.orgs.forms.SELECT_LIMIT", 1)
    client.force_login(users.admin_a)
    for url in (
        reverse("members:create"),
        reverse("members:list"),
        reverse("accounts:user_create"),
    ):
        html = client.get(url).content.decode()
        assert reverse("orgs:lookup") in html and "<datalist" in html, url
        assert_page_is_clean(html, url)
    response = client.post(reverse("members:transfer", args=[members.in_a.pk]), {"to_org": "HZ-B"})
    assert response.status_code == 404
