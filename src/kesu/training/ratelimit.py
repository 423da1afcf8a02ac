"""A fixed-window limit on the public certificate verification page (per client IP), counted
in Django's cache like kesu.checkin.ratelimit. KESU_VERIFY_RATE_PER_IP sets the limit per
minute (setting or environment variable)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from kesu.core.env import env_int

DEFAULT_PER_IP = 30
WINDOW_SECONDS = 60


def verify_allowed(ip: str | None) -> bool:
    """Count one lookup; False once this IP has used up this minute's lookups."""
    configured = getattr(settings, "KESU_VERIFY_RATE_PER_IP", None)
    limit = (
        int(configured)
        if configured is not None
        else env_int("KESU_VERIFY_RATE_PER_IP", DEFAULT_PER_IP, minimum=1)
    )
    key = f"kesu:verify:{ip or '-'}:{int(time.time()) // WINDOW_SECONDS}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return count <= limit
