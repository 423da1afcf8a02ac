"""What the loopback benchmarks share: a port, a throwaway database, the bench tree and
roster, a granian server started the way `kesu serve` starts it, and percentiles."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.balancer import stop

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def throwaway_postgres() -> tuple[Any, str]:
    """(server, database URL) of a fresh PostgreSQL started from the machine's binaries."""
    from kesu.testing.pgserver import ThrowawayPostgres, find_bindir

    bindir = find_bindir()
    if bindir is None:
        raise SystemExit("PostgreSQL binaries not found (set KESU_PG_BINDIR)")
    pg = ThrowawayPostgres(bindir, port=free_port())
    return pg, pg.start()


def migrate() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def bench_tree() -> tuple[Any, Any]:
    """(city, grassroots unit) of the benchmark's two-level tree."""
    from kesu.orgs.models import Organization

    city = Organization.objects.create(
        code="BENCH", name="压测市总工会", level="city", kind="union", path="/BENCH/", depth=0
    )
    unit = Organization.objects.create(
        code="BENCH-01",
        name="压测基层工会",
        level="grassroots",
        kind="union",
        parent=city,
        path="/BENCH/BENCH-01/",
        depth=1,
    )
    return city, unit


def bench_roster(unit: Any, members: int, *, phones: bool = False) -> None:
    """`members` valid roster entries 职工00000… (phones 139…, when asked)."""
    from kesu.members.idnumber import make_id_number
    from kesu.members.models import Member
    from kesu.members.validation import clean_member_data, protected_fields

    rows = []
    for i in range(members):
        birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        raw = {"name": f"职工{i:05d}", "id_number": make_id_number("330106", birth, i % 1000)}
        if phones:
            raw["phone"] = f"139{i:08d}"
        clean, errors = clean_member_data(raw)
        assert not errors, errors
        rows.append(Member(org=unit, **protected_fields(clean)))
    Member.objects.bulk_create(rows, batch_size=500)


def start_granian(
    env: dict[str, str], workers: int, blocking_threads: int = 1
) -> tuple[subprocess.Popen, int]:
    """The WSGI app under granian with one blocking thread (as `kesu serve`), once /healthz
    answers."""
    port = free_port()
    granian = shutil.which("granian") or os.path.join(os.path.dirname(sys.executable), "granian")
    server = subprocess.Popen(  # noqa: S603 (fixed argv, loopback only)
        [
            granian,
            "--interface",
            "wsgi",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--blocking-threads",
            str(blocking_threads),
            "--log-level",
            "warning",
            "kesu.core.middleware_wsgi:application",
        ],
        env=env,
    )
    deadline = time.monotonic() + 120  # a busy machine imports slowly
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"granian exited with code {server.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("server did not become ready")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def shut_down(server: subprocess.Popen | None, pg: Any, data_dir: str) -> None:
    """Stop the server, close connections, stop the throwaway database, remove the data."""
    stop(server)
    from django.db import connections

    connections.close_all()
    if pg is not None:
        pg.stop()
    shutil.rmtree(data_dir, ignore_errors=True)


def _proc_table() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds used so far) from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return out


def cpu_by_tree(roots: dict[str, int]) -> dict[str, dict[int, float]]:
    """CPU seconds used so far by each process of each named tree (the process and its
    descendants; another named tree inside it is left to that name), so a benchmark can say
    where the machine's time went (server, database, client) between two readings."""
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _cpu) in table.items():
        children.setdefault(ppid, []).append(pid)
    others = set(roots.values())
    found: dict[str, dict[int, float]] = {}
    for label, root in roots.items():
        seen: dict[int, float] = {}
        stack = [root]
        while stack:
            pid = stack.pop()
            if pid in seen or pid not in table or (pid in others and pid != root):
                continue  # another named tree (the server is the client's child)
            seen[pid] = table[pid][1]
            stack.extend(children.get(pid, []))
        found[label] = seen
    return found


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds a tree used between two readings; a process that ended in between is
    left out (its time is no longer readable) rather than counted as negative."""
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())
