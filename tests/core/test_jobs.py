"""Finding jobs whose process died (kesu.core.jobs.reap): failed with a message, never a
job that is still alive, a cancel asked before the start, or one watched from elsewhere."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kesu.core import jobs
from kesu.members.models import ExportJob, ImportJob
from tests.core.worker_tasks import import_stuck_reading

pytestmark = pytest.mark.django_db


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", ""])  # noqa: S603
    process.wait()
    return process.pid


def import_job(tree, users, **fields) -> ImportJob:
    return ImportJob.objects.create(
        org=tree.a1g, created_by=users.admin_a, file="x.xlsx", original_name="x.xlsx", **fields
    )


def test_running_job_of_a_dead_process_is_failed_with_the_message(tree, users):
    dead = import_job(tree, users, status="running", runner=jobs.runner_id(dead_pid()))
    alive = import_job(tree, users, status="running", runner=jobs.runner_id())
    cancelling = import_job(tree, users, status="cancelling", runner=jobs.runner_id(dead_pid()))
    done = import_job(tree, users, status="done", runner=jobs.runner_id(dead_pid()))
    assert jobs.reap_all() == 2
    for job in (dead, alive, cancelling, done):
        job.refresh_from_db()
    assert (dead.status, dead.message) == ("failed", jobs.DIED_MESSAGE) and dead.finished_at
    assert (cancelling.status, cancelling.message) == ("failed", jobs.DIED_MESSAGE)
    assert alive.status == "running" and done.status == "done"


def test_rows_without_a_runner(tree, users):
    legacy = import_job(tree, users, status="running")  # claimed before runners were kept
    cancelled_early = import_job(tree, users, status="cancelling")  # never started
    jobs.reap_all()
    legacy.refresh_from_db()
    cancelled_early.refresh_from_db()
    assert legacy.status == "failed" and cancelled_early.status == "cancelling"


def test_a_stale_heartbeat_counts_and_elsewhere_only_that(users):
    now = timezone.now()
    stale = ExportJob.objects.create(
        created_by=users.admin_a,
        status="running",
        runner="other-host:1",
        heartbeat_at=now - jobs.STALE_AFTER - timedelta(seconds=1),
    )
    # Here, a live pid with a stale heartbeat is a reused pid or a hung worker.
    reused = ExportJob.objects.create(
        created_by=users.admin_a,
        status="running",
        runner=jobs.runner_id(),
        heartbeat_at=now - jobs.STALE_AFTER - timedelta(seconds=1),
    )
    fresh = ExportJob.objects.create(
        created_by=users.admin_a, status="running", runner="other-host:1", heartbeat_at=now
    )
    unwatched = ExportJob.objects.create(
        created_by=users.admin_a, status="running", runner="other-host:1"
    )
    assert jobs.reap(ExportJob.objects.all()) == 2
    statuses = [ExportJob.objects.get(pk=j.pk).status for j in (stale, reused, fresh, unwatched)]
    assert statuses == ["failed", "failed", "running", "running"]


def test_a_zombie_is_dead():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # noqa: S603
    assert jobs.pid_alive(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    try:
        # Not waited for yet: the process is a zombie, which still answers kill(pid, 0).
        deadline = time.monotonic() + 10
        while jobs.pid_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not jobs.pid_alive(process.pid)
        os.kill(process.pid, 0)  # still there as a zombie
    finally:
        process.wait()


def test_supervised_claim_records_a_heartbeat(monkeypatch):
    assert jobs.claim_fields()["heartbeat_at"] is None
    monkeypatch.setattr(jobs, "_supervised", True)
    fields = jobs.claim_fields()
    assert fields["status"] == "running" and fields["runner"] == jobs.runner_id()
    assert fields["heartbeat_at"] is not None


def test_task_results_left_running_by_a_dead_worker(settings, tree, users):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    results = []

    def status():
        return [DBTaskResult.objects.get(id=r.id).status for r in results]

    for worker in (jobs.runner_id(dead_pid()), jobs.runner_id(), "a1b2c3"):
        result = DBTaskResult.objects.get(id=import_stuck_reading.enqueue(1).id)
        result.claim(worker)
        results.append(result)
    assert jobs.reap_task_results() == 1
    assert status() == ["FAILED", "RUNNING", "RUNNING"]
    # At the worker's start, those of workers that left no "host:pid" go too.
    assert jobs.reap_task_results(foreign_too=True) == 1
    assert status() == ["FAILED", "RUNNING", "FAILED"]


def test_heartbeat_touches_only_the_live_rows_of_its_runner(tree, users):
    mine = import_job(tree, users, status="running", runner="h:1")
    finished = import_job(tree, users, status="done", runner="h:1")
    other = import_job(tree, users, status="running", runner="h:2")
    jobs.beat("h:1")
    beats = [ImportJob.objects.get(pk=j.pk).heartbeat_at for j in (mine, finished, other)]
    assert beats[0] is not None and beats[1:] == [None, None]
