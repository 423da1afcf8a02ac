"""Keep a child process running: `kesu serve` watches its background worker with this.

When the child exits (whatever the reason: killed, crashed) it is reaped at once, so it never
lingers as a zombie, and started again after a short pause that grows while it keeps dying.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence

logger = logging.getLogger("kesu.worker")
_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def stop_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A preexec_fn asking the kernel to send `sig` to the child when its parent dies: a
    killed `kesu serve` must not leave a server on its port or a worker nobody watches."""
    if _libc is None:
        return None
    prctl = _libc.prctl  # looked up before the fork: the child only calls it

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, sig)

    return preexec


class Supervisor:
    """Runs `argv` in a thread of its own until `stop()`; `restarts` counts the restarts."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        healthy_after: float = 60.0,
        poll: float = 0.5,
    ) -> None:
        self.argv = list(argv)
        self.backoff, self.max_backoff = backoff, max_backoff
        self.healthy_after, self.poll = healthy_after, poll
        self.restarts = 0
        self._started = 0.0
        self.process: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="worker-supervisor", daemon=True)

    def start(self) -> Supervisor:
        self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                # A session of its own: a Ctrl+C at the terminal must not stop the child behind
                # the supervisor's back (it would be restarted); stop() ends it instead.
                self.process = subprocess.Popen(  # noqa: S603
                    self.argv, start_new_session=True, preexec_fn=stop_with_parent()
                )
                self._started = time.monotonic()

    def _loop(self) -> None:
        delay = self.backoff
        while not self._stopping.is_set():
            process = self.process
            if process is None or process.poll() is None:  # poll() also reaps an exited child
                self._stopping.wait(self.poll)
                continue
            if time.monotonic() - self._started > self.healthy_after:
                delay = self.backoff
            logger.warning(
                "后台任务进程已退出（退出码 %s），%.0f 秒后重启", process.returncode, delay
            )
            if self._stopping.wait(delay):
                break
            self._spawn()
            self.restarts += 1
            delay = min(delay * 2, self.max_backoff)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop restarting, then ask the child to finish. After `timeout` seconds it is asked
        again (a worker then fails and releases its task), and killed a few seconds later."""
        with self._lock:
            self._stopping.set()
        self._thread.join()
        process = self.process
        if process is None or process.poll() is not None:
            return
        for wait in (timeout, 5.0):
            process.terminate()
            try:
                process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                pass
        process.kill()
        process.wait()
