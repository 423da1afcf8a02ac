"""Course and session validation, enrolment rules (capacity, deadline, duplicates, sheets)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from kesu.activities.models import Activity
from kesu.audit.models import AuditEntry
from kesu.core.text import mask_name
from kesu.orgs import access
from kesu.training import enrolling, services
from kesu.training.models import Course, Enrolment, Session
from kesu.training.validation import TrainingError
from tests.factories import make_member, new_id_number
from tests.training.conftest import add_session, at

pytestmark = pytest.mark.django_db


def test_course_create_validates_in_chinese(users, tree):
    with pytest.raises(TrainingError) as err:
        services.course_create(
            actor=users.staff_a,
            org=tree.a,
            data={
                "title": "",
                "planned_hours": "abc",
                "topics": "天文学",
                "pass_percent": "120",
            },
        )
    assert err.value.errors == {
        "title": "请填写课程名称",
        "planned_hours": "应为数字，如 1.5",
        "topics": err.value.errors["topics"],
        "pass_percent": "应在1到100之间",
    }
    assert err.value.errors["topics"].startswith("无法识别：天文学")
    assert not Course.objects.exists()


def test_course_create_outside_scope_and_by_viewer(users, tree):
    data = {"title": "培训", "planned_hours": "2"}
    with pytest.raises(access.NotFound):
        services.course_create(actor=users.staff_a, org=tree.b, data=data)
    with pytest.raises(access.Forbidden):
        services.course_create(actor=users.viewer_a, org=tree.a, data=data)


def test_session_creates_its_training_activity(users, course):
    s = add_session(users.staff_a, course, 3)
    assert s.number == 1
    activity = s.activity
    assert activity.kind == "training" and activity.org_id == course.org_id
    assert activity.title == "安全生产知识培训 · 第1讲"
    assert (activity.start, activity.end, activity.place) == (s.start, s.end, "职工之家")
    s2 = add_session(users.staff_a, course, 2)
    assert s2.number == 2
    services.session_update(actor=users.staff_a, session=s2, data={"place": "礼堂"})
    s2.activity.refresh_from_db()
    assert s2.activity.place == "礼堂"
    services.course_update(actor=users.staff_a, course=course, data={"title": "安全培训"})
    s2.activity.refresh_from_db()
    assert s2.activity.title == "安全培训 · 第2讲"
    assert AuditEntry.objects.filter(action="session.create").count() == 2


def test_session_hours_cannot_exceed_time_span(users, course):
    start = at(1)
    with pytest.raises(TrainingError) as err:
        services.session_create(
            actor=users.staff_a,
            course=course,
            data={
                "start": start,
                "end": start + dt.timedelta(hours=1.5),
                "hours": "3",
                "place": "礼堂",
            },
        )
    assert err.value.errors == {"hours": "第1讲时长1.5小时，不能记3学时"}
    assert not Session.objects.exists() and not Activity.objects.exists()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"end_delta": -1, "hours": "1"}, {"end": "结束时间必须晚于开始时间"}),
        (
            {"end_delta": 30, "hours": "1"},
            {"end": "每讲须在同一天内开始和结束；跨天的课程请分为多讲"},
        ),
        ({"end_delta": 2, "hours": "0"}, {"hours": "必须大于0"}),
        ({"end_delta": 2, "hours": "1.25"}, {"hours": "最多保留一位小数"}),
        ({"end_delta": 2, "hours": "1", "place": ""}, {"place": "请填写地点或线上链接"}),
        (
            {"end_delta": 2, "hours": "1", "online_url": "javascript:alert(1)"},
            {"online_url": "应为 http:// 或 https:// 开头的网址"},
        ),
    ],
)
def test_session_bad_input(users, course, data, errors):
    start = at(1, hour=9)
    payload = {
        "start": start,
        "end": start + dt.timedelta(hours=data.pop("end_delta")),
        "place": "礼堂",
        **data,
    }
    with pytest.raises(TrainingError) as err:
        services.session_create(actor=users.staff_a, course=course, data=payload)
    assert err.value.errors == errors


def test_self_enrol_capacity_deadline_duplicate(users, members, tree, course, linked_member):
    course.capacity = 1
    course.save()
    enrolling.enrol_self(user=users.member_a, course=course)
    with pytest.raises(TrainingError) as err:
        enrolling.enrol_self(user=users.member_a, course=course)
    assert err.value.errors == {"course": "您已报名该课程，无需重复报名"}
    other = make_member(tree.a1g, name="赵六")
    with pytest.raises(TrainingError) as err:
        enrolling.enrol_members(actor=users.staff_a, course=course, members=[other])
    assert err.value.errors["member"].startswith("报名人数已满（名额1人）")
    course.capacity = None
    course.enrol_deadline = timezone.localdate() - dt.timedelta(days=1)
    course.save()
    Enrolment.objects.all().delete()
    with pytest.raises(TrainingError) as err:
        enrolling.enrol_self(user=users.member_a, course=course)
    assert "报名已于" in err.value.errors["course"] and "截止" in err.value.errors["course"]
    course.enrol_deadline = None
    course.self_enrol = False
    course.save()
    with pytest.raises(TrainingError) as err:
        enrolling.enrol_self(user=users.member_a, course=course)
    assert err.value.errors == {"course": "该课程不开放自行报名，请联系主办单位报名"}


def test_self_enrol_only_in_own_branch(users, tree, linked_member):
    course_b = services.course_create(
        actor=users.admin_b, org=tree.b, data={"title": "滨江培训", "planned_hours": "2"}
    )
    with pytest.raises(access.NotFound):
        enrolling.enrol_self(user=users.member_a, course=course_b)
    city = services.course_create(
        actor=users.city_admin, org=tree.city, data={"title": "全市培训", "planned_hours": "2"}
    )
    assert enrolling.enrol_self(user=users.member_a, course=city).member == linked_member


def test_staff_enrol_counts_duplicates_and_refuses_outsiders(users, members, course):
    r = enrolling.enrol_members(actor=users.staff_a, course=course, members=[members.in_a])
    assert (r.added, r.already) == (1, 0)
    r = enrolling.enrol_members(
        actor=users.staff_a, course=course, members=[members.in_a, members.in_a2]
    )
    assert (r.added, r.already) == (1, 1)
    with pytest.raises(access.NotFound):
        enrolling.enrol_members(actor=users.staff_a, course=course, members=[members.in_b])
    with pytest.raises(access.Forbidden):
        enrolling.enrol_members(actor=users.viewer_a, course=course, members=[members.in_a])
    with pytest.raises(TrainingError) as err:
        enrolling.enrol_one(actor=users.staff_a, course=course, member=members.in_a)
    assert err.value.errors == {"member": "张三已报名该课程，不能重复报名"}


def _sheet(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    ws = book.active
    ws.append(["培训报名表"])
    ws.append(["姓名", "身份证号", "手机号"])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_import_is_all_or_nothing_with_row_errors(users, members, course):
    zhang = members.in_a
    source = _sheet(
        [
            ["张三", "", "13800001234"],
            ["李四", "110101199003077777", ""],
            ["王五", "", "13900005678"],
            ["", "", ""],
            ["张三", "", "13800001234"],
        ]
    )
    result = enrolling.enrol_import(actor=users.staff_a, course=course, source=source)
    assert not Enrolment.objects.exists()
    by_row = {(e.row, e.column): e.message for e in result.errors}
    assert set(by_row) == {(4, "身份证号"), (5, "手机号"), (7, "姓名")}
    assert by_row[(7, "姓名")] == f"与第3行是同一人（{zhang.name}）"
    assert "不在您的管辖范围内" in by_row[(5, "手机号")]


def test_import_enrols_by_id_number_and_phone(users, members, tree, course):
    number = new_id_number()
    zhao = make_member(tree.a1, name="赵六", id_number=number)
    rows = [["张三", "", "138 0000 1234"], ["赵六", number, ""]]
    result = enrolling.enrol_import(actor=users.staff_a, course=course, source=_sheet(rows))
    assert result.errors == [] and result.created == 2
    assert set(course.enrolments.values_list("member_id", flat=True)) == {members.in_a.pk, zhao.pk}
    assert AuditEntry.objects.filter(action="enrolment.add").count() == 1


def test_import_refuses_a_sheet_without_id_columns(users, course):
    book = Workbook()
    book.active.append(["姓名", "单位"])
    book.active.append(["张三", "某公司"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(TrainingError) as err:
        enrolling.enrol_import(actor=users.staff_a, course=course, source=out)
    assert err.value.errors == {"file": "表格需要“身份证号”或“手机号”列"}


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张小三", "张*三"), ("欧阳小明", "欧**明"), ("王", "王")]
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_session_delete_only_without_checkins(users, members, course, sessions):
    from tests.training.conftest import attend

    activity_id = sessions.s3.activity_id
    services.session_delete(actor=users.staff_a, session=sessions.s3)
    assert not Activity.objects.filter(pk=activity_id).exists()
    attend(sessions.s1, members.in_a)
    with pytest.raises(TrainingError) as err:
        services.session_delete(actor=users.staff_a, session=sessions.s1)
    assert err.value.errors == {"session": "第1讲已有签到记录，不能删除"}
    with pytest.raises(access.Forbidden):
        services.session_delete(actor=users.viewer_a, session=sessions.s2)
    assert course.sessions.count() == 2


def test_enrolment_cancel(users, members, course, sessions, linked_member):
    from kesu.training.certificates import certificate_for
    from tests.training.conftest import attend

    mine = enrolling.enrol_self(user=users.member_a, course=course)
    other = enrolling.enrol_one(actor=users.staff_a, course=course, member=members.in_a2)
    with pytest.raises(access.NotFound):
        enrolling.enrolment_cancel(actor=users.member_a, enrolment=other)
    with pytest.raises(access.Forbidden):
        enrolling.enrolment_cancel(actor=users.viewer_a, enrolment=other)
    with pytest.raises(access.NotFound):
        enrolling.enrolment_cancel(actor=users.admin_b, enrolment=other)
    enrolling.enrolment_cancel(actor=users.member_a, enrolment=mine)
    for s in (sessions.s1, sessions.s2, sessions.s3):
        attend(s, members.in_a2)
    certificate_for(other)
    other = Enrolment.objects.get(pk=other.pk)
    with pytest.raises(TrainingError) as err:
        enrolling.enrolment_cancel(actor=users.staff_a, enrolment=other)
    assert err.value.errors == {"course": "已发放结业证书，不能取消报名"}
    assert list(Enrolment.objects.values_list("member_id", flat=True)) == [members.in_a2.pk]
    assert AuditEntry.objects.filter(action="enrolment.cancel").count() == 1
