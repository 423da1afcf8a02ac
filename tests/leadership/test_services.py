"""Leadership services: validation in Chinese, scope, roles, audit, protected personal data."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.core.errors import ServiceError
from kesu.leadership import services
from kesu.leadership.models import Volunteer
from kesu.leadership.records import RecordError
from kesu.orgs import access
from tests.leadership.conftest import YEAR, add


def test_writes_are_audited_with_their_changes(work, users):
    entry = AuditEntry.objects.get(action="leading_group.create", target_id=str(work.group.pk))
    assert entry.changes["office_section"] == [None, "宣教部"]
    services.record_change(
        "work_area", actor=users.admin_a, obj=work.area, data={"lead_section": "办公室"}
    )
    entry = AuditEntry.objects.get(action="work_area.update")
    assert entry.changes == {"lead_section": ["宣教部", "办公室"]}
    assert entry.org_path == work.area.org.path


def test_errors_are_service_errors_naming_the_field(tree, users):
    with pytest.raises(RecordError) as caught:
        add(
            "work_area",
            tree.a,
            {"year": YEAR, "area": "nonsense", "lead_section": "x"},
            users.admin_a,
        )
    assert isinstance(caught.value, ServiceError)
    assert set(caught.value.errors) >= {"area", "leader_in_charge"}
    with pytest.raises(RecordError) as caught:
        services.record_add("meeting", actor=users.admin_a, parent=tree.a, data={"bogus": 1})
    assert caught.value.errors == {"bogus": "不能修改此项"}


def test_one_leading_group_per_org_and_year(work, tree, users):
    with pytest.raises(RecordError) as caught:
        add("leading_group", tree.a, {"year": YEAR}, users.admin_a)
    assert "已有领导小组" in str(caught.value)
    add("leading_group", tree.a, {"year": YEAR + 1}, users.admin_a)  # another year is fine


def test_scope_and_roles(work, tree, users, members):
    with pytest.raises(access.NotFound):  # B's admin cannot write in A
        services.record_change("team", actor=users.admin_b, obj=work.team, data={"name": "x"})
    with pytest.raises(access.NotFound):
        add("meeting", tree.a, {"mode": "held"}, users.admin_b)
    with pytest.raises(access.Forbidden):  # read-only role
        services.record_change("team", actor=users.viewer_a, obj=work.team, data={"name": "x"})
    with pytest.raises(RecordError) as caught:  # a roster member outside the scope
        add("volunteer", work.team, {"member": members.in_b.pk}, users.admin_a)
    assert caught.value.errors == {"member": "不存在或无权访问"}


def test_outside_volunteer_phone_and_id_are_protected(work, users):
    row = Volunteer.objects.get(pk=work.outside.pk)
    assert row.phone_masked == "138****5678" and "13812345678" not in row.phone_enc
    assert crypto.decrypt(row.phone_enc) == "13812345678"
    assert row.id_number_masked == "110105********002X"
    assert services.volunteer_phone(actor=users.viewer_a, volunteer=row) == "138****5678"
    with pytest.raises(RecordError) as caught:
        add("volunteer", work.team, {"name": "x", "id_number": "110105194912310021"}, users.admin_a)
    assert "校验位" in caught.value.errors["id_number"]
    inside = Volunteer.objects.get(pk=work.inside.pk)
    assert inside.name == "张三" and inside.phone_enc == ""  # the roster keeps the member's


def test_minutes_checked_like_attachments(work, users):
    fake = io.BytesIO(b"not a pdf")
    fake.name, fake.size = "纪要.pdf", 9
    with pytest.raises(RecordError) as caught:
        services.meeting_minutes_attach(actor=users.admin_a, meeting=work.held, upload=fake)
    assert "不符" in caught.value.errors["file"]
    pdf = io.BytesIO(b"%PDF-1.4 minutes")
    pdf.name, pdf.size = "纪要.pdf", 16
    meeting = services.meeting_minutes_attach(actor=users.admin_a, meeting=work.held, upload=pdf)
    assert meeting.minutes_name == "纪要.pdf" and meeting.minutes.read().startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="meeting.minutes").count() == 1
    with pytest.raises(access.NotFound):
        services.meeting_minutes_attach(actor=users.admin_b, meeting=work.held, upload=pdf)


def test_delete_is_audited_and_takes_children(work, users):
    services.record_remove("team", actor=users.admin_a, obj=work.team)
    assert not Volunteer.objects.filter(team_id=work.team.pk).exists()
    assert AuditEntry.objects.filter(action="team.delete").exists()


def test_service_hours_bounded(work, users):
    with pytest.raises(RecordError) as caught:
        add(
            "volunteer_service",
            work.inside,
            {"served_on": dt.date(2026, 1, 1), "hours": 30},
            users.admin_a,
        )
    assert "24" in str(caught.value)


def _pdf(text: str) -> io.BytesIO:
    pdf = io.BytesIO(f"%PDF-1.4 {text}".encode())
    pdf.name, pdf.size = f"{text}.pdf", len(pdf.getvalue())
    return pdf


def _files(meeting, folder: str) -> set[str]:
    """The files in `folder` of the minutes' storage (other tests' files too: compare sets)."""
    storage = meeting.minutes.storage
    return (
        {f"{folder}/{n}" for n in storage.listdir(folder)[1]} if storage.exists(folder) else set()
    )


def test_minutes_are_stored_with_their_audit_row_or_not_at_all(
    work, users, monkeypatch, django_capture_on_commit_callbacks
):
    from kesu.audit import stored
    from kesu.leadership.models import Meeting

    meeting = services.meeting_minutes_attach(
        actor=users.admin_a, meeting=work.held, upload=_pdf("一号纪要")
    )
    first = meeting.minutes.name
    folder = first.rsplit("/", 1)[0]
    others = _files(meeting, folder) - {first}
    entry = AuditEntry.objects.get(action="meeting.minutes", target_id=str(meeting.pk))
    assert (
        entry.target_repr.endswith("一号纪要.pdf") and entry.changes["minutes"][1] == "一号纪要.pdf"
    )
    assert _files(meeting, folder) - others == {first}

    # A failure after the file is stored (the audit row refused): no file, no change.
    def refused(*args, **kwargs):
        raise RuntimeError("审计写入失败")

    monkeypatch.setattr(stored, "audit_object", refused)
    with pytest.raises(RuntimeError):
        services.meeting_minutes_attach(actor=users.admin_a, meeting=meeting, upload=_pdf("坏的"))
    assert _files(meeting, folder) - others == {first}
    assert meeting.minutes.name == first and meeting.minutes_name == "一号纪要.pdf"
    assert Meeting.objects.get(pk=meeting.pk).minutes.name == first
    monkeypatch.undo()

    # A replacement: the old file stays until the transaction commits, then goes.
    with django_capture_on_commit_callbacks() as callbacks:
        services.meeting_minutes_attach(actor=users.admin_a, meeting=meeting, upload=_pdf("二号"))
        second = Meeting.objects.get(pk=meeting.pk).minutes.name
        assert _files(meeting, folder) - others == {first, second}
    for callback in callbacks:
        callback()
    assert _files(meeting, folder) - others == {second}
    entry = AuditEntry.objects.filter(action="meeting.minutes").latest("pk")
    assert entry.changes["minutes"] == ["一号纪要.pdf", "二号.pdf"]

    # Deleting the meeting deletes its minutes once the deletion commits.
    with django_capture_on_commit_callbacks(execute=True):
        services.record_remove("meeting", actor=users.admin_a, obj=meeting)
    assert _files(meeting, folder) - others == set()
