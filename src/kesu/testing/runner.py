"""`kesu test`: the whole suite on SQLite and, side by side, on a throwaway PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from kesu.testing.pgserver import ThrowawayPostgres, find_bindir


def _pytest(args: list[str], env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "pytest", *args], env=env, stdout=log, stderr=subprocess.STDOUT
    )


CLUSTER_IGNORE = "--ignore=tests/cluster"


def run_suite(args: list[str]) -> int:
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    only = os.environ.get("KESU_TEST_DB", "both")  # sqlite | postgres | both
    base_env = {k: v for k, v in os.environ.items() if k != "KESU_DATABASE_URL"}
    runs: list[tuple[str, dict[str, str]]] = []
    if only in ("both", "sqlite"):
        runs.append(("SQLite", dict(base_env)))
    server = None
    if only in ("both", "postgres"):
        bindir = find_bindir()
        if bindir is None:
            if in_ci:
                print(
                    "CI=true 但找不到 PostgreSQL 服务器程序（initdb）：请安装 postgresql",
                    flush=True,
                )
                return 2
            print("警告：未找到 PostgreSQL（initdb），本次只在 SQLite 上运行测试", flush=True)
        else:
            server = ThrowawayPostgres(bindir)
            url = server.start()
            runs.append(("PostgreSQL", dict(base_env, KESU_DATABASE_URL=url)))
    try:
        started = time.monotonic()
        procs = []
        for name, env in runs:
            log = tempfile.TemporaryFile(mode="w+")
            # The cluster test starts its own PostgreSQL servers, whatever the run's database:
            # with both runs it runs once, beside PostgreSQL.
            extra = [CLUSTER_IGNORE] if name == "SQLite" and len(runs) > 1 else []
            procs.append((name, _pytest([*args, *extra], env, log), log))
        codes = []
        for name, proc, log in procs:
            code = proc.wait()
            log.seek(0)
            print(f"\n===== {name} =====", flush=True)
            print(log.read(), end="", flush=True)
            codes.append(code)
        elapsed = time.monotonic() - started
        print(
            f"\n===== kesu test: {', '.join(n for n, _ in runs)} — {elapsed:.0f}s =====", flush=True
        )
        for (name, _), code in zip(runs, codes, strict=True):
            print(f"{name}: {'通过' if code == 0 else f'失败（退出码 {code}）'}", flush=True)
        return max(codes) if codes else 1
    finally:
        if server is not None:
            server.stop()
