"""Check-in on a phone with a name one character off the roster (李小燕 for 李晓燕): one
record against the member, flagged; staff confirm it on the attendance page. A guest gets
the same answer on the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kesu.activities.models import Attendance
from kesu.checkin import tokens
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login
from tests.checkin.conftest import make_activity
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone_checkin(browser, url: str, name: str, phone: str) -> str:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        phone_page = context.new_page()
        phone_page.goto(url)
        phone_page.fill("input[name=name]", name)
        phone_page.fill("input[name=phone]", phone)
        phone_page.click("button[type=submit]")
        expect(phone_page.locator("h1")).to_have_text("签到成功")
        return phone_page.inner_text("main")
    finally:
        context.close()


def test_near_name_is_one_flagged_record_confirmed_by_staff(browser, page, users, tree):
    member = make_member(tree.a1g, name="李晓燕", phone="13900005678")
    activity = make_activity(tree.a)
    token, _ = tokens.make_token(activity, 0)
    url = f"{page.base}/checkin/t/{token}/"
    on_roster = _phone_checkin(browser, url, "李小燕", "13900005678")
    guest = _phone_checkin(browser, url, "王芳", "13700000009")
    assert on_roster == guest  # nothing tells a member from a guest
    row, guest_row = Attendance.objects.order_by("id")
    assert row.member == member and row.name_unconfirmed and guest_row.member is None

    login(page, "staff_a")
    page.goto(f"{page.base}/checkin/activity/{activity.pk}/")
    expect(page.locator("#count-persons")).to_have_text("2")
    review = page.locator("#review")
    expect(review).to_contain_text("李小燕")
    expect(review).to_contain_text("李晓燕")
    shot(page, "checkin-near-name-review")
    review.get_by_role("button", name="确认为会员").click()
    expect(page.locator("body")).to_contain_text("已确认为会员签到")
    expect(page.locator("#review")).to_have_count(0)
    row.refresh_from_db()
    assert not row.name_unconfirmed and row.member == member

    # The same phone again, either spelling: the same answer, still one record.
    assert _phone_checkin(browser, url, "李小燕", "13900005678") == on_roster
    assert Attendance.objects.filter(activity=activity).count() == 2
    assert page.csp_violations == []
