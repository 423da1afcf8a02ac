"""One definition of a current member (在册会员): 退会 and 转出 are not current, wherever a
member is counted, picked, matched or enrolled; the roster says how its total differs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kesu.activities.models import Attendance
from kesu.checkin import selectors as checkin_selectors
from kesu.checkin import services as checkin_services
from kesu.core import crypto
from kesu.indicators import selectors as indicator_selectors
from kesu.members.choices import CURRENT_STATUSES, MemberStatus
from kesu.members.models import Member
from kesu.members.selectors import current_members
from kesu.training import enrolling
from kesu.training import selectors as training_selectors
from kesu.training import services as training_services
from kesu.training.validation import TrainingError
from tests.checkin.conftest import make_activity, xlsx
from tests.conftest import login
from tests.factories import make_member, new_id_number


@pytest.fixture
def gone(tree):
    return {
        "withdrawn": make_member(
            tree.a1g, name="退会甲", phone="13500000001", status=MemberStatus.WITHDRAWN
        ),
        "moved": make_member(
            tree.a1g, name="转出乙", phone="13500000002", status=MemberStatus.TRANSFERRED_OUT
        ),
    }


@pytest.fixture
def course(users, tree):
    return training_services.course_create(
        actor=users.staff_a,
        org=tree.a,
        data={
            "title": "安全生产知识培训",
            "planned_hours": "6",
            "capacity": "",
            "pass_percent": "80",
            "self_enrol": True,
        },
    )


def test_only_active_is_current(members, gone):
    assert CURRENT_STATUSES == (MemberStatus.ACTIVE,)
    current = set(current_members().values_list("name", flat=True))
    assert current == {"张三", "李四", "王五"}
    assert set(Member.objects.current().values_list("name", flat=True)) == current
    assert not gone["withdrawn"].is_current and members.in_a.is_current


def test_roster_total_explains_the_dashboard_figure(client, users, members, gone, tree):
    login(client, users.admin_a)
    body = client.get("/members/").content.decode()
    # admin_a sees 张三, 李四 and the two former members of HZ-A.
    assert "共 4 人，其中在册会员 2 人（不含退会、转出" in body
    today = timezone.localdate()
    [figure] = indicator_selectors.indicator_values(
        user=users.admin_a,
        org=tree.a,
        start=today.replace(month=1, day=1),
        end=today,
        codes=["members.count"],
    )
    assert figure.value == 2  # the dashboard's 会员人数: the same current members
    dashboard = client.get(reverse("dashboard:index")).content.decode()
    assert 'id="members-count-note"' in dashboard and "不含退会、转出" in dashboard
    filtered = client.get("/members/", {"status": "active"}).content.decode()
    assert "其中在册会员" not in filtered


def test_checkin_picker_and_staff_registration_refuse_former_members(users, members, gone, tree):
    activity = make_activity(tree.a)
    picked = checkin_selectors.roster_pick(user=users.staff_a, activity=activity)
    assert set(picked.values_list("name", flat=True)) == {"张三", "李四"}
    with pytest.raises(checkin_services.CheckinError, match="退会甲（退会）不是在册会员"):
        checkin_services.attendance_add_members(
            actor=users.staff_a, activity=activity, session=0, members=[gone["withdrawn"]]
        )
    assert not Attendance.objects.exists()


def test_checkin_phone_of_a_former_member_is_a_guest(members, gone, tree):
    activity = make_activity(tree.a)
    result = checkin_services.checkin_by_phone(
        activity=activity, session=0, name="转出乙", phone="13500000002", ip="198.51.100.7"
    )
    assert result.attendance.member is None


def test_checkin_import_by_id_number_refuses_former_members(users, tree):
    former = make_member(
        tree.a1g, name="退会丙", id_number=new_id_number(), status=MemberStatus.WITHDRAWN
    )
    number = crypto.decrypt(former.id_number_enc)
    activity = make_activity(tree.a)
    result = checkin_services.attendance_import(
        actor=users.staff_a,
        activity=activity,
        session=0,
        source=xlsx([["姓名", "身份证号"], ["退会丙", number]]),
    )
    assert result.created == 0 and "不是在册会员" in result.errors[0].message


def test_training_picker_and_enrolment_refuse_former_members(users, members, gone, course):
    picked = training_selectors.roster_pick(user=users.staff_a, course=course, q="")
    assert set(picked.values_list("name", flat=True)) == {"张三", "李四"}
    with pytest.raises(TrainingError, match="转出乙（转出）不是在册会员，不能报名"):
        enrolling.enrol_members(actor=users.staff_a, course=course, members=[gone["moved"]])
    assert not course.enrolments.exists()
    sheet = xlsx([["姓名", "手机号"], ["转出乙", "13500000002"]])
    result = enrolling.enrol_import(actor=users.staff_a, course=course, source=sheet)
    assert result.errors and not course.enrolments.exists()


def test_org_pages_count_current_members_only(users, members, gone, tree):
    from kesu.orgs.selectors import org_child_member_counts, org_member_total

    assert org_member_total(user=users.admin_a, org=tree.a) == 2  # 张三, 李四
    assert org_child_member_counts(user=users.city_admin, org=tree.city) == {"HZ-A": 2, "HZ-B": 1}
