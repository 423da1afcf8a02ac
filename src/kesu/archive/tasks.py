"""Background tasks of the archive app (run by `kesu serve`'s db_worker)."""

from __future__ import annotations

from django_tasks import task


@task()
def summary_export_task(job_id: int) -> None:
    from kesu.archive.exporting import job_run

    job_run(job_id)
