"""kesu's background worker: django-tasks-db's, with each task run in a forked child.

A task that exhausts memory or crashes the interpreter then takes down only its child: the
worker notices the exit, marks the job and the task result failed (kesu.core.jobs) and
goes on with the queue. While the child runs, the worker writes the job's heartbeat.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import time

from django.db import DatabaseError, close_old_connections, connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from kesu.core import jobs

logger = logging.getLogger(__name__)
# Where processes cannot be forked (Windows), tasks run in the worker as django-tasks-db's do.
_FORK = (
    multiprocessing.get_context("fork")
    if "fork" in multiprocessing.get_all_start_methods()
    else None
)
_PR_SET_PDEATHSIG = 1
REAP_EVERY = 60.0


def _die_with_parent(parent: int) -> None:
    """A job must not outlive a worker that was killed: nobody would watch it."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class IsolatedWorker(Worker):
    """django-tasks-db's polling loop; each claimed task runs in a forked, watched child."""

    def run(self) -> None:
        found = jobs.reap_all() + jobs.reap_task_results(foreign_too=True)
        if found:
            logger.warning("启动时发现 %s 个因进程退出而中断的任务，已标记为失败", found)
        super().run()

    def _child(self, db_task_result: DBTaskResult, parent: int) -> None:
        _die_with_parent(parent)
        # Ctrl+C reaches the whole process group: the worker decides, not the job.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        jobs.mark_supervised()
        try:
            super().run_task(db_task_result)
        finally:
            connections.close_all()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        if _FORK is None:
            return super().run_task(db_task_result)
        # The child opens its own connections; a shared socket would corrupt both sides.
        connections.close_all()
        child = _FORK.Process(target=self._child, args=(db_task_result, os.getpid()))
        self.running_task = True
        child.start()
        runner = jobs.runner_id(child.pid)
        last_reap = time.monotonic()
        try:
            while child.exitcode is None:
                child.join(jobs.HEARTBEAT_SECONDS)
                if child.exitcode is None:
                    reap = time.monotonic() - last_reap > REAP_EVERY
                    last_reap = time.monotonic() if reap else last_reap
                    self._watch(runner, reap=reap)
        except BaseException:
            # A forced stop (second Ctrl+C): the job ends with the worker, marked failed.
            child.kill()
            child.join()
            self._after(child, db_task_result, runner)
            raise
        finally:
            self.running_task = False
            self._run_tasks += 1
        self._after(child, db_task_result, runner)

    def _watch(self, runner: str, *, reap: bool) -> None:
        try:
            jobs.beat(runner)
            if reap:
                jobs.reap_all()
        except DatabaseError:
            # A busy database must not end the job: the next beat will do.
            logger.warning("写入任务心跳失败，稍后重试", exc_info=True)
        finally:
            close_old_connections()

    def _after(self, child: multiprocessing.Process, result: DBTaskResult, runner: str) -> None:
        if child.exitcode:
            logger.error("任务 %s 的处理进程异常退出（退出码 %s）", result.id, child.exitcode)
        result.refresh_from_db()
        if result.status == "RUNNING":
            result.set_failed(jobs.WorkerDied(jobs.DIED_MESSAGE))
        # Whatever the child still held is orphaned now that it is gone.
        jobs.reap_all([runner])
