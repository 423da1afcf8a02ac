"""Check-in while logged in: a member-role account linked to a roster member, one tap."""

from __future__ import annotations

import pytest
from django.test import Client

from kesu.activities.models import Attendance
from kesu.checkin import services
from kesu.checkin.ratelimit import RateLimited
from tests.factories import make_user


@pytest.fixture
def linked(users, members):
    users.member_a.member = members.in_a
    users.member_a.save()
    return users.member_a


def _csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def test_one_tap_checkin_records_login_source(link, activity, linked, members):
    client = _csrf_client(linked)
    page = client.get(link).content.decode()
    assert "以 张三 身份签到" in page and 'name="as_member"' in page
    assert 'name="phone"' in page  # the phone form stays available
    token = client.cookies["csrftoken"].value
    response = client.post(link, {"as_member": "1", "csrfmiddlewaretoken": token})
    body = response.content.decode()
    assert response.status_code == 200 and "签到成功" in body and "张三" in body
    att = Attendance.objects.get()
    assert att.member == members.in_a and att.source == "login" and att.session == 0
    again = client.post(link, {"as_member": "1", "csrfmiddlewaretoken": token})
    assert "已签到" in again.content.decode()
    assert Attendance.objects.count() == 1


def test_one_tap_needs_csrf(link, linked):
    response = _csrf_client(linked).post(link, {"as_member": "1"})
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_phone_checkin_after_login_checkin_is_a_duplicate(client, link, linked):
    client.force_login(linked)
    client.post(link, {"as_member": "1"})
    response = client.post(link, {"name": "张三", "phone": "13800001234"})
    # The name-and-phone answer never tells whether the phone had been used before.
    assert "签到成功" in response.content.decode()
    assert Attendance.objects.get().source == "login"


def test_member_outside_subtree_is_refused(client, link, users, members):
    outsider = make_user("member_b", members.in_b.org, "member", member=members.in_b)
    client.force_login(outsider)
    page = client.get(link).content.decode()
    assert "不属于本活动主办单位" in page and "身份签到" not in page
    assert 'name="phone"' in page
    response = client.post(link, {"as_member": "1"})
    assert response.status_code == 200
    assert "不属于本活动主办单位" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("role", ["staff_a", "admin_a", "member_a"])
def test_other_roles_and_unlinked_members_see_only_the_phone_form(client, link, users, role):
    client.force_login(getattr(users, role))
    page = client.get(link).content.decode()
    assert "身份签到" not in page and 'name="phone"' in page
    response = client.post(link, {"as_member": "1"})
    assert "未对应会员名册" in response.content.decode()
    assert not Attendance.objects.exists()


def test_anonymous_page_unchanged(client, link, members):
    page = client.get(link).content.decode()
    assert "身份签到" not in page and "不属于" not in page
    response = client.post(link, {"name": "张三", "phone": "13800001234", "as_member": "1"})
    assert "未对应会员名册" in response.content.decode()
    response = client.post(link, {"name": "张三", "phone": "13800001234"})
    assert "签到成功" in response.content.decode()
    assert Attendance.objects.get().source == "qr"


def test_service_rate_limited_like_phone(activity, linked, settings):
    settings.KESU_CHECKIN_RATE_PER_IP = 1
    services.checkin_logged_in(activity=activity, session=0, user=linked, ip="10.0.0.1")
    with pytest.raises(RateLimited):
        services.checkin_logged_in(activity=activity, session=0, user=linked, ip="10.0.0.1")


def test_service_checks_session_and_link(activity, linked, users):
    with pytest.raises(services.CheckinError):
        services.checkin_logged_in(activity=activity, session=5, user=linked)
    with pytest.raises(services.CheckinError):
        services.checkin_logged_in(activity=activity, session=0, user=users.staff_a)
    result = services.checkin_logged_in(activity=activity, session=0, user=linked)
    assert result.created and not result.is_guest
    assert not services.checkin_logged_in(activity=activity, session=0, user=linked).created
