"""Record → check-in → indicator in a real browser: a cadre records an activity, two people
check in from a phone (one on the roster, one guest), and the indicators show it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_checkin_indicator(browser, page, users, tree, members):
    now = timezone.localtime()
    # Under way now and within today's local date: the indicators below read today alone
    # (just after midnight in Beijing, "an hour ago" was yesterday).
    start = max(now - dt.timedelta(hours=1), now.replace(hour=0, minute=0))
    end = min(now + dt.timedelta(hours=2), now.replace(hour=23, minute=59))
    login(page, "staff_a")
    page.goto(page.base + "/activities/new/")
    page.fill("input[name=title]", "世界气象日科普进校园")
    page.select_option("select[name=kind]", "campaign")
    page.select_option("select[name=org]", value=tree.a1g.code)
    page.fill("input[name=start]", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=end]", end.strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=place]", "某小学礼堂")
    page.fill("input[name=materials_distributed]", "500")
    page.fill("input[name=consultations]", "30")
    page.fill("input[name=new_followers]", "100")
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    activity_id = int(re.search(r"/activities/(\d+)/", page.url)[1])
    shot(page, "10-activity-recorded")

    page.goto(f"{page.base}/checkin/activity/{activity_id}/")
    link = page.locator("#checkin-url").inner_text().strip()
    assert "/checkin/t/" in link
    shot(page, "11-checkin-manage")

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    mobile = phone.new_page()
    for name, number, expected in [
        ("张三", "138 0000 1234", "签到成功"),
        ("路人甲", "13912345678", "签到成功"),
        ("张三", "13800001234", "签到成功"),
    ]:  # the same answer again
        mobile.goto(link if link.startswith("http") else page.base + link)
        mobile.fill("input[name=name]", name)
        mobile.fill("input[name=phone]", number)
        mobile.click("button.checkin-submit")
        expect(mobile.locator("body")).to_contain_text(expected)
    shot(mobile, "12-checkin-phone")
    phone.close()

    today = now.date().isoformat()
    page.goto(f"{page.base}/indicators/?org={tree.a.code}&from={today}&to={today}")
    body = page.locator("body")
    rows = {
        code: page.locator(f"tr:has-text('{code}') td").nth(1).inner_text()
        for code in (
            "activities.count",
            "activities.materials",
            "checkin.person_times",
            "checkin.persons",
        )
    }
    shot(page, "13-indicators")
    assert rows == {
        "activities.count": "1",
        "activities.materials": "500",
        "checkin.person_times": "2",
        "checkin.persons": "2",
    }, (rows, body.inner_text()[:500])
