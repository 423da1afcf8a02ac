"""deploy/haproxy/haproxy.cfg on loopback: the repository's own balancer configuration with
the caller's listening port and app nodes, for the cluster test and the benchmarks (no kesu
import, so either side can use it)."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import time
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
HOST = "127.0.0.1"
CHECK_HOST = "kesu.example.org"  # the Host header of deploy's /readyz check


def haproxy_config(app_ports: list[int], port: int, directory: Path) -> Path:
    """deploy/haproxy.cfg with our own listening port and app nodes, written to
    directory/haproxy.cfg (unprivileged: no chroot, user, stats socket, syslog or daemon)."""
    lines = []
    for line in (DEPLOY / "haproxy" / "haproxy.cfg").read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("server "):
            continue
        if stripped.startswith("bind "):
            line = f"    bind {HOST}:{port}"
        elif stripped.startswith("maxconn"):
            line = "    maxconn 1000"  # within an unprivileged process's file limit
        elif stripped.startswith(("chroot", "user ", "group ", "stats socket", "daemon", "log /")):
            continue
        lines.append(line)
    assert lines[-1].strip() == "http-check expect status 200", "backend kesu_app comes last"
    lines += [
        f"    server app{i} {HOST}:{p} check inter 500ms fall 2 rise 2"
        for i, p in enumerate(app_ports, 1)
    ]
    path = directory / "haproxy.cfg"
    path.write_text("\n".join(lines) + "\n")
    return path


def _ready(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("GET", "/readyz", headers={"Host": CHECK_HOST})
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def start_haproxy(
    app_ports: list[int], port: int, directory: Path, timeout: float = 30.0
) -> subprocess.Popen:
    """haproxy in the foreground in front of app_ports, once every node passed its health
    check (a request through it reaches each of them); its log goes to directory."""
    directory.mkdir(parents=True, exist_ok=True)
    config = haproxy_config(app_ports, port, directory)
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    proc = subprocess.Popen(  # noqa: S603 (fixed argv, loopback only)
        [haproxy, "-f", str(config)],
        stdout=(directory / "haproxy.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_ready(proc, port, len(app_ports), timeout, directory)
    except BaseException:  # not ready, or Ctrl-C while waiting: the caller never holds it
        stop(proc)
        raise
    return proc


def _wait_ready(
    proc: subprocess.Popen, port: int, nodes: int, timeout: float, directory: Path
) -> None:
    # Health checks every 500 ms, two to rise: every node is in once a few checks have run.
    deadline = time.monotonic() + timeout
    settled = 0
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"haproxy exited with code {proc.returncode}, see {directory}")
        settled = settled + 1 if _ready(port) else 0
        if settled >= 3 * nodes:
            return
        time.sleep(0.3)
    raise SystemExit(f"haproxy did not become ready, see {directory}")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
