"""Benchmark: contest submissions through the JSON API beside a bare view of the same server.

    python bench/contest_submit.py [--members 2000] [--threads 8] [--workers N] [--sqlite]
                                   [--nodes 2] [--no-old-path] [--baseline DIR]

Builds a fresh throwaway PostgreSQL server (--sqlite: SQLite in a temp dir), a published
20-item contest paper (7 判断 + 7 单选 + 6 多选, drawn per attempt with shuffled options) and
--members members with a member login and an API token each, then serves kesu with granian
on a loopback port exactly as `kesu serve` does. Bounded load, loopback only, three kinds of
request:

- start + fetch: a member starts an attempt (POST /api/v1/attempts) and fetches it
  (GET /api/v1/attempts/{id}: the questions in their shown order); with one node, a second
  server with the start lane off (KESU_START_LANE=false: the ordinary API) runs beside it
  and takes every other batch of starts (lane, other, other, lane…), so the lane's rate
  prints beside the old path's (--no-old-path: the lane alone; --baseline DIR: the second
  server runs another checkout's code instead, DIR/src with its lane on, so that a change's
  start rate prints beside the code it changes, in one run over one database migrated by
  this checkout);
- submissions: each of those members submits answers (POST /api/v1/attempts/{id}/submit),
  the headline figure, submissions/s with p50/p99 latency;
- bare: as many requests to the bare /healthz view with the same threads.

The first 100 members start, submit and as many bare requests run, untimed, spread over
every server, so that the timed requests meet warmed workers; then the database is settled
(VACUUM ANALYZE, CHECKPOINT: see `settle`), so that the statements are planned for a table
with rows and statistics, as in any running deployment. Then four timed rounds, each: the
round's starts, the submissions of the attempts it started (the database settled again
before each), as many bare requests. Every
kind thus runs in every part of the run, so a slow moment of the machine falls on all of
them alike, and the ratios (pairs / submissions, submissions / bare) compare rates measured
side by side. The CPU time the server, the database and the client used per request is
printed too.

With --nodes 2, two granian servers run over the one database, each behind haproxy with
deploy/haproxy/haproxy.cfg on loopback ports (bench/balancer.py): one haproxy in front of
both nodes, one in front of the first node alone. The start rounds and the submission rounds
cycle through three paths (six rounds): one node directly, one node through the balancer,
two nodes through the balancer, so the cluster's rates print beside one node's (and the
balancer's own cost beside both).

Prints both rates and their ratio, then verifies every attempt was scored exactly once
(status submitted, score equal to the score recomputed from its stored answers).
The per-member start/submit rate limits are raised for the run via their environment
variables (KESU_QUIZ_STARTS_PER_MINUTE, KESU_QUIZ_SUBMITS_PER_MINUTE).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/<script>.py`: bench.* from the repository
    sys.path[0] = str(Path(__file__).resolve().parents[1])
from bench.balancer import start_haproxy, stop  # noqa: E402
from bench.benchlib import (  # noqa: E402
    bench_roster,
    bench_tree,
    free_port,
    migrate,
    shut_down,
    start_granian,
    throwaway_postgres,
)
from bench.contest_client import (  # noqa: E402
    ROUNDS,
    WARM_UP,
    Phone,
    attempt_id,
    check_started,
    line,
    measured,
    other_side,
    run,
    settle,
    split,
    submit_jobs,
)


def _prepare(members: int) -> tuple[int, list[str]]:
    """Migrate; create the tree, bank, paper, members, logins and tokens. Returns the paper
    id and one bearer token per member."""
    migrate()
    import datetime as dt
    import hashlib

    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.utils import timezone

    from kesu.accounts.models import ApiToken, User
    from kesu.accounts.services import TOKEN_PREFIX, _digest
    from kesu.members.models import Member
    from kesu.quiz.models import Paper, PaperRule, Question, QuestionBank

    city, unit = bench_tree()
    bank = QuestionBank.objects.create(org=city, name="压测题库")
    questions = []
    family = 1
    for qtype, count, options, answer in (
        ("judge", 20, ["正确", "错误"], [0]),
        ("single", 20, ["甲", "乙", "丙", "丁"], [2]),
        ("multiple", 20, ["甲", "乙", "丙", "丁", "戊"], [0, 3]),
    ):
        for i in range(count):
            stem = f"压测{qtype}题{i}：以下说法是否正确？"
            questions.append(
                Question(
                    bank=bank,
                    family=family,
                    type=qtype,
                    stem=stem,
                    options=options,
                    answer=answer,
                    dimension="knowledge",
                    topic="压测",
                    explanation="解析",
                    stem_hash=hashlib.sha256(stem.encode()).hexdigest(),
                )
            )
            family += 1
    Question.objects.bulk_create(questions)
    now = timezone.now()
    paper = Paper.objects.create(
        org=city,
        title="压测知识竞赛",
        purpose="contest",
        mode="random",
        status="published",
        multiple_rule="partial",
        time_limit_seconds=3600,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=1),
    )
    PaperRule.objects.bulk_create(
        [
            PaperRule(paper=paper, type="judge", count=7, points=4, position=1),
            PaperRule(paper=paper, type="single", count=7, points=5, position=2),
            PaperRule(paper=paper, type="multiple", count=6, points=6, position=3),
        ]
    )
    bench_roster(unit, members)
    people = list(Member.objects.filter(org=unit).order_by("pk"))
    users = [
        User(
            username=f"bench{i:05d}",
            org=unit,
            role="member",
            member=m,
            password=UNUSABLE_PASSWORD_PREFIX,
        )
        for i, m in enumerate(people)
    ]
    User.objects.bulk_create(users, batch_size=500)
    users = list(User.objects.filter(username__startswith="bench").order_by("pk"))
    tokens, plains = [], []
    for user in users:
        plain = TOKEN_PREFIX + os.urandom(24).hex()
        plains.append(plain)
        tokens.append(ApiToken(user=user, name="bench", prefix=plain[:12], digest=_digest(plain)))
    ApiToken.objects.bulk_create(tokens, batch_size=500)
    return paper.pk, plains


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, help="granian workers (default: as kesu serve)")
    parser.add_argument("--blocking-threads", type=int, default=1)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--nodes",
        type=int,
        default=1,
        choices=(1, 2),
        help="2: two granian servers over the one database behind haproxy "
        "(deploy/haproxy/haproxy.cfg); the figures are printed for one node "
        "directly, one node through haproxy and both through haproxy",
    )
    parser.add_argument(
        "--no-old-path",
        dest="old_path",
        action="store_false",
        help="one node: do not run half of the starts through a second server with the "
        "start lane off (KESU_START_LANE=false) for comparison",
    )
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="one node: the second server imports kesu from DIR/src (another checkout, e.g. "
        "a git worktree of main) with its start lane on, instead of the old path",
    )
    args = parser.parse_args()
    if not 1 <= args.threads <= 64 or not 2 * WARM_UP <= args.members <= 50_000:
        raise SystemExit(f"--threads 1..64, --members {2 * WARM_UP}..50000")

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    if args.workers is None:
        from kesu.core.management.commands.serve import default_workers

        args.workers = int(os.environ.get("KESU_WORKERS") or default_workers())
    data_dir = tempfile.mkdtemp(prefix="kesu-bench-contest-")
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="kesu.settings",
        KESU_DATA_DIR=data_dir,
        KESU_SECURE_COOKIES="false",
        KESU_LOG_LEVEL="ERROR",
        KESU_QUIZ_STARTS_PER_MINUTE=str(args.members * 4),
        KESU_QUIZ_SUBMITS_PER_MINUTE=str(args.members * 4),
    )
    env.pop("KESU_DATABASE_URL", None)
    pg = None
    if not args.sqlite:
        pg, env["KESU_DATABASE_URL"] = throwaway_postgres()
    os.environ.update(env)
    if args.sqlite:
        os.environ.pop("KESU_DATABASE_URL", None)
    server, servers, old, balancers = None, [], None, []
    # A `kill` stops the run as Ctrl-C does: through the finally below, servers and haproxy too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        t0 = time.perf_counter()
        paper_id, tokens = _prepare(args.members)
        print(f"setup: {args.members} members with tokens, {time.perf_counter() - t0:.1f}s")
        servers = [
            start_granian(env, args.workers, args.blocking_threads) for _ in range(args.nodes)
        ]
        server, port = servers[0]
        # The same app with the start lane off, for the start phase's comparison.
        old = None
        side, side_root = ", old path", "old-path server"
        side_env = {**env, "KESU_START_LANE": "false"}
        if args.baseline:
            side, side_root = ", baseline", "baseline server"
            side_env = {**env, "PYTHONPATH": str(Path(args.baseline).resolve() / "src")}
        if (args.old_path or args.baseline) and args.nodes == 1:
            old = start_granian(side_env, args.workers, args.blocking_threads)
        one, every = [port], [p for _s, p in servers]
        # Two nodes: (label, ports, servers' CPU roots) of each path the rounds cycle through.
        paths = [("", one, ["server"])]
        if args.nodes > 1:
            lb_one, lb_every = free_port(), free_port()
            for app_ports, lb_port in ((one, lb_one), (every, lb_every)):
                where = Path(data_dir) / f"haproxy-{lb_port}"
                balancers.append(start_haproxy(app_ports, lb_port, where))
            paths = [
                (", 1 node direct", one, ["server"]),
                (", 1 node via haproxy", [lb_one], ["server", "balancer"]),
                (", 2 nodes via haproxy", [lb_every], ["server", "server 2", "balancer 2"]),
            ]
        rng = random.Random(args.seed)

        def start(phone: Phone, token: str):
            t1, s1, body = phone.call("POST", "/api/v1/attempts", token, start_body)
            if s1 not in (200, 201):
                return t1, None, f"start {s1}: {body[:200]!r}"
            started_id = attempt_id(body)
            t2, s2, body = phone.call("GET", f"/api/v1/attempts/{started_id}", token)
            if s2 != 200:
                return t1 + t2, None, f"fetch {s2}"
            return t1 + t2, body, None  # read between the timed rounds, as a submission's answer

        def submit(phone: Phone, job):
            token, path, body = job
            t, status, answer = phone.call("POST", path, token, body)
            return t, answer if status == 200 else None  # read after the timed rounds

        def submitted(answer: bytes | None) -> bool:
            return answer is not None and json.loads(answer)["status"] == "submitted"

        def bare(phone: Phone, _i):
            t, status, _body = phone.call("GET", "/healthz")
            return t, status == 200

        start_body = json.dumps({"paper": paper_id}).encode()  # encoded once, as the answers
        roots = {"server": server.pid, "client": os.getpid()}
        for i, (other, _p) in enumerate(servers[1:], start=2):
            roots[f"server {i}"] = other.pid
        for i, lb in enumerate(balancers):
            roots["balancer" + (f" {i + 1}" if i else "")] = lb.pid
        if pg is not None:
            roots["database"] = int((pg.data / "postmaster.pid").read_text().split()[0])
        started_roots = {**roots, **({side_root: old[0].pid} if old else {})}

        # Untimed, as in any running deployment (members browse before a contest opens): the
        # first members start on every server (each worker loads what a start reads once per
        # process), submit and as many bare requests run (answer keys loaded, statements
        # prepared). Then the database is settled: a deployment's attempts table has rows and
        # statistics, this fresh one had none when the statements were first planned
        # (PostgreSQL planned them for an empty table: every start then scanned all the
        # attempts made so far, 129 pages a start at 1,000). The analysis invalidates those
        # plans; the timed requests plan them again.
        warm_tokens, warm_started = tokens[:WARM_UP], []
        warm_ports = [*every, *([old[1]] if old else [])]
        for n, part in enumerate(split(warm_tokens, len(warm_ports))):
            warm_started += run([warm_ports[n]], part, args.threads, start)[1]
        check_started(warm_started)
        warm_jobs = submit_jobs(warm_tokens, warm_started, rng)
        warmed = run(every, warm_jobs, args.threads, submit)[1]
        warmed_bare = run(every, list(range(len(warm_jobs))), args.threads, bare)[1]
        settle()

        # Timed rounds, each: starts (with the old path beside the lane, one batch through each,
        # in the order lane, other, other, lane…; with two nodes, the round's path), then the
        # submissions of the attempts just started and as many bare requests, through the
        # round's path. Starts, submissions and bare requests thus share every moment of the
        # run: a slow moment of the machine falls on all of them alike. The database is
        # settled before the starts and before the submissions of every round, so that each
        # kind meets the database as when it ran in a phase of its own.
        rounds = ROUNDS if args.nodes == 1 else 2 * len(paths)
        per_round = 2 if old is not None else 1
        batches = split(tokens[WARM_UP:], rounds * per_round)
        names = ("submissions", "bare /healthz")
        walls = dict.fromkeys(names, 0.0)
        results: dict[str, list] = {name: [] for name in names}
        used: dict[str, dict[str, float]] = {name: dict.fromkeys(roots, 0.0) for name in names}
        by_round: list[float] = []  # submissions/s, bare/s, submissions/s…
        by_path: dict[str, list[float]] = {}  # path -> [submissions, seconds]
        tally: dict[str, list] = {}  # label -> [pairs, seconds, latencies, {root: cpu}]
        n_timed = 0
        for r in range(rounds):
            if r:
                settle()  # the previous round's updates vacuumed and analysed
            path, ports, nodes = paths[r % len(paths)]
            round_jobs = []
            for b in range(r * per_round, (r + 1) * per_round):
                where, start_ports, start_nodes = path, ports, nodes
                if old is not None and other_side(b):
                    where, start_ports, start_nodes = side, [old[1]], [side_root]
                elif old is not None:
                    where = ", lane"
                wall, got, cpu = measured(
                    started_roots, start_ports, batches[b], args.threads, start
                )
                check_started(got)
                counted = tally.setdefault(where, [0, 0.0, [], {}])
                counted[0], counted[1] = counted[0] + len(got), counted[1] + wall
                counted[2] += [g[0] for g in got]
                shared = [name for name in roots if not name.startswith(("server", "bal"))]
                for name in [*start_nodes, *shared]:  # the batch's server(s), client, database
                    counted[3][name] = counted[3].get(name, 0.0) + cpu[name]
                round_jobs += submit_jobs(batches[b], got, rng)
            n_timed += len(round_jobs)
            settle()  # the round's inserts vacuumed and analysed, as before its starts
            for name, work, batch in (
                ("submissions", submit, round_jobs),
                ("bare /healthz", bare, range(len(round_jobs))),
            ):
                wall, got, cpu = measured(roots, ports, list(batch), args.threads, work)
                if name == "submissions":
                    done = by_path.setdefault(path, [0, 0.0])
                    done[0], done[1] = done[0] + len(got), done[1] + wall
                walls[name] += wall
                by_round.append(len(got) / wall)
                results[name] += got
                for root in roots:
                    used[name][root] += cpu[root]

        pair_rates = {}
        for where, (n, wall, latencies, used_by) in tally.items():
            pair_rates[where] = n / wall
            print(line(f"start + fetch (2 requests each){where}", n, wall, latencies))
            spent = ", ".join(f"{root} {cpu * 1000 / n:.2f}" for root, cpu in used_by.items())
            print(f"CPU ms per start + fetch{where}: {spent}")
        rate = next(iter(pair_rates.values()))
        print(
            f"start + fetch pairs/s on one node, target ≥ 400: {'met' if rate >= 400 else 'NOT met'}"
        )
        s_wall, submissions = walls["submissions"], results["submissions"]
        b_wall, bares = walls["bare /healthz"], results["bare /healthz"]
        failures = sum(1 for r in [*warmed, *submissions] if not submitted(r[1]))
        failures += sum(1 for r in [*warmed_bare, *bares] if not r[1])
        engine = "SQLite" if args.sqlite else "PostgreSQL"
        print(
            f"database: {engine}; granian workers: {args.workers}, blocking threads: "
            f"{args.blocking_threads}; client: 1 process, {args.threads} threads, "
            "http.client keep-alive, one connection per thread"
        )
        s_rate, b_rate = n_timed / s_wall, n_timed / b_wall
        print(line("submissions", n_timed, s_wall, [r[0] for r in submissions]))
        print(line("bare /healthz", n_timed, b_wall, [r[0] for r in bares]))
        pairs = zip(by_round[::2], by_round[1::2], strict=True)
        print(
            "per round, submissions/s | bare/s: "
            + ", ".join(f"{s:,.0f} | {b:,.0f}" for s, b in pairs)
        )
        for name in names:
            spent = ", ".join(f"{root} {used[name][root] * 1000 / n_timed:.2f}" for root in roots)
            print(f"CPU ms per request, {name}: {spent}")
        if args.nodes > 1:
            print(
                "submissions/s by path: "
                + ", ".join(
                    f"{path[2:]} {done / secs:,.0f}/s" for path, (done, secs) in by_path.items()
                )
            )
        # The pairs of the first path against the submissions through the same path.
        first = paths[0][0]
        first_rate = by_path[first][0] / by_path[first][1]
        print(
            "side by side, per second: "
            + ", ".join(
                f"start + fetch pairs{where or ''} {r:,.0f}" for where, r in pair_rates.items()
            )
            + f", submissions{first} {first_rate:,.0f} (pairs{next(iter(pair_rates))} / "
            f"submissions{first} {rate / first_rate:.2f}, target ≥ 0.50)"
        )
        print(
            f"ratio submissions/bare: {s_rate / b_rate:.2f} (target ≥ 0.50); "
            f"submissions/s target ≥ 500: {'met' if s_rate >= 500 else 'NOT met'}"
        )

        from decimal import Decimal

        from kesu.quiz.attempts import scoring
        from kesu.quiz.models import Attempt, Paper

        paper = Paper.objects.get(pk=paper_id)
        rows = list(Attempt.objects.filter(paper=paper))
        keys = scoring.answer_keys({int(i["q"]) for a in rows for i in a.layout})
        wrong = 0
        for a in rows:
            again = scoring.score_attempt(
                layout=a.layout,
                answers=a.answers,
                keys=keys,
                multiple_rule=paper.multiple_rule,
                pass_mark=None,
            )
            if a.status != "submitted" or again.score != a.score or a.score is None:
                wrong += 1
        avg = sum((a.score or Decimal(0)) for a in rows) / max(1, len(rows))
        print(
            f"verified: {len(rows)} attempts, {wrong} wrong, {failures} failed requests, "
            f"average score {avg:.2f}"
        )
        if failures or wrong or len(rows) != len(tokens):
            raise SystemExit("FAILED: not every submission was scored exactly once")
    finally:
        for lb in balancers:
            stop(lb)
        for other, _p in [*servers[1:], *([old] if old else [])]:
            shut_down(other, None, data_dir)
        shut_down(server, pg, data_dir)


if __name__ == "__main__":
    main()
