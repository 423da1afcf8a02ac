"""A task for tests/core/test_worker.py, imported by the real worker process it starts."""

from __future__ import annotations

import time
from unittest import mock

from django_tasks import task


def _read_forever(handle):
    time.sleep(300)


@task()
def import_stuck_reading(job_id: int) -> None:
    """The real import job, whose spreadsheet never finishes reading: its process is then
    killed from outside, the way the out-of-memory killer ends a process reading a bomb."""
    from kesu.members.importing.jobs import import_job_run

    with mock.patch("kesu.members.importing.jobs.read_sheet", _read_forever):
        import_job_run(job_id)
