"""Fixed one-minute windows of hits per key: check-ins per network and per activity, quiz
starts and submissions per member, certificate checks per network.

The counts live in a small table shared by every server process of the machine (a
memory-mapped file, KESU_RATE_LIMIT_FILE, by default in the data directory), so N granian
workers still allow each limit exactly once. A hit is a few microseconds under a file lock:
the check sits on the hottest path (a contest submission), where Django's local-memory cache
cost a tenth of the whole request and still counted per process.

With several app nodes (KESU_REDIS_URL set) the counts live in Redis instead, through
Django's cache framework: one atomic INCR per hit on a key that expires with its window.

Each slot holds (key hash, window, count). A key's slot is found by probing from its hash;
a slot of an earlier window is free. Should all probed slots be taken by other keys of the
current minute (far more keys than a minute of any contest brings), the hit is let through
uncounted and logged, rather than refusing a member who did nothing wrong.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import mmap
import os
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

from kesu.core.env import env_int

try:
    import fcntl
except ImportError:  # not POSIX: the processes' counts may race, each process's do not
    fcntl = None  # type: ignore[assignment]

WINDOW_SECONDS = 60
SLOTS = 1 << 18  # 4 MiB
PROBES = 16

logger = logging.getLogger(__name__)
_SLOT = struct.Struct("<QII")  # key hash, window, count
_lock = threading.Lock()  # flock does not separate the threads of one process
_open: list[tuple[str, int, int, mmap.mmap]] = []  # (path, pid, fd, map) of this process


def limit(name: str, default: int) -> int:
    """A per-minute limit: the setting, else the environment variable of the same name (read
    at call time, so a bench or a test can change it)."""
    configured = getattr(settings, name, None)
    if configured is not None:
        return int(configured)
    return env_int(name, default, minimum=1)


def address_key(ip: str | None) -> str:
    """What a per-address limit counts: an IPv4 address, or the /64 of an IPv6 one (a single
    subscriber's block, in which a client may pick any address)."""
    if not ip:
        return "-"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def hit(key: str, most: int) -> bool:
    """Count one hit on `key` in the current window; False once it is over `most`."""
    window = int(time.time()) // WINDOW_SECONDS
    if getattr(settings, "KESU_REDIS_URL", ""):
        return _shared_hit(key, window) <= most
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    hashed = int.from_bytes(digest, "little") or 1
    with _lock:
        fd, table = _table()
        with _file_lock(fd):
            count = _count(table, hashed, window)
    if count == 0:
        logger.warning("rate-limit table crowded; %s not counted", key)
    return count <= most


def _shared_hit(key: str, window: int) -> int:
    """The hit counted in the cache every node shares; 0 (let through, logged) should the
    cache server not answer: a member must not be refused for an outage of ours."""
    from django.core.cache import cache
    from redis.exceptions import RedisError

    name = f"rl:{window}:{hashlib.blake2b(key.encode(), digest_size=12).hexdigest()}"
    try:
        cache.add(name, 0, timeout=WINDOW_SECONDS * 2)
        return cache.incr(name)
    except (RedisError, ValueError):
        logger.warning("rate-limit cache unavailable; %s not counted", key, exc_info=True)
        return 0


@contextmanager
def _file_lock(fd: int) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _count(table: mmap.mmap, hashed: int, window: int) -> int:
    free = None
    start = hashed % SLOTS
    for i in range(PROBES):
        offset = ((start + i) % SLOTS) * _SLOT.size
        slot_hash, slot_window, count = _SLOT.unpack_from(table, offset)
        if slot_window == window:
            if slot_hash == hashed:
                _SLOT.pack_into(table, offset, hashed, window, count + 1)
                return count + 1
        elif free is None:
            free = offset
    if free is None:
        return 0
    _SLOT.pack_into(table, free, hashed, window, 1)
    return 1


def _table() -> tuple[int, mmap.mmap]:
    """This process's mapping of the table file (opened again after a fork, or when the
    setting names another file)."""
    path = str(settings.KESU_RATE_LIMIT_FILE)
    if _open:
        opened, pid, fd, table = _open[0]
        if opened == path and pid == os.getpid():
            return fd, table
        _open.clear()
        if pid == os.getpid():
            table.close()
            os.close(fd)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    size = SLOTS * _SLOT.size
    if os.fstat(fd).st_size < size:
        os.ftruncate(fd, size)  # a sparse file of zeros: every slot free
    table = mmap.mmap(fd, size)
    _open.append((path, os.getpid(), fd, table))
    return fd, table


def reset() -> None:
    """Forget every count (tests)."""
    with _lock:
        fd, table = _table()
        with _file_lock(fd):
            table[:] = bytes(len(table))
