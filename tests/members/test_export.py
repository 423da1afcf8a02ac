"""Roster export: masking by role, scope, filters, formula injection, audit, background jobs."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.members.models import ExportJob
from tests.factories import make_member

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _rows(response) -> list[list]:
    body = b"".join(response.streaming_content)
    ws = openpyxl.load_workbook(io.BytesIO(body)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


def _by_name(rows) -> dict[str, list]:
    header = rows[0]
    return {row[header.index("姓名")]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def test_admin_sees_full_numbers_and_only_own_subtree(client, users, members):
    client.force_login(users.admin_a)
    response = client.get(reverse("members:export"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = _by_name(_rows(response))
    assert set(rows) == {"张三", "李四"}  # 王五 is in HZ-B
    assert rows["张三"]["身份证号"] == crypto.decrypt(members.in_a.id_number_enc)
    assert rows["张三"]["手机号"] == "13800001234"
    assert rows["张三"]["所属工会"] == "某科技公司工会" and rows["张三"]["会籍状态"] == "在册"
    entry = AuditEntry.objects.get(action="member.export")
    assert entry.actor == users.admin_a and entry.changes["rows"] == 2
    assert entry.changes["masked"] is False and entry.org_path == "/HZ/HZ-A/"


@pytest.mark.parametrize("who", ["staff_a", "viewer_a"])
def test_other_roles_get_masked_numbers(client, users, members, who):
    client.force_login(getattr(users, who))
    rows = _by_name(_rows(client.get(reverse("members:export"))))
    assert (
        rows["张三"]["身份证号"] == members.in_a.id_number_masked
        and "*" in rows["张三"]["身份证号"]
    )
    assert rows["张三"]["手机号"] == "138****1234"
    assert AuditEntry.objects.get(action="member.export").changes["masked"] is True


def test_filters_are_applied_and_audited(client, users, members):
    client.force_login(users.admin_a)
    rows = _by_name(_rows(client.get(reverse("members:export"), {"org": "HZ-A-1-01"})))
    assert set(rows) == {"张三"}
    assert AuditEntry.objects.get(action="member.export").changes["filters"]["org"] == "HZ-A-1-01"
    # A filter naming an organisation outside the subtree exports nothing.
    rows = _rows(client.get(reverse("members:export"), {"org": "HZ-B-01"}))
    assert len(rows) == 1


def test_formula_injection_is_neutralised(client, tree, users):
    make_member(
        tree.a1g,
        name="公式",
        employer_name='=HYPERLINK("http://x","y")',
        notes="+1+2",
        occupation="@SUM(A1)",
    )
    client.force_login(users.admin_a)
    row = _by_name(_rows(client.get(reverse("members:export"))))["公式"]
    assert row["工作单位"].startswith("'=") and row["备注"] == "'+1+2"
    assert row["职业/行业"] == "'@SUM(A1)"


def test_member_role_may_not_export(client, users):
    client.force_login(users.member_a)
    assert client.get(reverse("members:export")).status_code == 403


def test_large_export_runs_in_background(
    client, users, members, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    settings.KESU_EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(users.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("members:export"))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "members:export_job", args=[job.pk]
    )
    job.refresh_from_db()
    assert job.status == "done" and job.total_rows == 2 and job.masked
    page = client.get(response.url).content.decode()
    assert "<progress" in page and reverse("members:export_job_download", args=[job.pk]) in page
    rows = _by_name(_rows(client.get(reverse("members:export_job_download", args=[job.pk]))))
    assert set(rows) == {"张三", "李四"} and "*" in rows["李四"]["身份证号"]
    actions = sorted(AuditEntry.objects.values_list("action", flat=True))
    assert actions == ["member.export", "member.export_download"]
    # Another user, even an admin of the same unit, cannot open or download it.
    client.force_login(users.admin_a)
    assert client.get(reverse("members:export_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("members:export_job_download", args=[job.pk])).status_code == 404


def test_export_audit_rows_never_land_on_a_member(users, members, client):
    from kesu.members.exporting import member_export
    from kesu.members.selectors import MemberFilters

    member_export(user=users.admin_a, filters=MemberFilters(), out=io.BytesIO())
    entry = AuditEntry.objects.get(action="member.export")
    assert entry.target_type == "member_export"
    assert not AuditEntry.objects.filter(
        target_type="member", action__startswith="member.export"
    ).exists()


def test_background_export_reads_page_by_page_in_roster_order(users, tree, members, monkeypatch):
    # Pages of two across three units: the job's file holds the roster the page gives, in
    # the same order, nobody twice or missing, with progress reported along the way.
    from kesu.members import exporting
    from kesu.members.selectors import MemberFilters

    for n in range(3):
        make_member(tree.a1g, name=f"基层{n}")
        make_member(tree.a, name=f"区级{n}")
    monkeypatch.setattr(exporting, "PAGE_ROWS", 2)
    monkeypatch.setattr(exporting, "_PROGRESS_EVERY", 3)
    direct = io.BytesIO()
    exporting.member_export(user=users.admin_a, filters=MemberFilters(), out=direct)
    job = exporting.export_job_create(user=users.admin_a, filters=MemberFilters())
    exporting.export_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.total_rows == job.processed_rows == 8
    with job.file.open("rb") as handle:
        in_job = [[c.value for c in row] for row in openpyxl.load_workbook(handle).active.rows]
    in_page = [[c.value for c in row] for row in openpyxl.load_workbook(direct).active.rows]
    names = [row[1] for row in in_job[1:]]
    assert in_job == in_page and len(set(names)) == 8
