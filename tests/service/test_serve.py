"""A real `kesu serve`: its own granian, its address printed once it answers, a killed worker
restarted, and SIGTERM stopping everything only after the request in flight has finished."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

from tests.service.procs import (
    KESU,
    cmdline,
    descendants,
    free_port,
    get,
    kesu_env,
    running,
    wait_for,
)


def _worker_pids(serve: int) -> list[int]:
    return [p for p in descendants(serve) if " kesu.cli worker" in cmdline(p)]


def test_serve_runs_its_own_granian_restarts_the_worker_and_stops_gracefully(tmp_path):
    # Another granian first on PATH (another virtual environment's): it must not be used.
    decoy = tmp_path / "bin"
    decoy.mkdir()
    (decoy / "granian").write_text("#!/bin/sh\necho 'decoy granian' >&2\nexit 3\n")
    (decoy / "granian").chmod(0o755)
    env = kesu_env(tmp_path / "data", DJANGO_SETTINGS_MODULE="tests.service.slow_site")
    env["PATH"] = f"{decoy}:{env['PATH']}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    serve = subprocess.Popen(
        [*KESU, "serve", "--port", str(port), "--workers", "1", "--stop-seconds", "20"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=log.open("wb"),
        text=True,
    )
    try:
        line = serve.stdout.readline()  # the first line: printed once the server answers
        assert f"{base}/" in line, (line, log.read_text())
        assert get(f"{base}/healthz") == (200, "ok")
        assert get(f"{base}/readyz") == (200, "ok")
        assert "decoy granian" not in log.read_text()

        (worker,) = wait_for(lambda: _worker_pids(serve.pid), "the worker", log=log)
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: [p for p in _worker_pids(serve.pid) if p != worker], "a new worker")
        assert not running(worker)  # reaped, not a zombie

        children = descendants(serve.pid)
        assert len(children) >= 3  # granian, its worker process, the background worker
        answer: list[tuple[int, str]] = []
        slow = threading.Thread(target=lambda: answer.append(get(f"{base}/slow?s=3")))
        slow.start()
        time.sleep(1.0)  # the request is in flight
        serve.send_signal(signal.SIGTERM)
        slow.join(30)
        assert answer == [(200, "slow done")]
        assert serve.wait(timeout=30) == 0
        assert "已停止" in serve.stdout.read()
        assert [p for p in children if running(p)] == []
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
