"""The simulated members of bench/contest_submit.py: keep-alive connections sending each
request in one write, client threads over the servers, the rounds' batches, the answers a
member submits for the questions shown, and the lines the bench prints."""

from __future__ import annotations

import http.client
import json
import random
import re
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench.benchlib import HOST, cpu_between, cpu_by_tree, percentile


class _OneWrite(http.client.HTTPConnection):
    """Request line, headers and body leave in one write with Nagle off, as browsers and
    phone apps send a small JSON POST. (http.client writes the body separately, and the
    server's worker then sits waiting for that second segment while the client thread
    waits for the GIL: a cost of the client, not of the server being measured.)"""

    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _send_output(self, message_body=None, encode_chunked=False) -> None:  # noqa: ANN001
        if not isinstance(message_body, bytes):
            return super()._send_output(message_body, encode_chunked)
        self._buffer.extend((b"", b""))
        request = b"\r\n".join(self._buffer) + message_body
        del self._buffer[:]
        self.send(request)
        return None


class Phone:
    """One keep-alive connection per client thread; the member's token goes per request."""

    def __init__(self, port: int) -> None:
        self.conn = _OneWrite(HOST, port, timeout=60)

    def call(self, method: str, path: str, token: str | None = None, body=None):
        headers = {"Accept": "application/json"}
        data = None
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if body is not None:  # a submission's body is encoded before the timed rounds
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        payload = response.read()
        return time.perf_counter() - started, response.status, payload


def run(ports: list[int], jobs: list, threads: int, work) -> tuple[float, list]:
    """Run `work` over `jobs` on `threads` client threads; each thread keeps one connection,
    to the nodes in turn (thread 1 to the first port, thread 2 to the second…)."""
    local = threading.local()
    phones: list[Phone] = []
    lock = threading.Lock()

    def one(job):
        phone = getattr(local, "phone", None)
        if phone is None:
            with lock:
                phone = local.phone = Phone(ports[len(phones) % len(ports)])
                phones.append(phone)
        return work(phone, job)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(one, jobs))
    wall = time.perf_counter() - started
    for phone in phones:
        phone.conn.close()
    return wall, results


def measured(
    roots: dict[str, int], ports: list[int], jobs: list, threads: int, work
) -> tuple[float, list, dict[str, float]]:
    """`run`, with the CPU seconds each process tree of `roots` used meanwhile."""
    before = cpu_by_tree(roots)
    wall, got = run(ports, jobs, threads, work)
    after = cpu_by_tree(roots)
    return wall, got, {name: cpu_between(before[name], after[name]) for name in roots}


ROUNDS = 4
WARM_UP = 100  # submissions (and bare requests) before timing


def split(jobs: list, n: int) -> list[list]:
    """`jobs` in `n` consecutive parts of (nearly) equal size."""
    return [jobs[i * len(jobs) // n : (i + 1) * len(jobs) // n] for i in range(n)]


ATTEMPT_ID = re.compile(rb'"id":\s*(\d+)')


def attempt_id(body: bytes) -> int:
    """The id of a started attempt: the answer's first field (AttemptOut), read without
    decoding the whole paper, as a phone app need not (the client shares the machine)."""
    found = ATTEMPT_ID.search(body, 0, 200)
    if found is None:
        raise SystemExit(f"FAILED: no attempt id in {body[:200]!r}")
    return int(found[1])


def check_started(got: list) -> None:
    problems = [g[2] for g in got if g[2]]
    if problems:
        raise SystemExit(f"FAILED to start {len(problems)} attempts, e.g. {problems[0]}")


def submit_jobs(tokens: list[str], started: list, rng: random.Random) -> list:
    """The submissions of started attempts: (token, path, body) with answers picked at
    random among each question's shown options, encoded before they are timed."""
    jobs = []
    for token, (_t, shown, _p) in zip(tokens, started, strict=True):
        attempt, answers = json.loads(shown), {}
        for q in attempt["questions"]:
            n = len(q["options"])
            picks = rng.sample(range(n), 2) if q["type"] == "multiple" else [rng.randrange(n)]
            answers[str(q["id"])] = sorted(picks)
        body = json.dumps({"answers": answers}).encode()
        jobs.append((token, f"/api/v1/attempts/{attempt['id']}/submit", body))
    return jobs


def other_side(r: int) -> bool:
    """Whether the start phase's round `r` goes to the second server: lane, other, other,
    lane, lane, other… so that neither side always has the first round after the database
    settled, nor always the round that follows the other's."""
    return (r + r // 2) % 2 == 1


def settle() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")  # the vacuum's dirty pages written now, not in round 1


def line(label: str, n: int, wall: float, latencies: list[float]) -> str:
    return (
        f"{label}: {n} in {wall:.2f}s = {n / wall:,.0f}/s; "
        f"p50 {percentile(latencies, 50) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 99) * 1000:.1f} ms, "
        f"mean {statistics.fmean(latencies) * 1000:.1f} ms"
    )
