"""`kesu serve` as a well-behaved service: granian and the background worker as children.

- granian runs with this interpreter (`python -m granian`), never whichever one is on PATH:
  another virtual environment's granian cannot import kesu.
- SIGTERM and SIGINT (systemd, `kill PID`, Ctrl+C) are forwarded: granian stops accepting,
  lets the requests in flight finish and exits; the worker finishes the task it runs (asked
  twice after the grace period, it fails and releases the task; kesu.core.worker).
- Children are told to stop should `kesu serve` itself be killed (PR_SET_PDEATHSIG), so no
  server is left answering on the port without its parent.
- The address is printed once the server answers, not before.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence

from kesu.core.supervise import Supervisor, stop_with_parent


def granian_argv(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "1",
        "--respawn-failed-workers",
        "--log-level",
        "warning",
        "kesu.core.middleware_wsgi:application",
    ]


def probe_url(host: str, port: int) -> str:
    """Where this machine reaches the server (a wildcard address is reached on loopback)."""
    local = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104
    if ":" in local:
        local = f"[{local}]"
    return f"http://{local}:{port}/healthz"


def answers(url: str, timeout: float = 1.0) -> bool:
    """True once an HTTP answer comes back (any status: a host not in KESU_ALLOWED_HOSTS
    gets a 400, yet the server is up)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):  # noqa: S310
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


class Service:
    """granian plus (optionally) a supervised worker, stopped together and gracefully."""

    def __init__(
        self,
        server_argv: Sequence[str],
        worker_argv: Sequence[str] | None,
        *,
        probe: str,
        stop_seconds: float = 30.0,
    ) -> None:
        self.server_argv = list(server_argv)
        self.worker_argv = list(worker_argv) if worker_argv else None
        self.probe = probe
        self.stop_seconds = stop_seconds
        self.stopping = threading.Event()
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: Supervisor | None = None

    def _on_signal(self, signum: int, frame: object) -> None:
        self.stopping.set()

    def run(self, on_ready: Callable[[], None]) -> int:
        previous = {
            sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            # granian before the worker's supervisor thread: preexec_fn forks are safest
            # while the process has one thread.
            self.server = subprocess.Popen(  # noqa: S603
                self.server_argv, process_group=0, preexec_fn=stop_with_parent()
            )
            if self.worker_argv:
                self.worker = Supervisor(self.worker_argv).start()
            ready = False
            while self.server.poll() is None and not self.stopping.is_set():
                if not ready and answers(self.probe, timeout=0.5):
                    ready = True
                    on_ready()
                self.stopping.wait(0.2 if not ready else 1.0)
            return self.stop()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def stop(self) -> int:
        """Stop granian (requests in flight finish), then the worker; granian's exit code."""
        server = self.server
        code = 0
        if server is not None:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)
            code = _wait(server, self.stop_seconds)
        if self.worker is not None:
            self.worker.stop(timeout=self.stop_seconds)
        return code


def _wait(process: subprocess.Popen[bytes], seconds: float) -> int:
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
