"""Staff review of near name matches on the attendance page: confirm the member, or record
the row as a guest of the phone; both audited, both scoped, each row decided once."""

from __future__ import annotations

import pytest

from kesu.activities.models import Attendance
from kesu.audit.models import AuditEntry
from kesu.checkin import review, services
from kesu.orgs import access
from tests.conftest import login
from tests.factories import make_member


@pytest.fixture
def near(activity, tree):
    """李晓燕 on the roster checked in as 李小燕: one row, the member's, flagged."""
    member = make_member(tree.a1g, name="李晓燕", phone="13600000001")
    services.checkin_by_phone(
        activity=activity, session=0, name="李小燕", phone="13600000001", ip="198.51.100.9"
    )
    att = Attendance.objects.get(activity=activity)
    assert att.member == member and att.name_unconfirmed
    return att


def _url(activity, att, decision):
    return f"/checkin/activity/{activity.pk}/review/{att.pk}/{decision}/"


def test_flagged_row_listed_with_both_actions(client, users, activity, near):
    login(client, users.staff_a)
    body = client.get(f"/checkin/activity/{activity.pk}/").content.decode()
    assert "待核对的签到" in body and "李小燕" in body and "李晓燕" in body
    assert _url(activity, near, "confirm") in body and _url(activity, near, "guest") in body
    login(client, users.viewer_a)  # may look, may not decide: no buttons
    body = client.get(f"/checkin/activity/{activity.pk}/").content.decode()
    assert "李小燕" in body and _url(activity, near, "confirm") not in body
    assert client.post(_url(activity, near, "confirm")).status_code == 403
    near.refresh_from_db()
    assert near.name_unconfirmed


def test_confirm_clears_the_flag_and_is_audited(client, users, activity, near):
    login(client, users.staff_a)
    response = client.post(_url(activity, near, "confirm"))
    assert response.status_code == 302
    near.refresh_from_db()
    assert not near.name_unconfirmed and near.member_id and near.guest_name == ""
    entry = AuditEntry.objects.get(action="attendance.confirm")
    assert entry.changes["typed_name"] == "李小燕"
    # Decided once: a second click is refused in Chinese, nothing more is written.
    client.post(_url(activity, near, "confirm"))
    assert AuditEntry.objects.filter(action="attendance.confirm").count() == 1


def test_mark_guest_keeps_one_row_for_the_phone(users, activity, near):
    member_id = near.member_id
    review.attendance_mark_guest(actor=users.staff_a, activity=activity, pk=near.pk)
    near.refresh_from_db()
    assert near.member is None and near.guest_name == "李小燕" and not near.name_unconfirmed
    assert near.guest_phone_masked.endswith("0001") and near.guest_phone_hash
    assert AuditEntry.objects.get(action="attendance.mark_guest").changes["member_id"] == member_id
    # The phone still counts once: checking in again adds nothing.
    again = services.checkin_by_phone(
        activity=activity, session=0, name="李小燕", phone="13600000001", ip="198.51.100.9"
    )
    assert not again.created and Attendance.objects.filter(activity=activity).count() == 1
    with pytest.raises(review.ReviewError):
        review.attendance_confirm(actor=users.staff_a, activity=activity, pk=near.pk)


def test_other_district_cannot_review(client, users, activity, near):
    with pytest.raises(access.NotFound):
        review.attendance_confirm(actor=users.admin_b, activity=activity, pk=near.pk)
    login(client, users.admin_b)
    assert client.post(_url(activity, near, "guest")).status_code == 404
    assert client.post(_url(activity, near, "other")).status_code == 404
    near.refresh_from_db()
    assert near.name_unconfirmed and near.member_id
