"""A job whose process died shows as failed with the reason on its page, and can be retried
from there: scope-checked, audited, refused for jobs that did not fail or lost their file."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kesu.audit.models import AuditEntry
from kesu.core.jobs import DIED_MESSAGE, runner_id
from kesu.members.models import ExportJob, ImportJob, Member
from tests.factories import new_id_number
from tests.members.test_import import write_sheet

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def dead_runner() -> str:
    process = subprocess.Popen([sys.executable, "-c", ""])  # noqa: S603
    process.wait()
    return runner_id(process.pid)


@pytest.fixture
def died(tree, users, tmp_path, dead_runner) -> ImportJob:
    """An import whose process was killed while it ran."""
    sheet = write_sheet(
        tmp_path / "s.xlsx", [["再来一次", new_id_number()]], headers=["姓名", "身份证号"]
    )
    job = ImportJob(
        org=tree.a1g,
        created_by=users.staff_a,
        original_name="名册.xlsx",
        status="running",
        runner=dead_runner,
    )
    job.file.save("died.xlsx", ContentFile(sheet.read_bytes()))
    return job


def test_died_import_shows_failed_and_retry_completes(
    client, users, tree, died, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client.force_login(users.admin_a)
    page = client.get(reverse("members:import_job", args=[died.pk])).content.decode()
    assert "失败" in page and DIED_MESSAGE in page and "hx-trigger" not in page
    assert reverse("members:import_job_retry", args=[died.pk]) in page
    died.refresh_from_db()
    assert died.status == "failed"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("members:import_job_retry", args=[died.pk]))
    again = ImportJob.objects.exclude(pk=died.pk).get()
    assert response.url == reverse("members:import_job", args=[again.pk])
    again.refresh_from_db()
    assert again.status == "done" and again.created_count == 1 and again.created_by == users.admin_a
    assert again.file.name == died.file.name and not again.dry_run
    assert Member.objects.filter(name="再来一次", org=tree.a1g).exists()
    entry = AuditEntry.objects.get(action="member.import_retry")
    assert entry.actor == users.admin_a and entry.target_id == str(again.pk)
    assert entry.changes == {"job": died.pk} and entry.org_path == tree.a1g.path


def test_retry_is_scope_and_role_checked(client, users, died):
    died.status = "failed"
    died.save()
    url = reverse("members:import_job_retry", args=[died.pk])
    client.force_login(users.admin_b)
    assert client.post(url).status_code == 404
    client.force_login(users.viewer_a)
    assert client.post(url).status_code == 403
    client.force_login(users.admin_a)
    assert client.get(url).status_code == 405
    assert ImportJob.objects.count() == 1 and not AuditEntry.objects.exists()


def test_retry_refused_with_a_reason(client, users, died):
    client.force_login(users.admin_a)
    url = reverse("members:import_job_retry", args=[died.pk])
    died.status = "done"
    died.save()
    page = client.post(url, follow=True).content.decode()
    assert "只有失败的任务可以重试" in page
    died.status = "failed"
    died.save()
    died.file.delete(save=False)
    page = client.post(url, follow=True).content.decode()
    assert "上传的文件已不存在，无法重试，请重新上传" in page
    assert ImportJob.objects.count() == 1 and not AuditEntry.objects.exists()


def test_died_export_is_retried_for_its_requester_only(
    client, users, members, dead_runner, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    job = ExportJob.objects.create(
        created_by=users.admin_a,
        filters={"org": "HZ-A-1-01"},
        masked=False,
        status="running",
        runner=dead_runner,
    )
    url = reverse("members:export_job_retry", args=[job.pk])
    client.force_login(users.staff_a)
    assert client.post(url).status_code == 404
    client.force_login(users.admin_a)
    page = client.get(reverse("members:export_job", args=[job.pk])).content.decode()
    assert DIED_MESSAGE in page and url in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    again = ExportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("members:export_job", args=[again.pk])
    again.refresh_from_db()
    assert again.status == "done" and again.total_rows == 1 and again.filters == job.filters
    assert AuditEntry.objects.get(action="member.export_retry").changes == {"job": job.pk}


def test_recent_imports_list_a_died_job_as_failed(client, users, died):
    client.force_login(users.staff_a)
    page = client.get(reverse("members:import")).content.decode()
    died.refresh_from_db()
    assert died.status == "failed" and "job-failed" in page and DIED_MESSAGE in page
