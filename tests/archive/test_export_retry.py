"""An archive export whose process died: failed on its page, retried by its requester."""

from __future__ import annotations

import subprocess
import sys

from django.urls import reverse

from kesu.archive.models import SummaryExport
from kesu.audit.models import AuditEntry
from kesu.core.jobs import DIED_MESSAGE, runner_id
from tests.archive.conftest import YEAR

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_died_export_shows_failed_and_is_retried(
    client, story, users, tree, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    process = subprocess.Popen([sys.executable, "-c", ""])  # noqa: S603
    process.wait()
    job = SummaryExport.objects.create(
        created_by=users.staff_a,
        org=tree.a,
        year=YEAR,
        status="running",
        runner=runner_id(process.pid),
    )
    url = reverse("archive:export_retry", args=[job.pk])
    client.force_login(users.admin_a)
    assert client.post(url).status_code == 404  # not the requester
    client.force_login(users.staff_a)
    page = client.get(reverse("archive:export_job", args=[job.pk])).content.decode()
    assert DIED_MESSAGE in page and url in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    again = SummaryExport.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("archive:export_job", args=[again.pk])
    again.refresh_from_db()
    assert again.status == "done" and again.total_rows == 2 and again.org == tree.a
    assert AuditEntry.objects.get(action="archive.export_retry").changes == {"job": job.pk}
    # A finished job is not run again.
    page = client.post(reverse("archive:export_retry", args=[again.pk]), follow=True)
    assert "只有失败的任务可以重试" in page.content.decode()
    assert SummaryExport.objects.count() == 2
