"""Pages: scope (other subtree 404), read-only roles, member self-service, certificates and
the public verification page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kesu.audit.models import AuditEntry
from kesu.training import enrolling, services
from kesu.training.models import Certificate, Course, Enrolment
from tests.conftest import login
from tests.training.conftest import at, attend

pytestmark = pytest.mark.django_db


def _complete(users, course, sessions, member):
    enrolling.enrol_members(actor=users.staff_a, course=course, members=[member])
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, member)
    return Enrolment.objects.get(course=course, member=member)


def test_staff_creates_course_and_session_through_pages(client, users, tree):
    login(client, users.staff_a)
    r = client.post(
        reverse("training:create"),
        {
            "org": tree.a.code,
            "title": "职工科普宣讲员培训班",
            "planned_hours": "4",
            "topics": ["tech"],
            "is_teacher_training": "on",
            "self_enrol": "on",
            "pass_percent": "80",
        },
    )
    course = Course.objects.get()
    assert r.status_code == 302 and r.url == reverse("training:detail", args=[course.pk])
    assert course.is_teacher_training and course.topics == ",tech,"
    start = at(1, 9)
    r = client.post(
        reverse("training:session_add", args=[course.pk]),
        {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + dt.timedelta(hours=1, minutes=30)).strftime("%Y-%m-%dT%H:%M"),
            "hours": "3",
            "place": "礼堂",
        },
    )
    assert r.status_code == 400
    assert "第1讲时长1.5小时，不能记3学时" in r.content.decode()
    r = client.post(
        reverse("training:session_add", args=[course.pk]),
        {
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "hours": "2",
            "place": "礼堂",
        },
    )
    assert r.status_code == 302
    page = client.get(reverse("training:detail", args=[course.pk])).content.decode()
    session = course.sessions.get()
    assert reverse("checkin:manage", args=[session.activity_id]) in page


def test_other_subtree_is_404_and_viewer_is_read_only(client, users, course, sessions):
    login(client, users.admin_b)
    assert client.get(reverse("training:detail", args=[course.pk])).status_code == 404
    assert client.get(reverse("training:edit", args=[course.pk])).status_code == 404
    assert client.get(reverse("training:index")).content.decode().count(course.title) == 0
    login(client, users.viewer_a)
    assert client.get(reverse("training:detail", args=[course.pk])).status_code == 200
    assert client.get(reverse("training:edit", args=[course.pk])).status_code == 403
    r = client.post(reverse("training:session_add", args=[course.pk]), {})
    assert r.status_code == 403
    assert client.post(reverse("training:certificates_issue", args=[course.pk])).status_code == 403


def test_member_cannot_open_staff_pages(client, users, course, linked_member):
    login(client, users.member_a)
    assert client.get(reverse("training:index")).status_code == 403
    assert client.get(reverse("training:detail", args=[course.pk])).status_code == 403


def test_staff_enrol_page_and_completion_shown(client, users, members, course, sessions):
    login(client, users.staff_a)
    r = client.post(reverse("training:enrol_add", args=[course.pk]), {"member": [members.in_a.pk]})
    assert r.status_code == 302
    r = client.post(reverse("training:enrol_add", args=[course.pk]), {"member": [members.in_b.pk]})
    assert r.status_code == 404
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, members.in_a)
    page = client.get(reverse("training:detail", args=[course.pk])).content.decode()
    assert "5.5" in page and "已结业" in page


def test_my_page_enrol_and_certificate(client, users, course, sessions, linked_member):
    login(client, users.member_a)
    page = client.get(reverse("training:my")).content.decode()
    assert course.title in page and "可报名的课程" in page
    r = client.post(reverse("training:my_enrol", args=[course.pk]), follow=True)
    assert "报名成功" in r.content.decode()
    r = client.post(reverse("training:my_enrol", args=[course.pk]), follow=True)
    assert "您已报名该课程，无需重复报名" in r.content.decode()
    enrolment = Enrolment.objects.get()
    # Not completed yet: no certificate.
    r = client.get(reverse("training:certificate", args=[enrolment.pk]), follow=True)
    assert "尚未达到结业要求" in r.content.decode()
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, linked_member)
    r = client.get(reverse("training:certificate", args=[enrolment.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    cert = Certificate.objects.get()
    assert (
        len(cert.code) >= 10 and cert.completed_on == timezone.localtime(sessions.s3.start).date()
    )
    # The same certificate on every download; each download is audited.
    client.get(reverse("training:certificate", args=[enrolment.pk]))
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.filter(action="certificate.download").count() == 2


def test_member_cannot_download_someone_elses_certificate(
    client, users, members, course, sessions, linked_member
):
    other = _complete(users, course, sessions, members.in_a2)
    login(client, users.member_a)
    assert client.get(reverse("training:certificate", args=[other.pk])).status_code == 404
    login(client, users.admin_b)
    assert client.get(reverse("training:certificate", args=[other.pk])).status_code == 404


def test_public_verification_reveals_only_masked_data(client, users, members, course, sessions):
    enrolment = _complete(users, course, sessions, members.in_a)
    login(client, users.staff_a)
    r = client.post(reverse("training:certificates_issue", args=[course.pk]), follow=True)
    assert "已发放结业证书 1 份" in r.content.decode()
    cert = Certificate.objects.get(enrolment=enrolment)
    client.logout()
    r = client.get(reverse("training:verify") + f"?code={cert.code.lower()}")
    assert r.status_code == 302
    page = client.get(r.url).content.decode()
    assert "证书有效" in page and "张*" in page and course.title in page
    assert cert.completed_on.isoformat() in page
    assert "张三" not in page and members.in_a.id_number_masked not in page
    assert members.in_a.org.name not in page
    r = client.get(reverse("training:verify_code", args=["ABCDEFGHJKMN"]))
    assert r.status_code == 404 and "未找到该证书编号" in r.content.decode()


def test_verification_is_rate_limited(client, settings):
    settings.KESU_VERIFY_RATE_PER_IP = 2
    url = reverse("training:verify_code", args=["ABCDEFGHJKMN"])
    codes = [client.get(url, REMOTE_ADDR="10.9.8.7").status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def test_enrol_import_page_reports_rows(client, users, course):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["某人", "123"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "enrol.xlsx"
    login(client, users.staff_a)
    r = client.post(reverse("training:enrol_import", args=[course.pk]), {"file": out})
    assert r.status_code == 400
    page = r.content.decode()
    assert "整表未导入" in page and "身份证号" in page
    assert not Enrolment.objects.exists()


def test_ledger_download(client, users, tree, members, course, sessions):
    from openpyxl import load_workbook

    _complete(users, course, sessions, members.in_a)
    login(client, users.viewer_a)
    today = timezone.localdate()
    q = f"?org={tree.a.code}&from={today.year - 1}-01-01&to={today.isoformat()}"
    r = client.get(reverse("training:ledger") + q)
    assert r.status_code == 200
    ws = load_workbook(io_bytes(r.content)).active
    assert ws["A1"].value == "西湖区总工会职工科普培训台账"
    header = [c.value for c in ws[3]]
    row = dict(zip(header, [c.value for c in ws[4]], strict=True))
    assert row["课程名称"] == course.title and row["期内讲数"] == 3
    assert row["期内学时"] == 5.5 and row["报名人数"] == 1 and row["签到人次"] == 3
    assert row["期内结业人数"] == 1
    assert ws.cell(row=5, column=1).value == "合计"
    login(client, users.admin_b)
    assert client.get(reverse("training:ledger") + q).status_code == 404


def io_bytes(content: bytes):
    import io

    return io.BytesIO(content)


def test_formula_injection_is_neutralised(client, users, tree):
    from openpyxl import load_workbook

    course = services.course_create(
        actor=users.staff_a,
        org=tree.a,
        data={"title": '=HYPERLINK("http://x")', "planned_hours": "2"},
    )
    start = at(1)
    services.session_create(
        actor=users.staff_a,
        course=course,
        data={"start": start, "end": start + dt.timedelta(hours=2), "hours": "2", "place": "x"},
    )
    login(client, users.staff_a)
    r = client.get(reverse("training:ledger") + f"?org={tree.a.code}&from=2000-01-01&to=2100-01-01")
    ws = load_workbook(io_bytes(r.content)).active
    assert ws["B4"].value.startswith("'=")


def test_course_list_filters(client, users, tree, course, sessions):
    teacher = services.course_create(
        actor=users.staff_a,
        org=tree.a1,
        data={"title": "科普宣讲员培训班", "planned_hours": "2", "is_teacher_training": True},
    )
    login(client, users.staff_a)
    page = client.get(reverse("training:index")).content.decode()
    assert course.title in page and teacher.title in page and "下载培训台账" in page
    page = client.get(reverse("training:index"), {"teacher_training": "on"}).content.decode()
    assert course.title not in page and teacher.title in page
    page = client.get(reverse("training:index"), {"q": "安全"}).content.decode()
    assert course.title in page and teacher.title not in page
    page = client.get(reverse("training:index"), {"org": tree.a1.code}).content.decode()
    assert course.title not in page and teacher.title in page
    assert client.get(reverse("training:index"), {"org": tree.b.code}).status_code == 404


def test_course_and_session_edit_pages(client, users, tree, course, sessions):
    login(client, users.staff_a)
    r = client.get(reverse("training:edit", args=[course.pk]))
    assert r.status_code == 200 and "安全生产知识培训" in r.content.decode()
    r = client.post(
        reverse("training:edit", args=[course.pk]),
        {
            "org": tree.b.code,
            "title": "安全生产培训（修订）",
            "planned_hours": "6",
            "topics": ["safety"],
            "pass_percent": "90",
            "capacity": "50",
            "self_enrol": "on",
        },
    )
    assert r.status_code == 302
    course.refresh_from_db()
    assert (course.title, course.pass_percent, course.capacity) == ("安全生产培训（修订）", 90, 50)
    assert course.org == tree.a  # the organiser is not changed by editing
    s = sessions.s1
    fmt = "%Y-%m-%dT%H:%M"
    r = client.post(
        reverse("training:session_edit", args=[s.pk]),
        {
            "start": timezone.localtime(s.start).strftime(fmt),
            "end": timezone.localtime(s.end).strftime(fmt),
            "hours": "1.5",
            "place": "新礼堂",
        },
    )
    assert r.status_code == 302
    s.refresh_from_db()
    s.activity.refresh_from_db()
    assert s.hours == Decimal("1.5") and s.activity.place == "新礼堂"
    assert s.activity.title == "安全生产培训（修订） · 第1讲"
    login(client, users.admin_b)
    assert client.get(reverse("training:session_edit", args=[s.pk])).status_code == 404
