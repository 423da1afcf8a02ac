"""Check-in by phone: roster match, guests with protected phones, duplicates, counts, limits."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from kesu.activities.models import Attendance
from kesu.audit.models import AuditEntry
from kesu.checkin import selectors, services
from kesu.checkin.ratelimit import RateLimited
from kesu.core import crypto
from kesu.orgs import access
from tests.checkin.conftest import make_activity, xlsx
from tests.factories import make_member, new_id_number


def checkin(activity, name, phone, session=0, ip="10.0.0.1"):
    return services.checkin_by_phone(
        activity=activity, session=session, name=name, phone=phone, ip=ip
    )


def test_roster_member_matched_by_phone_and_name(activity, members):
    result = checkin(activity, " 张 三 ", "+86 138-0000-1234")
    assert result.created and not result.is_guest
    assert result.attendance.member == members.in_a
    assert result.attendance.source == "qr"
    assert result.attendance.guest_phone_enc == ""


def test_unknown_person_is_a_guest_with_protected_phone(activity, members):
    # Right phone, wrong name: not the member, so a guest.
    result = checkin(activity, "赵六", "13800001234")
    att = result.attendance
    assert result.is_guest and att.member is None
    assert att.guest_name == "赵六"
    assert att.guest_phone_masked == "138****1234"
    assert "13800001234" not in att.guest_phone_enc
    assert crypto.decrypt(att.guest_phone_enc) == "13800001234"
    assert att.guest_phone_hash and "13800001234" not in att.guest_phone_hash


def test_member_outside_the_organiser_subtree_is_a_guest(activity, members):
    result = checkin(activity, "王五", "13900005678")  # HZ-B member at an HZ-A activity
    assert result.is_guest


def test_duplicates_are_ignored(activity, members):
    assert checkin(activity, "张三", "13800001234").created
    again = checkin(activity, "张三", "13800001234")
    assert not again.created
    assert checkin(activity, "来宾", "13700000001").created
    assert not checkin(activity, "来宾甲", "137 0000 0001").created
    assert Attendance.objects.filter(activity=activity).count() == 2


def test_concurrent_duplicate_is_reported_not_raised(activity, members, monkeypatch):
    first = checkin(activity, "张三", "13800001234").attendance
    real_filter = Attendance.objects.filter
    calls = {"n": 0}

    def blind_first_lookup(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs

    monkeypatch.setattr(Attendance.objects, "filter", blind_first_lookup)
    result = checkin(activity, "张三", "13800001234")
    assert not result.created and result.attendance.pk == first.pk


def test_bad_input_messages(activity):
    with pytest.raises(services.CheckinError) as exc:
        checkin(activity, "", "12345")
    assert set(exc.value.fields) == {"name", "phone"}
    assert "11位" in exc.value.fields["phone"]
    assert not Attendance.objects.exists()


def test_person_times_versus_persons(tree, members):
    act = make_activity(tree.a, days=2)
    for session in (0, 1):
        checkin(act, "张三", "13800001234", session=session)
        checkin(act, "来宾", "13700000001", session=session)
    checkin(act, "另一位", "13700000002", session=0)
    counts = selectors.attendance_counts(activity=act)
    assert counts == {"person_times": 5, "persons": 3}
    assert selectors.attendance_counts(activity=act, session=1) == {
        "person_times": 2,
        "persons": 2,
    }


def test_rate_limit_per_ip_and_per_activity(activity, settings):
    settings.KESU_CHECKIN_RATE_PER_IP = 2
    settings.KESU_CHECKIN_RATE_PER_ACTIVITY = 3
    checkin(activity, "甲", "13700000001")
    checkin(activity, "乙", "13700000002")
    with pytest.raises(RateLimited, match="同一网络"):
        checkin(activity, "丙", "13700000003")
    checkin(activity, "丙", "13700000003", ip="10.0.0.2")
    with pytest.raises(RateLimited, match="人数过多"):
        checkin(activity, "丁", "13700000004", ip="10.0.0.3")


def test_add_members_scoped_and_audited(activity, users, members):
    result = services.attendance_add_members(
        actor=users.staff_a, activity=activity, session=0, members=[members.in_a, members.in_a2]
    )
    assert (result.added, result.already) == (2, 0)
    again = services.attendance_add_members(
        actor=users.staff_a, activity=activity, session=0, members=[members.in_a]
    )
    assert (again.added, again.already) == (0, 1)
    assert AuditEntry.objects.filter(action="attendance.add").count() == 2
    assert Attendance.objects.get(member=members.in_a2).source == "staff"
    with pytest.raises(access.NotFound):
        services.attendance_add_members(
            actor=users.staff_a, activity=activity, session=0, members=[members.in_b]
        )
    with pytest.raises(access.NotFound):
        services.attendance_add_members(
            actor=users.admin_b, activity=activity, session=0, members=[members.in_b]
        )
    with pytest.raises(access.Forbidden):
        services.attendance_add_members(
            actor=users.viewer_a, activity=activity, session=0, members=[members.in_a]
        )


def test_import_applies_valid_rows_and_reports_errors(activity, users, members, tree):
    number = new_id_number()
    with_id = make_member(tree.a1, name="孙七", id_number=number)
    bad = number[:-1] + ("0" if number[-1] != "0" else "1")
    source = xlsx(
        [
            ["西湖区讲座签到表"],
            ["姓名", "手机号", "身份证号"],
            ["张三", "13800001234", None],  # roster member by phone
            ["来宾一", "13700000001", None],  # guest
            ["孙七", None, number],  # member by ID number
            ["", "13700000002", None],  # no name
            ["坏号码", "1234", None],  # bad phone
            ["王五", None, bad],  # bad ID checksum
            ["无联系方式", None, None],
            ["张三", "13800001234", None],  # duplicate in the file
        ]
    )
    result = services.attendance_import(
        actor=users.staff_a, activity=activity, session=0, source=source
    )
    assert (result.rows, result.created, result.unchanged) == (8, 3, 1)
    by_row = {(e.row, e.column) for e in result.errors}
    assert by_row == {(6, "姓名"), (7, "手机号"), (8, "身份证号"), (9, "手机号")}
    assert all(e.message for e in result.errors)
    assert Attendance.objects.filter(member=with_id, source="import").exists()
    entry = AuditEntry.objects.get(action="attendance.import")
    assert entry.changes["added"] == 3 and entry.changes["rejected"] == 4


def test_import_rejects_unusable_files(activity, users):
    with pytest.raises(services.CheckinError, match="手机号"):
        services.attendance_import(
            actor=users.staff_a, activity=activity, session=0, source=xlsx([["姓名", "单位"]])
        )


def test_constraint_backs_the_service(activity, members):
    checkin(activity, "张三", "13800001234")
    with pytest.raises(IntegrityError):
        Attendance.objects.create(activity=activity, session=0, member=members.in_a, source="qr")
