"""Background jobs that outlive the process running them.

A job row (import, export …) records which process runs it (`runner`, "host:pid") and, when
a supervising worker watches that process, a heartbeat. If the process dies (killed by the
out-of-memory killer, a crash, a restart), nothing else would ever finish the row: `reap`
marks such rows failed with a message the user sees, and the page offers a retry. It runs
when the worker starts, after each job process ends, and whenever a job page is read.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DIED_MESSAGE = "处理过程中后台进程意外退出，请重试"
HEARTBEAT_SECONDS = 10
# A watched job whose heartbeat is this old has lost its worker (another host, or a hung one).
STALE_AFTER = timedelta(seconds=6 * HEARTBEAT_SECONDS)
# Set in a job process forked by kesu's worker: its parent writes the heartbeats.
_supervised = False

J = TypeVar("J", bound="BackgroundJob")


class BackgroundJob(models.Model):
    """Fields every background job row shares, so a dead job can be found and failed."""

    runner = models.CharField(max_length=100, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Statuses in which some process is (or should be) working on the row.
    LIVE_STATUSES: tuple[str, ...] = ("running",)

    class Meta:
        abstract = True


class JobStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("处理中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class RowsJob(BackgroundJob):
    """A job that works through rows for the user who asked for it, showing how far it is."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


def _host() -> str:
    return socket.gethostname()[:60]


def runner_id(pid: int | None = None) -> str:
    return f"{_host()}:{pid or os.getpid()}"


def claim_fields() -> dict[str, Any]:
    """The fields to write when a job process takes a row (with status=running)."""
    return {
        "status": "running",
        "runner": runner_id(),
        "heartbeat_at": timezone.now() if _supervised else None,
    }


def mark_supervised() -> None:
    global _supervised  # noqa: PLW0603 - one flag per process, set once after fork
    _supervised = True


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie still answers kill(0) but will never work again
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def runner_alive(runner: str) -> bool | None:
    """True/False for a process on this host; None when it runs elsewhere (or unknown)."""
    host, _, pid = runner.rpartition(":")
    if host != _host() or not pid.isdigit():
        return None
    return pid_alive(int(pid))


def job_models() -> list[type[BackgroundJob]]:
    return [m for m in apps.get_models() if issubclass(m, BackgroundJob)]


def _is_dead(status: str, runner: str, heartbeat_at: Any, stale_before: Any) -> bool:
    if not runner:
        # Rows claimed before runners were recorded; a cancel asked before the start has none.
        return status == "running"
    # A stale heartbeat: the supervising worker is gone (its job process goes with it) or
    # hangs; on this host the pid is asked too, so a death is seen at once.
    if heartbeat_at is not None and heartbeat_at < stale_before:
        return True
    return runner_alive(runner) is False


def reap(queryset: models.QuerySet[J]) -> int:
    """Mark the rows of `queryset` whose process is gone as failed; how many were."""
    model = queryset.model
    stale_before = timezone.now() - STALE_AFTER
    live = queryset.filter(status__in=model.LIVE_STATUSES)
    failed = 0
    for pk, status, runner, beat in live.values_list("pk", "status", "runner", "heartbeat_at"):
        if _is_dead(status, runner, beat, stale_before):
            # Only if nothing changed since the read: a job finishing meanwhile stays done.
            failed += model.objects.filter(pk=pk, status=status, runner=runner).update(
                status="failed", message=DIED_MESSAGE, finished_at=timezone.now()
            )
            logger.warning("%s %s: 处理进程 %s 已不存在，已标记为失败", model.__name__, pk, runner)
    return failed


def reap_one(job: J) -> J:
    """The job as stored, failed first if its process died (called by the job pages)."""
    if job.status in job.LIVE_STATUSES and reap(type(job).objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return job


def reap_all(runners: Iterable[str] | None = None) -> int:
    """Reap every job model (only the rows of `runners` if given); then the task queue."""
    count = 0
    for model in job_models():
        qs = model.objects.all()
        if runners is not None:
            qs = qs.filter(runner__in=list(runners))
        count += reap(qs)
    return count + reap_task_results()


def beat(runner: str) -> None:
    """The supervising worker's heartbeat for the rows its job process holds."""
    for model in job_models():
        model.objects.filter(runner=runner, status__in=model.LIVE_STATUSES).update(
            heartbeat_at=timezone.now()
        )


class WorkerDied(Exception):  # noqa: N818 - reads as what happened, in the task result
    """Recorded on a task result whose process ended without finishing it."""


def reap_task_results(*, foreign_too: bool = False) -> int:
    """django-tasks-db's own rows left running by a dead worker (ids "host:pid", see
    kesu.core.worker); with foreign_too also those of workers that left no such id."""
    from django_tasks_db.models import DBTaskResult

    failed = 0
    for result in DBTaskResult.objects.running():
        worker = result.worker_ids[-1] if result.worker_ids else ""
        alive = runner_alive(worker)
        if alive is False or (alive is None and foreign_too and ":" not in worker):
            result.set_failed(WorkerDied(DIED_MESSAGE))
            failed += 1
    return failed


class RetryRefused(Exception):  # noqa: N818 - the user is told why, not that it "errored"
    """Why a job cannot be run again, in words for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def retry_check(job: BackgroundJob, *files: Any) -> None:
    """Only a failed job is run again, and only while the files it reads are still stored."""
    if getattr(job, "status", "") != "failed":
        raise RetryRefused("只有失败的任务可以重试")
    for field in files:
        if not field or not field.storage.exists(field.name):
            raise RetryRefused("上传的文件已不存在，无法重试，请重新上传")
