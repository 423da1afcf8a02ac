"""Real processes for the service and cluster tests: free ports, process trees, waiting."""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KESU = [sys.executable, "-m", "kesu.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def kesu_env(data: Path, **extra: str) -> dict[str, str]:
    """The environment of a kesu process under test: its own data directory, the checkout's
    code and tests importable, no database of the test run's own."""
    env = {k: v for k, v in os.environ.items() if k not in ("KESU_DATABASE_URL", "KESU_TEST_DB")}
    paths = [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    env.update(KESU_DATA_DIR=str(data), PYTHONPATH=os.pathsep.join(p for p in paths if p))
    env.update(extra)
    return env


def children_of(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(b")", 1)[1].split()[1]) == pid:
            out.append(int(entry.name))
    return out


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in children_of(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except OSError:
        return False
    return state != b"Z"


def kill_tree(pid: int, sig: int = signal.SIGKILL) -> None:
    for each in [pid, *descendants(pid)]:
        try:
            os.kill(each, sig)
        except ProcessLookupError:
            pass


def wait_for(check, what: str, timeout: float = 60.0, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def get(url: str, timeout: float = 10.0, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def ready(url: str) -> bool:
    """True once `url` answers 200 (a server still starting refuses the connection)."""
    try:
        return get(url, timeout=2)[0] == 200
    except OSError:
        return False
