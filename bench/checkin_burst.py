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
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):  # run as `python bench/<script>.py`: bench.* from the repository
    sys.path[0] = str(Path(__file__).resolve().parents[1])
from bench.benchlib import (  # noqa: E402
    HOST,
    bench_roster,
    bench_tree,
    migrate,
    percentile,
    shut_down,
    start_granian,
    throwaway_postgres,
)

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _prepare(members: int) -> str:
    """Migrate, create the activity and roster; return the check-in path."""
    migrate()
    from django.utils import timezone

    from kesu.activities.models import Activity
    from kesu.checkin import tokens

    city, unit = bench_tree()
    now = timezone.now()
    activity = Activity.objects.create(
        title="压测：职工科普讲座",
        kind="lecture",
        org=city,
        place="礼堂",
        start=now - dt.timedelta(minutes=30),
        end=now + dt.timedelta(hours=2),
    )
    bench_roster(unit, members, phones=True)
    token, _ = tokens.make_token(activity)
    return f"/checkin/t/{token}/"


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
        pg, env["KESU_DATABASE_URL"] = throwaway_postgres()
    os.environ.update(env)
    if not args.postgres:
        os.environ.pop("KESU_DATABASE_URL", None)
    server = None
    try:
        t0 = time.perf_counter()
        path = _prepare(args.members)
        print(f"setup: {args.members} members, {time.perf_counter() - t0:.1f}s")
        server, port = start_granian(env, args.workers)
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
            f"latency: p50 {percentile(latencies, 50) * 1000:.1f} ms, "
            f"p99 {percentile(latencies, 99) * 1000:.1f} ms, "
            f"mean {statistics.fmean(latencies) * 1000:.1f} ms, "
            f"max {max(latencies) * 1000:.1f} ms"
        )
        print(f"recorded: {rows} attendance rows, {as_members} as members, {failures} failed")
        if failures or rows != args.members or as_members != args.members:
            raise SystemExit("FAILED: not every check-in was recorded exactly once")
    finally:
        shut_down(server, pg, data_dir)


if __name__ == "__main__":
    main()
