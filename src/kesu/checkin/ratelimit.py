"""Fixed-window rate limits for public check-ins, counted in Django's cache.

Limits per minute come from settings (KESU_CHECKIN_RATE_PER_IP, …_PER_ACTIVITY) or the
environment variables of the same name, read at call time so a bench or test can raise them.
The counters live in the configured cache: with the default local-memory cache each server
process counts on its own, so N workers allow up to N times the limit.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from kesu.core.env import env_int

DEFAULT_PER_IP = 20
DEFAULT_PER_ACTIVITY = 600
WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _limit(name: str, default: int) -> int:
    configured = getattr(settings, name, None)
    if configured is not None:
        return int(configured)
    return env_int(name, default, minimum=1)


def _hit(key: str, limit: int) -> bool:
    """Count one hit in the current window; False when the limit is already exceeded."""
    window = int(time.time()) // WINDOW_SECONDS
    full_key = f"kesu:checkin:{key}:{window}"
    cache.add(full_key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(full_key)
    except ValueError:  # evicted between add and incr: start again
        cache.set(full_key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    return count <= limit


def check_rate(*, ip: str | None, activity_id: int) -> None:
    """Raise RateLimited when this IP or this activity has checked in too often this minute."""
    if ip and not _hit(f"ip:{ip}", _limit("KESU_CHECKIN_RATE_PER_IP", DEFAULT_PER_IP)):
        raise RateLimited("操作过于频繁：同一网络每分钟签到次数已达上限，请稍后再试。")
    per_activity = _limit("KESU_CHECKIN_RATE_PER_ACTIVITY", DEFAULT_PER_ACTIVITY)
    if not _hit(f"activity:{activity_id}", per_activity):
        raise RateLimited("当前签到人数过多，请稍候一分钟再试。")
