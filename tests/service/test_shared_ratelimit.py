"""With KESU_REDIS_URL the rate limits count in Redis (one count for every app node), through
Django's cache framework; a Redis that does not answer lets members through."""

from __future__ import annotations

import pytest
import redis
from django.core.cache import caches

from kesu.core import ratelimit
from tests.service.servers import Redis


@pytest.fixture(scope="module")
def redis_server():
    server = Redis().start()
    yield server
    server.stop()


def _use(settings, url: str) -> None:
    settings.KESU_REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "kesu",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    assert caches["default"]._servers == [url]  # Django replaced the cache with the setting


def test_counts_live_in_redis(settings, redis_server):
    _use(settings, redis_server.url)
    answers = [ratelimit.hit("checkin:ip:10.0.0.1", 3) for _ in range(5)]
    assert answers == [True, True, True, False, False]
    keys = redis.Redis(port=redis_server.port).keys("kesu:*rl:*")
    assert len(keys) == 1  # one counter, shared by whichever node asks
    assert ratelimit.hit("checkin:ip:10.0.0.2", 3) is True  # another key, its own count


def test_an_unreachable_redis_lets_hits_through(settings, caplog):
    from tests.service.procs import free_port

    _use(settings, f"redis://127.0.0.1:{free_port()}/0")
    assert all(ratelimit.hit("quiz:submit:1", 1) for _ in range(3))
    assert "not counted" in caplog.text
