"""The limit on the public certificate verification page, per client network
(kesu.core.ratelimit; KESU_VERIFY_RATE_PER_IP per minute, setting or environment)."""

from __future__ import annotations

from kesu.core import ratelimit

DEFAULT_PER_IP = 30


def verify_allowed(ip: str | None) -> bool:
    """Count one lookup; False once this IP has used up this minute's lookups."""
    per_ip = ratelimit.limit("KESU_VERIFY_RATE_PER_IP", DEFAULT_PER_IP)
    return ratelimit.hit(f"verify:{ratelimit.address_key(ip)}", per_ip)
