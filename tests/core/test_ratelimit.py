"""Fixed one-minute windows in a table shared by the server processes: a key is refused
once over its limit, other keys are not, a new minute starts from zero, and every process
counts in the same table."""

from __future__ import annotations

import multiprocessing

from kesu.core import ratelimit


def test_limit_per_key_and_window(monkeypatch):
    now = [600.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert [ratelimit.hit("a", 2) for _ in range(3)] == [True, True, False]
    assert ratelimit.hit("b", 2)  # another key has its own count
    now[0] += 59  # same window
    assert not ratelimit.hit("a", 2)
    now[0] += 1  # the next minute
    assert ratelimit.hit("a", 2) and ratelimit.hit("a", 2) and not ratelimit.hit("a", 2)


def test_a_crowded_table_lets_the_hit_through(monkeypatch):
    monkeypatch.setattr(ratelimit, "SLOTS", 4)
    monkeypatch.setattr(ratelimit, "PROBES", 4)
    assert all(ratelimit.hit(f"k{i}", 1) for i in range(4))  # every slot taken
    assert ratelimit.hit("k-other", 0)  # uncounted: allowed even with a limit of 0
    assert not ratelimit.hit("k0", 1)  # the counted keys still count


def _hits(path: str, n: int) -> None:
    from django.conf import settings

    settings.KESU_RATE_LIMIT_FILE = path
    for _ in range(n):
        ratelimit.hit("shared", 10_000)


def test_processes_share_the_counts(settings):
    ratelimit.hit("shared", 10_000)  # this process has the table open before the fork
    workers = [
        multiprocessing.get_context("fork").Process(
            target=_hits, args=(settings.KESU_RATE_LIMIT_FILE, 200)
        )
        for _ in range(3)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
        assert w.exitcode == 0
    assert not ratelimit.hit("shared", 601)  # the 602nd: 1 + 3 × 200 came before
    assert ratelimit.hit("shared", 603)  # the 603rd


def test_reset_and_limit_settings(settings, monkeypatch):
    assert ratelimit.hit("x", 1) and not ratelimit.hit("x", 1)
    ratelimit.reset()
    assert ratelimit.hit("x", 1)
    monkeypatch.setenv("KESU_TEST_RATE", "7")
    assert ratelimit.limit("KESU_TEST_RATE", 3) == 7
    settings.KESU_TEST_RATE = 5
    assert ratelimit.limit("KESU_TEST_RATE", 3) == 5
    monkeypatch.delenv("KESU_TEST_RATE")
    del settings.KESU_TEST_RATE
    assert ratelimit.limit("KESU_TEST_RATE", 3) == 3
