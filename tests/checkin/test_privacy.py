"""Public check-in tells nobody about the roster: members and guests get the same answer,
a phone counts once per session, a name one character off is matched by phone and flagged,
former members are not matched, and the limits count the real client behind a proxy."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kesu.activities.models import Attendance
from kesu.checkin import services
from kesu.checkin.ratelimit import RateLimited
from kesu.checkin.recording import one_off
from kesu.members.choices import MemberStatus
from tests.checkin.conftest import make_activity, xlsx
from tests.conftest import login
from tests.factories import make_member, make_user

PROXY = "10.1.2.3"
_CSRF = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*')


def checkin(activity, name, phone, ip="198.51.100.1"):
    return services.checkin_by_phone(activity=activity, session=0, name=name, phone=phone, ip=ip)


def _answer(client: Client, link: str, name: str, phone: str) -> tuple[int, str]:
    response = client.post(link, {"name": name, "phone": phone})
    return response.status_code, _CSRF.sub(r"\1", response.content.decode())


def test_member_and_guest_get_the_same_answer(link, members):
    on_roster = _answer(Client(), link, "张三", "13800001234")
    off_roster = _answer(Client(), link, "赵六", "13700000009")
    assert on_roster[0] == off_roster[0] == 200
    assert on_roster[1] == off_roster[1]
    assert "签到成功" in on_roster[1] and "来宾" not in on_roster[1]
    # Asking again answers the same too: nothing tells a phone was seen before.
    assert _answer(Client(), link, "张三", "13800001234") == on_roster
    assert _answer(Client(), link, "钱七", "13700000009") == on_roster
    members_row, guest_row = Attendance.objects.order_by("id")
    assert members_row.member == members.in_a and guest_row.member is None


def test_probes_with_one_phone_leave_one_guest_row(activity, members):
    for name in ("赵六", "钱七", "孙八", "李九"):
        checkin(activity, name, "13700000009")
    guests = Attendance.objects.filter(activity=activity, member__isnull=True)
    assert guests.count() == 1 and guests.get().guest_name == "赵六"


def test_member_phone_used_by_a_guest_first_becomes_the_members_row(activity, members):
    """Someone tried the member's phone with another name; the member checking in then
    takes that row over, so the phone still counts once and the member gets the credit."""
    first = checkin(activity, "赵六", "13800001234").attendance
    assert first.member is None
    second = checkin(activity, "张三", "13800001234")
    assert not second.created
    row = Attendance.objects.get(activity=activity)
    assert row.pk == first.pk and row.member == members.in_a
    assert (row.guest_name, row.guest_phone_hash, row.guest_phone_enc) == ("", "", "")
    # And a guest name with a member's checked-in phone adds nothing.
    assert not checkin(activity, "孙八", "13800001234").created
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_name_one_character_off_is_matched_by_phone_and_flagged(activity, tree):
    member = make_member(tree.a1g, name="李晓燕", phone="13600000001")
    result = checkin(activity, "李小燕", "13600000001")
    att = result.attendance
    assert att.member == member and att.name_unconfirmed and att.guest_name == "李小燕"
    assert Attendance.objects.filter(activity=activity).count() == 1
    # The same person again (either spelling) is the same row; the roster spelling confirms.
    assert not checkin(activity, "李小燕", "13600000001").created
    assert not checkin(activity, "李晓燕", "13600000001").created
    att.refresh_from_db()
    assert not att.name_unconfirmed and att.guest_name == ""
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_flag_is_shown_to_staff_on_the_attendance_page(client, users, activity, tree):
    make_member(tree.a1g, name="李晓燕", phone="13600000001")
    checkin(activity, "李小燕", "13600000001")
    checkin(activity, "王芳", "13600000002")
    login(client, users.staff_a)
    body = client.get(reverse("checkin:manage", args=[activity.pk])).content.decode()
    assert "姓名待核对" in body and "李小燕" in body and "李晓燕" in body
    assert body.count("姓名待核对") == 1


def test_names_further_off_stay_guests(activity, tree):
    make_member(tree.a1g, name="李晓燕", phone="13600000001")
    assert checkin(activity, "张小花", "13600000001").is_guest  # two characters off
    assert one_off("李晓燕", "李小燕") and one_off("欧阳晓燕", "欧阳燕")
    assert one_off("张三", "张三丰") and not one_off("张三", "张三")
    assert not one_off("张", "王") and not one_off("张三", "王五")


@pytest.mark.parametrize("status", [MemberStatus.WITHDRAWN, MemberStatus.TRANSFERRED_OUT])
def test_former_members_are_not_matched(activity, tree, status):
    former = make_member(tree.a1g, name="周九", phone="13500000001", status=status)
    result = checkin(activity, "周九", "13500000001")
    assert result.is_guest and result.attendance.guest_name == "周九"
    # Nor by one-tap login.
    account = make_user("former", tree.a1g, "member", member=former)
    assert services.login_checkin_state(activity=activity, user=account) == (None, "")


def test_withdrawn_members_account_cannot_check_in_by_login(activity, tree):
    former = make_member(tree.a1g, name="周九", phone="13500000001")
    account = make_user("former", tree.a1g, "member", member=former)
    former.status = MemberStatus.WITHDRAWN
    former.save(update_fields=["status"])
    with pytest.raises(services.CheckinError):
        services.checkin_logged_in(activity=activity, session=0, user=account)


def test_sheet_import_matches_like_the_public_page(activity, users, tree):
    make_member(tree.a1g, name="李晓燕", phone="13600000001")
    make_member(tree.a1g, name="周九", phone="13500000001", status=MemberStatus.WITHDRAWN)
    sheet = xlsx(
        [
            ["姓名", "手机号"],
            ["李小燕", "13600000001"],
            ["周九", "13500000001"],
            ["来宾", "13700000001"],
            ["来宾乙", "13700000001"],
        ]
    )
    result = services.attendance_import(
        actor=users.staff_a, activity=activity, session=0, source=sheet
    )
    assert (result.created, result.unchanged) == (3, 1)
    flagged = Attendance.objects.get(activity=activity, name_unconfirmed=True)
    assert flagged.member.name == "李晓燕"
    assert Attendance.objects.filter(activity=activity, member__isnull=True).count() == 2


def test_limit_per_activity_holds_across_addresses(tree, settings):
    settings.KESU_CHECKIN_RATE_PER_ACTIVITY = 3
    busy, quiet = make_activity(tree.a), make_activity(tree.a, title="另一场")
    for i in range(3):
        checkin(busy, f"来宾{i}", f"1370000000{i}", ip=f"198.51.100.{i}")
    with pytest.raises(RateLimited, match="人数过多"):
        checkin(busy, "来宾九", "13700000009", ip="198.51.100.9")
    assert checkin(quiet, "来宾九", "13700000009", ip="198.51.100.9").created


def _post(link: str, n: int, **meta) -> int:
    data = {"name": f"来宾{n}", "phone": f"137000000{n:02d}"}
    return Client().post(link, data, **meta).status_code


def test_forwarded_address_counts_only_from_a_trusted_proxy(link, settings):
    settings.KESU_CHECKIN_RATE_PER_IP = 2
    settings.KESU_TRUSTED_PROXIES = [PROXY]
    # Behind the proxy each visitor has their own limit ...
    behind = [
        _post(link, n, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(4)
    ]
    assert behind == [200, 200, 200, 200]
    assert _post(link, 10, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1") == 200
    assert _post(link, 11, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.1") == 429
    # ... while a client reaching the server directly cannot pick a new address per request.
    direct = [
        _post(link, 20 + n, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        for n in range(3)
    ]
    assert direct == [200, 200, 429]


def test_without_trusted_proxies_everyone_behind_one_address_shares_it(link, settings):
    settings.KESU_CHECKIN_RATE_PER_IP = 2
    settings.KESU_TRUSTED_PROXIES = []
    statuses = [
        _post(link, n, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_staff_pick_or_the_members_login_confirms_a_near_match(activity, users, tree):
    member = make_member(tree.a1g, name="李晓燕", phone="13600000001")
    att = checkin(activity, "李小燕", "13600000001").attendance
    services.attendance_add_members(
        actor=users.staff_a, activity=activity, session=0, members=[member]
    )
    att.refresh_from_db()
    assert not att.name_unconfirmed and Attendance.objects.count() == 1
    other = make_activity(tree.a, title="另一场")
    near = checkin(other, "李小燕", "13600000001").attendance
    account = make_user("lixiaoyan", tree.a1g, "member", member=member)
    services.checkin_logged_in(activity=other, session=0, user=account)
    near.refresh_from_db()
    assert not near.name_unconfirmed
