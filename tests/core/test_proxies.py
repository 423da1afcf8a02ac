"""The client address behind trusted proxies: X-Forwarded-For counts only from a configured
proxy, and every limit that counts addresses (check-in, certificate checks, login lockout)
uses it."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from kesu.core.env import env_networks
from kesu.core.proxies import ForwardedHeadersGuard, client_ip, parse_address
from kesu.core.ratelimit import address_key

PROXY = "10.1.2.3"


def request(remote: str, forwarded: str | None = None, **meta):
    extra = {"REMOTE_ADDR": remote, **meta}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.KESU_TRUSTED_PROXIES = []
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    assert client_ip(None) is None


def test_a_trusted_proxy_names_the_client(settings):
    settings.KESU_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request(PROXY, "203.0.113.9")) == "203.0.113.9"
    # Read from the right: what the client wrote itself (the left part) is not believed,
    # hops that are themselves trusted proxies are skipped.
    assert client_ip(request(PROXY, "1.1.1.1, 203.0.113.9, 10.9.9.9")) == "203.0.113.9"
    assert client_ip(request(PROXY, "203.0.113.9:51234")) == "203.0.113.9"
    assert client_ip(request(PROXY, "[2001:db8::5]:443")) == "2001:db8::5"
    assert client_ip(request(f"::ffff:{PROXY}", "203.0.113.9")) == "203.0.113.9"
    # Nothing usable after the proxy: the proxy's own address, never a guess.
    assert client_ip(request(PROXY)) == PROXY
    assert client_ip(request(PROXY, "not-an-address")) == PROXY


def test_an_untrusted_sender_cannot_choose_its_address(settings):
    settings.KESU_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request("198.51.100.7", "10.1.1.1")) == "198.51.100.7"
    assert client_ip(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_guard_drops_forwarding_headers_from_untrusted_senders(settings):
    settings.KESU_TRUSTED_PROXIES = [PROXY]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    seen = {}

    def view(req):
        seen["secure"] = req.is_secure()
        seen["forwarded"] = req.META.get("HTTP_X_FORWARDED_FOR")
        return HttpResponse()

    guard = ForwardedHeadersGuard(view)
    guard(request("198.51.100.7", "203.0.113.9", HTTP_X_FORWARDED_PROTO="https"))
    assert seen == {"secure": False, "forwarded": None}
    guard(request(PROXY, "203.0.113.9", HTTP_X_FORWARDED_PROTO="https"))
    assert seen == {"secure": True, "forwarded": "203.0.113.9"}


def test_trusted_proxies_setting_is_validated(monkeypatch):
    monkeypatch.setenv("KESU_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8 ,::1")
    assert env_networks("KESU_TRUSTED_PROXIES") == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    monkeypatch.setenv("KESU_TRUSTED_PROXIES", "10.0.0.0/8,proxy.local")
    with pytest.raises(ImproperlyConfigured, match="proxy.local"):
        env_networks("KESU_TRUSTED_PROXIES")


def test_ipv6_clients_count_per_64():
    assert address_key("2001:db8:1:2::5") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:3::5") != address_key("2001:db8:1:2::5")
    assert address_key("203.0.113.9") == "203.0.113.9"
    assert parse_address("garbage") is None


def test_login_lockout_counts_the_forwarded_client(settings):
    settings.KESU_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert get_client_ip_address(request(PROXY, "203.0.113.9")) == "203.0.113.9"
    assert get_client_ip_address(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@pytest.mark.django_db
def test_login_lockout_behind_a_proxy_is_per_client(client, users, settings, password):
    settings.KESU_TRUSTED_PROXIES = [PROXY]
    url = reverse("accounts:login")
    for _ in range(5):
        client.post(
            url,
            {"username": "staff_a", "password": "wrong-password"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    locked = client.post(
        url,
        {"username": "staff_a", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert locked.status_code in (403, 429)
    # Another visitor behind the same proxy is not locked out by the first one's failures.
    other = client.post(
        url,
        {"username": "staff_a", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert other.status_code == 302


@pytest.mark.django_db
def test_certificate_checks_behind_a_proxy_are_counted_per_client(client, settings):
    settings.KESU_TRUSTED_PROXIES = [PROXY]
    settings.KESU_VERIFY_RATE_PER_IP = 2
    url = reverse("training:verify_code", args=["NO-SUCH"])

    def status(forwarded: str) -> int:
        return client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [status("203.0.113.9") for _ in range(3)] == [404, 404, 429]
    assert status("198.51.100.20") == 404
