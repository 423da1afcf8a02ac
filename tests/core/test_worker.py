"""The real worker, killed: the job is reported failed and can be retried; and `kesu serve`'s
supervisor restarts a worker that died."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from kesu.core.jobs import DIED_MESSAGE, pid_alive
from kesu.core.supervise import Supervisor
from kesu.members.models import ImportJob, Member
from tests.core.worker_tasks import import_stuck_reading
from tests.factories import new_id_number
from tests.members.test_import import write_sheet

ROOT = Path(__file__).resolve().parents[2]
SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def wait_for(check, what: str, timeout: float = 60.0, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


class SharedDatabase:
    """The test database as another process sees it. PostgreSQL's is shared as it is; the
    in-memory SQLite one is copied to a file for the worker (push) and back (pull)."""

    def __init__(self, tmp_path: Path) -> None:
        self.file = tmp_path / "worker.sqlite3" if connection.vendor == "sqlite" else None
        if self.file:
            self.url = f"sqlite:///{self.file}"
        else:
            name = connection.settings_dict["NAME"]
            self.url = urlsplit(os.environ["KESU_DATABASE_URL"])._replace(path=f"/{name}").geturl()

    def push(self) -> None:
        if self.file:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def pull(self) -> None:
        if self.file:
            source = sqlite3.connect(self.file, timeout=20)
            source.backup(connection.connection)
            source.close()


def start_worker(db: SharedDatabase, tmp_path: Path, settings) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"worker-{time.monotonic_ns()}.log"
    env = dict(
        os.environ,
        KESU_DATABASE_URL=db.url,
        KESU_DATA_DIR=str(tmp_path / "data"),
        KESU_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        KESU_LOG_LEVEL="INFO",
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )
    with log.open("wb") as out:
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "kesu.cli", "worker", "--interval", "0.1", "--no-startup-delay"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
    return worker, log


def stuck_import(tree, users, tmp_path) -> ImportJob:
    sheet = write_sheet(
        tmp_path / "s.xlsx", [["重试后导入", new_id_number()]], headers=["姓名", "身份证号"]
    )
    job = ImportJob(org=tree.a1g, created_by=users.admin_a, original_name="名册.xlsx")
    job.file.save("stuck.xlsx", ContentFile(sheet.read_bytes()))
    import_stuck_reading.enqueue(job.pk)
    return job


def job_state(db: SharedDatabase, job: ImportJob) -> ImportJob:
    db.pull()
    job.refresh_from_db()
    return job


def failed(db: SharedDatabase, job: ImportJob) -> bool:
    """Both the job row and django-tasks-db's task result say failed."""
    if job_state(db, job).status != "failed":
        return False
    return DBTaskResult.objects.get(args_kwargs__args=[job.pk]).status == "FAILED"


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.kill()
        worker.wait()


@pytest.mark.django_db(transaction=True)
def test_killed_job_is_failed_retried_and_survives_worker_restart(
    client, tree, users, tmp_path, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(users.admin_a)
    db = SharedDatabase(tmp_path)
    job = stuck_import(tree, users, tmp_path)
    db.push()
    worker, log = start_worker(db, tmp_path, settings)
    try:
        wait_for(lambda: job_state(db, job).status == "running", "job running", log=log)
        child = int(job.runner.rsplit(":", 1)[1])
        assert child != worker.pid  # the job runs in a process of its own
        os.kill(child, signal.SIGKILL)  # as the out-of-memory killer would

        wait_for(lambda: failed(db, job), "job and task failed", log=log)
        assert job.message == DIED_MESSAGE and job.finished_at is not None
        assert DIED_MESSAGE in DBTaskResult.objects.get(args_kwargs__args=[job.pk]).traceback
        assert worker.poll() is None  # the worker itself lived on
        page = client.get(reverse("members:import_job", args=[job.pk])).content.decode()
        assert DIED_MESSAGE in page and reverse("members:import_job_retry", args=[job.pk]) in page

        response = client.post(reverse("members:import_job_retry", args=[job.pk]))
        again = ImportJob.objects.exclude(pk=job.pk).get()
        assert response.url == reverse("members:import_job", args=[again.pk])
        db.push()
        wait_for(lambda: job_state(db, again).status == "done", "retry done", log=log)
        assert again.created_count == 1
        assert Member.objects.filter(name="重试后导入", org=tree.a1g).exists()

        # Now the whole worker dies mid-job: its job process goes with it, and the
        # next worker finds the job left running and fails it.
        stuck = stuck_import(tree, users, tmp_path)
        db.push()
        wait_for(lambda: job_state(db, stuck).status == "running", "second job running", log=log)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        wait_for(lambda: not pid_alive(int(stuck.runner.rsplit(":", 1)[1])), "job process gone")
        # Uploaded while no worker runs: it waits in the queue for the next one.
        upload = SimpleUploadedFile(
            "后来.xlsx",
            write_sheet(
                tmp_path / "later.xlsx",
                [["后来导入", new_id_number()]],
                headers=["姓名", "身份证号"],
            ).read_bytes(),
        )
        client.post(reverse("members:import"), {"org": tree.a1g.pk, "file": upload})
        queued = ImportJob.objects.get(original_name="后来.xlsx")
        db.push()
        worker, log = start_worker(db, tmp_path, settings)
        wait_for(lambda: failed(db, stuck), "failed on restart", log=log)
        assert stuck.message == DIED_MESSAGE
        wait_for(lambda: job_state(db, queued).status == "done", "queued job done", log=log)
        assert Member.objects.filter(name="后来导入").exists()
    finally:
        stop(worker)


def test_supervisor_restarts_a_killed_worker_and_reaps_it():
    supervisor = Supervisor(SLEEPER, backoff=0.05, poll=0.05).start()
    try:
        first = supervisor.process
        os.kill(first.pid, signal.SIGKILL)
        wait_for(lambda: supervisor.process is not first, "a new worker", timeout=10)
        assert first.returncode == -signal.SIGKILL  # reaped, not left a zombie
        assert supervisor.restarts == 1 and supervisor.process.poll() is None
    finally:
        supervisor.stop(timeout=5)
    assert supervisor.process.returncode is not None


def test_supervisor_backs_off_while_the_worker_keeps_dying():
    supervisor = Supervisor(
        [sys.executable, "-c", "raise SystemExit(3)"], backoff=0.05, max_backoff=0.2, poll=0.02
    ).start()
    try:
        wait_for(lambda: supervisor.restarts >= 3, "three restarts", timeout=20)
    finally:
        supervisor.stop(timeout=5)
    count = supervisor.restarts
    time.sleep(0.3)
    assert supervisor.restarts == count  # stopped means no more restarts


@pytest.mark.django_db
def test_serve_supervises_kesu_worker(monkeypatch, settings):
    from django.core.management import call_command

    from kesu.core.management.commands import serve

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    started = []

    class FakeService:
        def __init__(self, server_argv, worker_argv, **kwargs):
            started.append(worker_argv[-3:])
            self.stopping = threading.Event()

        def run(self, on_ready):
            return 0

    monkeypatch.setattr(serve, "Service", FakeService)
    with pytest.raises(SystemExit):
        call_command("serve", "--no-migrate")
    assert started == [["worker", "--interval", "0.5"]]
