"""Background tasks of the members app (run by `kesu serve`'s db_worker)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_job_task(job_id: int) -> None:
    from kesu.members.importing.jobs import import_job_run

    import_job_run(job_id)


@task()
def export_job_task(job_id: int) -> None:
    from kesu.members.exporting import export_job_run

    export_job_run(job_id)
