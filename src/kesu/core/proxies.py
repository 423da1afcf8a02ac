"""The client's address behind configured trusted proxies (KESU_TRUSTED_PROXIES).

Every limit that counts addresses (check-in, certificate checks, login lockout) and the
audit log ask `client_ip`. Without trusted proxies it is REMOTE_ADDR. With them, and only
for a request that arrives from one of them, X-Forwarded-For is read from the right: each
hop that is itself a trusted proxy is skipped, and the first other address is the client.
The header from anyone else is ignored, since any client can write it.

`ForwardedHeadersGuard` drops X-Forwarded-Proto and X-Forwarded-For from requests that do
not come from a trusted proxy, so SECURE_PROXY_SSL_HEADER (set only when proxies are
configured) cannot be spoofed by a client reaching the server directly.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")


@lru_cache(maxsize=8)
def _networks(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in configured)


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(getattr(settings, "KESU_TRUSTED_PROXIES", ()) or ()))


def parse_address(raw: str) -> Address | None:
    """An address as proxies write it: bare, IPv4 with a port, or [IPv6] with a port. An
    IPv4 address mapped into IPv6 (a dual-stack listener's ::ffff:10.0.0.1) is the IPv4 one."""
    text = raw.strip()
    if text.startswith("["):
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address | None, networks: Iterable[Network]) -> bool:
    return address is not None and any(address in net for net in networks)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address of the client that sent `request` (None without a request)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    networks = trusted_networks()
    if not networks or not _trusted(parse_address(remote or ""), networks):
        return remote
    client = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:  # garbage written by a trusted hop: stop at the last good one
            break
        client = str(address)
        if not _trusted(address, networks):
            break
    return client


class ForwardedHeadersGuard:
    """Forget forwarding headers that did not come from a trusted proxy (first middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        networks = trusted_networks()
        meta = request.META
        if any(key in meta for key in _FORWARDED) and not (
            networks and _trusted(parse_address(meta.get("REMOTE_ADDR") or ""), networks)
        ):
            for key in _FORWARDED:
                meta.pop(key, None)
        return self.get_response(request)
