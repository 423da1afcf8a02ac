"""Every spreadsheet importer against every hostile file (tests/hostile.py): each file is
refused with the importer's own Chinese error, no exception escapes, nothing is written; the
background job ends failed with the message; the web pages keep answering afterwards."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from kesu.activities.models import Attendance
from kesu.assessment.importing import ImportError_, scores_import
from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.assessment.schemes import ensure_builtin
from kesu.audit.models import AuditEntry
from kesu.checkin.services import CheckinError, attendance_import
from kesu.core.sheets import SheetError
from kesu.employers.importing import employer_import, medical_import
from kesu.employers.models import Employer, MutualMedicalEnrolment
from kesu.employers.validation import EmployerError
from kesu.members.importing import import_file
from kesu.members.importing.jobs import import_job_create
from kesu.members.models import ImportJob, Member
from kesu.orgs.models import Organization
from kesu.plans.models import Target
from kesu.plans.services import PlanError
from kesu.plans.targets_xlsx import targets_import
from kesu.quiz.attempts.importing import import_sittings
from kesu.quiz.bank import sheets as bank_io
from kesu.quiz.models import Attempt, Paper, Question, QuestionBank
from kesu.training import services as training
from kesu.training.enrolling import enrol_import
from kesu.training.models import Enrolment
from kesu.training.validation import TrainingError
from tests import hostile
from tests.checkin.conftest import make_activity
from tests.quiz.conftest import make_paper, make_question

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Whatever an importer could write: counted before and after each hostile file.
WRITTEN = [
    Member,
    Question,
    Attempt,
    Attendance,
    Enrolment,
    Employer,
    MutualMedicalEnrolment,
    Target,
    Organization,
    AuditEntry,
]


@cache
def payload(name: str) -> bytes:
    return hostile.HOSTILE[name].build()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


# --- each importer: (context) -> run(bytes) -> the Chinese message it refused the file with


def _members(ctx) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        with pytest.raises(SheetError) as refused:
            import_file(io.BytesIO(data), org=ctx.tree.a1g, actor=ctx.users.admin_a)
        return str(refused.value)

    return run


def _member_job(dry_run: bool) -> Callable[[Any], Callable[[bytes], str]]:
    """The upload stored as an ImportJob and run by the worker's task (members.tasks)."""

    def make(ctx) -> Callable[[bytes], str]:
        ctx.settings.TASKS = IMMEDIATE

        def run(data: bytes) -> str:
            upload = SimpleUploadedFile("名册.xlsx", data)
            with ctx.on_commit(execute=True):
                job = import_job_create(
                    actor=ctx.users.admin_a, org=ctx.tree.a1g, upload=upload, dry_run=dry_run
                )
            job.refresh_from_db()
            assert job.status == ImportJob.Status.FAILED, (job.status, job.message)
            assert job.total_rows == job.processed_rows == job.created_count == 0
            return job.message

        return run

    return make


def _bank(ctx) -> Callable[[bytes], str]:
    bank = QuestionBank.objects.create(org=ctx.tree.a, name="西湖区题库")

    def run(data: bytes) -> str:
        report = bank_io.import_questions(
            actor=ctx.users.staff_a, bank=bank, source=io.BytesIO(data), dry_run=False
        )
        assert report.created == 0 and not report.applied
        return report.file_error

    return run


def _sittings(ctx) -> Callable[[bytes], str]:
    bank = QuestionBank.objects.create(org=ctx.tree.a, name="西湖区题库")
    paper = make_paper(ctx.tree.a, [(make_question(bank), Decimal(2))])

    def run(data: bytes) -> str:
        report = import_sittings(
            actor=ctx.users.staff_a, paper=paper, source=io.BytesIO(data), dry_run=False
        )
        return report.file_error

    return run


def _assessment(ctx) -> Callable[[bytes], str]:
    ensure_builtin()
    assessment = LiteracyAssessment.objects.create(
        org=ctx.tree.a,
        title="2026年职工科学素质测评",
        paper=Paper.objects.create(org=ctx.tree.a, title="测评卷", purpose="assessment"),
        scheme=LiteracyScheme.objects.get(code="national-2022"),
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 6, 30),
    )
    return _raises(
        ImportError_,
        lambda data: scores_import(
            actor=ctx.users.staff_a, assessment=assessment, source=io.BytesIO(data), dry_run=False
        ),
    )


