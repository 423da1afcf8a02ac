"""Benchmark: the submit lane's hot statement through lean_rows' own cursor, beside Django's
documented PostgreSQL OPTIONS that do the same, in one run.

    python bench/lean_cursor.py [--members 200] [--calls 2000] [--rounds 5]

The contest path reads token, user, attempt and paper in one SELECT
(`kesu.quiz.attempts.lean.token_and_attempt`). Three ways to run it, each on its own connection to
one throwaway PostgreSQL, timed in rounds that take turns (a slow moment of the machine falls
on all three alike):

- "lean cursor": `kesu.accounts.lean_rows` as shipped — a psycopg server-binding cursor kept
  per connection, the statement prepared (`prepare=True`), Django's cursor wrapper skipped;
- "OPTIONS": Django's cursor with the documented settings
  `"OPTIONS": {"server_side_binding": True, "prepare_threshold": 0}` (every statement bound
  on the server and prepared from its first use), KESU_PREPARED_STATEMENTS off;
- "plain": Django's default (client-side binding, nothing prepared).

Prints microseconds per call (wall) and the client's CPU per call for each.

Measured 2026-12-07 on the shared 2-core machine (load average about 15, seven people's test
runs: the wall figures are queueing more than work and swing tenfold between rounds; the
client CPU per call is the comparable figure), medians of the rounds, µs per call:

    run                       lean cursor      OPTIONS          plain
    5 rounds × 2000 calls     7002 / 450 CPU   3241 / 460 CPU   6698 / 688 CPU
    9 rounds × 1000 calls     4988 / 362 CPU   7734 / 509 CPU   14142 / 607 CPU

Reading: both ways of preparing the statement save a quarter to a third of the client's CPU
over Django's default; the documented OPTIONS are not cheaper than lean_rows' cursor (equal
in one run, 29 % dearer in the other: Django's cursor wrapper still runs). They would also
bind every statement of the application on the server and prepare all of them, a change
well beyond the two hot paths (and both must be off behind pgbouncer's transaction pooling,
KESU_PREPARED_STATEMENTS=false). So lean_rows keeps its own cursor, its Django internals
listed in DJANGO_INTERNALS and checked by tests/accounts/test_lean_rows.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/<script>.py`: bench.* from the repository
    sys.path[0] = str(Path(__file__).resolve().parents[1])
from bench.benchlib import shut_down, throwaway_postgres  # noqa: E402

WAYS = ("lean cursor", "OPTIONS", "plain")


def _data(members: int) -> list[tuple[str, int]]:
    """(token digest, attempt id) of `members` members, each with an attempt started."""
    from bench import contest_submit  # migrates, then the tree, paper, members and tokens

    paper_id, tokens = contest_submit._prepare(members)
    from kesu.accounts.services import token_digest
    from kesu.quiz.attempts.services import start_attempt
    from kesu.quiz.models import Paper

    paper = Paper.objects.get(pk=paper_id)
    from kesu.accounts.models import User

    pairs = []
    for plain in tokens:
        digest = token_digest(plain)
        user = User.objects.get(api_tokens__digest=digest)
        attempt = start_attempt(member=user.member, paper=paper, rate_limit=False)
        pairs.append((digest, attempt.pk))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--calls", type=int, default=2000, help="per way and round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    data_dir = tempfile.mkdtemp(prefix="kesu-bench-cursor-")
    pg, url = throwaway_postgres()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="kesu.settings",
        KESU_DATA_DIR=data_dir,
        KESU_DATABASE_URL=url,
        KESU_LOG_LEVEL="ERROR",
    )
    try:
        pairs = _data(args.members)
        from django.conf import settings
        from django.db import connections

        from kesu.quiz.attempts.lean import token_and_attempt

        base = connections.settings["default"]
        connections.settings["options"] = {
            **base,
            "OPTIONS": {
                **base["OPTIONS"],
                "server_side_binding": True,
                "prepare_threshold": 0,
            },
        }
        connections.settings["plain"] = {**base}
        alias = {"lean cursor": "default", "OPTIONS": "options", "plain": "plain"}
        wall = {way: [] for way in WAYS}
        cpu = {way: [] for way in WAYS}
        for way in WAYS:  # warm: connection opened, statement prepared, converters cached
            settings.KESU_PREPARED_STATEMENTS = way == "lean cursor"
            for digest, attempt_id in pairs[:50]:
                assert token_and_attempt(digest, attempt_id, alias[way]) is not None
        for _ in range(args.rounds):
            for way in WAYS:
                settings.KESU_PREPARED_STATEMENTS = way == "lean cursor"
                using = alias[way]
                calls = [pairs[i % len(pairs)] for i in range(args.calls)]
                c0, t0 = time.process_time(), time.perf_counter()
                for digest, attempt_id in calls:
                    token_and_attempt(digest, attempt_id, using)
                t1, c1 = time.perf_counter(), time.process_time()
                wall[way].append((t1 - t0) / args.calls * 1e6)
                cpu[way].append((c1 - c0) / args.calls * 1e6)
        print(
            f"token_and_attempt, {args.rounds} rounds × {args.calls} calls per way "
            f"({len(pairs)} members); median of the rounds:"
        )
        for way in WAYS:
            print(
                f"  {way:12} {statistics.median(wall[way]):7.1f} µs/call wall, "
                f"{statistics.median(cpu[way]):6.1f} µs client CPU "
                f"(rounds: {', '.join(f'{w:.0f}' for w in wall[way])})"
            )
        connections.close_all()
    finally:
        shut_down(None, pg, data_dir)


if __name__ == "__main__":
    main()
