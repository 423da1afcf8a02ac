"""Benchmark: 2,000 distinct members check in to one activity as fast as a local client can.

    python bench/checkin_burst.py [--members 2000] [--threads 8] [--postgres] [--workers 1]

Builds a fresh database (SQLite in a temp dir; --postgres: a throwaway PostgreSQL server),
one activity and its roster of members with phones, then serves kesu with granian on a
loopback port exactly as `kesu serve` does and POSTs one check-in per member through the
public form (CSRF token fetched first by each client thread). The load generator is a bounded
thread pool on 127.0.0.1: it sends exactly --members check-ins and stops. Prints check-ins/s
and p50/p99 latency, then verifies every member was recorded once, as a member (not a guest).
The per-IP and per-activity rate limits are raised for the run through their environment
variables (KESU_CHECKIN_RATE_PER_IP, KESU_CHECKIN_RATE_PER_ACTIVITY).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _prepare(members: int) -> str:
    """Migrate, create the activity and roster; return the check-in path."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from django.utils import timezone

    from kesu.activities.models import Activity
    from kesu.checkin import tokens
    from kesu.members.idnumber import make_id_number
    from kesu.members.models import Member
    from kesu.members.validation import clean_member_data, protected_fields
    from kesu.orgs.models import Organization

    city = Organization.objects.create(
        code="BENCH", name="压测市总工会", level="city", kind="union", path="/BENCH/", depth=0
    )
    unit = Organization.objects.create(
        code="BENCH-01", name="压测基层工会", level="grassroots", kind="union", parent=city,
        path="/BENCH/BENCH-01/", depth=1,
    )  # fmt: skip
    now = timezone.now()
    activity = Activity.objects.create(
        title="压测：职工科普讲座", kind="lecture", org=city, place="礼堂",
        start=now - dt.timedelta(minutes=30), end=now + dt.timedelta(hours=2),
    )  # fmt: skip
    rows = []
    for i in range(members):
        birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        raw = {
            "name": f"职工{i:05d}",
            "id_number": make_id_number("330106", birth, i % 1000),
            "phone": f"139{i:08d}",
        }
        clean, errors = clean_member_data(raw)
        assert not errors, errors
        rows.append(Member(org=unit, **protected_fields(clean)))
    Member.objects.bulk_create(rows, batch_size=500)
    token, _ = tokens.make_token(activity)
    return f"/checkin/t/{token}/"


def _wait_ready(port: int, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"granian exited with code {server.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not become ready")


class Client:
    """One keep-alive connection with its own CSRF cookie, like one phone."""

    def __init__(self, port: int, path: str) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.path = path
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        body = response.read().decode()
        cookie = response.getheader("Set-Cookie") or ""
        match = re.search(r"csrftoken=([^;]+)", cookie)
        if response.status != 200 or match is None:
            raise SystemExit(f"GET {path}: {response.status}, no CSRF cookie")
        self.cookie = f"csrftoken={match[1]}"
        form_token = _CSRF_INPUT.search(body)
        assert form_token is not None
        self.form_token = form_token[1]

    def checkin(self, i: int) -> tuple[float, bool]:
        body = urlencode(
            {"csrfmiddlewaretoken": self.form_token, "name": f"职工{i:05d}", "phone": f"139{i:08d}"}
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        started = time.perf_counter()
        self.conn.request("POST", self.path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        elapsed = time.perf_counter() - started
        return elapsed, response.status == 200 and "签到成功" in text


def _burst(port: int, path: str, members: int, threads: int) -> tuple[float, list[float], int]:
    local = threading.local()
    clients: list[Client] = []
    lock = threading.Lock()

    def one(i: int) -> tuple[float, bool]:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = Client(port, path)
            with lock:
                clients.append(client)
        return client.checkin(i)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(one, range(members)))
    wall = time.perf_counter() - started
    for client in clients:
        client.conn.close()
    latencies = [r[0] for r in results]
    failures = sum(1 for r in results if not r[1])
    return wall, latencies, failures


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="granian workers (kesu serve: 1)")
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.threads <= 64 or not 1 <= args.members <= 100_000:
        raise SystemExit("--threads 1..64, --members 1..100000")

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    data_dir = tempfile.mkdtemp(prefix="kesu-bench-checkin-")
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="kesu.settings",
        KESU_DATA_DIR=data_dir,
        KESU_SECURE_COOKIES="false",
        KESU_CHECKIN_RATE_PER_IP=str(args.members * 2),
        KESU_CHECKIN_RATE_PER_ACTIVITY=str(args.members * 2),
        KESU_LOG_LEVEL="ERROR",
    )
    env.pop("KESU_DATABASE_URL", None)
    pg = None
    if args.postgres:
        from kesu.testing.pgserver import ThrowawayPostgres, find_bindir

        bindir = find_bindir()
        if bindir is None:
            raise SystemExit("PostgreSQL binaries not found (set KESU_PG_BINDIR)")
        pg = ThrowawayPostgres(bindir, port=_free_port())
        env["KESU_DATABASE_URL"] = pg.start()
    os.environ.update(env)
    if not args.postgres:
        os.environ.pop("KESU_DATABASE_URL", None)
    server = None
    try:
        t0 = time.perf_counter()
        path = _prepare(args.members)
        print(f"setup: {args.members} members, {time.perf_counter() - t0:.1f}s")
        port = _free_port()
        granian = shutil.which("granian") or os.path.join(
            os.path.dirname(sys.executable), "granian"
        )
        server = subprocess.Popen(  # noqa: S603 (fixed argv, loopback only)
            [
                granian, "--interface", "wsgi", "--host", HOST, "--port", str(port),
                "--workers", str(args.workers), "--blocking-threads", "1",
                "--log-level", "warning", "kesu.wsgi:application",
            ],
            env=env,
        )  # fmt: skip
        _wait_ready(port, server)
        wall, latencies, failures = _burst(port, path, args.members, args.threads)

        from kesu.activities.models import Attendance

        rows = Attendance.objects.count()
        as_members = Attendance.objects.filter(member__isnull=False).count()
        engine = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"database: {engine}; granian workers: {args.workers}; client threads: {args.threads}"
        )
        print(f"check-ins: {args.members} in {wall:.2f}s = {args.members / wall:.0f} check-ins/s")
        print(
            f"latency: p50 {_percentile(latencies, 50) * 1000:.1f} ms, "
            f"p99 {_percentile(latencies, 99) * 1000:.1f} ms, "
            f"mean {statistics.fmean(latencies) * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms"
        )
        print(f"recorded: {rows} attendance rows, {as_members} as members, {failures} failed")
        if failures or rows != args.members or as_members != args.members:
            raise SystemExit("FAILED: not every check-in was recorded exactly once")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        from django.db import connections

        connections.close_all()
        if pg is not None:
            pg.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