def _checkin(ctx) -> Callable[[bytes], str]:
    activity = make_activity(ctx.tree.a)
    return _raises(
        CheckinError,
        lambda data: attendance_import(
            actor=ctx.users.staff_a, activity=activity, session=0, source=io.BytesIO(data)
        ),
    )


def _training(ctx) -> Callable[[bytes], str]:
    course = training.course_create(
        actor=ctx.users.staff_a,
        org=ctx.tree.a,
        data={
            "title": "安全生产知识培训",
            "planned_hours": "6",
            "topics": "safety",
            "capacity": "",
            "pass_percent": "80",
            "self_enrol": True,
        },
    )
    return _raises(
        TrainingError,
        lambda data: enrol_import(actor=ctx.users.staff_a, course=course, source=io.BytesIO(data)),
    )


def _employers(ctx) -> Callable[[bytes], str]:
    return _raises(
        EmployerError,
        lambda data: employer_import(
            actor=ctx.users.staff_a, source=io.BytesIO(data), dry_run=False
        ),
    )


def _medical(ctx) -> Callable[[bytes], str]:
    return _raises(
        EmployerError,
        lambda data: medical_import(
            actor=ctx.users.staff_a, source=io.BytesIO(data), year=2026, dry_run=False
        ),
    )


def _targets(ctx) -> Callable[[bytes], str]:
    return _raises(
        PlanError,
        lambda data: targets_import(
            actor=ctx.users.admin_a, parent=ctx.tree.a, year=2026, data=data
        ),
    )


def _orgs_cli(ctx) -> Callable[[bytes], str]:
    path = ctx.tmp_path / "组织.xlsx"

    def run(data: bytes) -> str:
        path.write_bytes(data)
        with pytest.raises(CommandError) as refused:
            call_command("orgs", "import", str(path), stdout=io.StringIO())
        return str(refused.value)

    return run


def _raises(error: type[Exception], call: Callable[[bytes], Any]) -> Callable[[bytes], str]:
    def run(data: bytes) -> str:
        with pytest.raises(error) as refused:
            call(data)
        return str(refused.value)

    return run


IMPORTERS = {
    "members": _members,
    "members_job_dry_run": _member_job(True),
    "members_job": _member_job(False),
    "quiz_bank": _bank,
    "quiz_paper_answers": _sittings,
    "assessment_scores": _assessment,
    "checkin_roster": _checkin,
    "training_enrolment": _training,
    "employers": _employers,
    "medical_mutual": _medical,
    "plan_targets": _targets,
    "orgs_cli": _orgs_cli,
}


@pytest.fixture
def ctx(tree, users, settings, tmp_path, django_capture_on_commit_callbacks):
    return SimpleNamespace(
        tree=tree,
        users=users,
        settings=settings,
        tmp_path=tmp_path,
        on_commit=django_capture_on_commit_callbacks,
    )


@pytest.mark.parametrize("importer", sorted(IMPORTERS))
def test_every_hostile_file_refused_by_every_importer(importer, ctx):
    run = IMPORTERS[importer](ctx)
    for name, case in hostile.HOSTILE.items():
        before = _counts()
        with override_settings(**case.settings):
            message = run(payload(name))
        assert case.refusal in message, (importer, name, message)
        assert _counts() == before, (importer, name)


def test_question_bank_web_dry_run_survives_every_hostile_file(client, tree, users):
    """The page that crashed the server: each file is refused on the page, and the server
    still answers other pages afterwards."""
    bank = QuestionBank.objects.create(org=tree.a, name="西湖区题库")
    client.force_login(users.staff_a)
    url = reverse("quiz:bank_import", args=[bank.pk])
    for name, case in hostile.HOSTILE.items():
        upload = SimpleUploadedFile(f"{name}.xlsx", payload(name))
        with override_settings(**case.settings):
            response = client.post(url, {"file": upload, "dry_run": "on"})
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "无法导入" in page and case.refusal in page, name
    assert client.get(reverse("quiz:bank_detail", args=[bank.pk])).status_code == 200
    assert client.get(reverse("quiz:banks")).status_code == 200
    assert not Question.objects.filter(bank=bank).exists()


def test_member_upload_page_shows_the_failed_job(
    client, tree, users, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client.force_login(users.staff_a)
    upload = SimpleUploadedFile("名册.xlsx", payload("corner"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:import"), {"org": tree.a1g.pk, "file": upload, "dry_run": "on"}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.FAILED
    page = client.get(response.url).content.decode()
    assert "第1,048,576行有内容" in page
    assert client.get(reverse("members:import")).status_code == 200
