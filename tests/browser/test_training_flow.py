"""Course → check-in → completion → certificate in a real browser: a cadre creates a course
with a session, a member enrols and checks in from a phone through the session's check-in
link, hours and completion appear, the course shows in the member's archive, and the
certificate verifies on the public page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kesu.training.models import Certificate
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_course_checkin_completion_certificate(browser, page, users, tree, members):
    users.member_a.member = members.in_a
    users.member_a.save(update_fields=["member"])
    now = timezone.localtime()
    # A one-hour session on today's date that has started (check-in is open).
    start = now.replace(minute=0, second=0, microsecond=0)
    if 1 <= start.hour <= 22:
        start -= dt.timedelta(hours=1)
    elif start.hour == 23:
        start = start.replace(hour=21)

    login(page, "staff_a")
    page.goto(page.base + "/training/new/")
    page.fill("input[name=title]", "安全生产知识培训班")
    page.select_option("select[name=org]", value=tree.a.code)
    page.check("input[name=topics][value=safety]")
    page.fill("input[name=planned_hours]", "2")
    page.fill("input[name=pass_percent]", "100")
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/training/\d+/$"))
    detail = page.url

    form = page.locator("form.session-form")
    form.locator("input[name=start]").fill(start.strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=end]").fill((start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name=hours]").fill("2")
    form.locator("input[name=place]").fill("职工之家")
    form.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("第1讲时长1小时，不能记2学时")
    form = page.locator("form.session-form")
    form.locator("input[name=hours]").fill("1")
    form.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("已添加第1讲")
    shot(page, "20-training-course")

    page.click("a.checkin-link")
    link = page.locator("#checkin-url").inner_text().strip()
    assert "/checkin/t/" in link

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    mobile = phone.new_page()
    mobile.goto(page.base + "/accounts/login/")
    mobile.fill("input[name=username]", "member_a")
    mobile.fill("input[name=password]", PASSWORD)
    mobile.click("button[type=submit]")
    mobile.wait_for_load_state()
    mobile.goto(page.base + "/training/my/")
    mobile.locator("li", has_text="安全生产知识培训班").locator("button.enrol-button").click()
    expect(mobile.locator("body")).to_contain_text("报名成功")
    mobile.goto(link if link.startswith("http") else page.base + link)
    mobile.locator("button.checkin-submit").first.click()
    expect(mobile.locator("body")).to_contain_text("签到成功")
    mobile.goto(page.base + "/training/my/")
    course = mobile.locator("li.my-course", has_text="安全生产知识培训班")
    expect(course).to_contain_text("已获 1 / 1 学时")
    expect(course.locator(".completion")).to_have_text("已结业")
    shot(mobile, "21-training-my")
    with mobile.expect_download() as download:
        course.locator("a", has_text="下载结业证书").click()
    assert download.value.suggested_filename.endswith(".pdf")
    # …and the member's science-literacy archive shows the course, its hours and certificate
    mobile.goto(page.base + "/archive/me/")
    archive = mobile.locator("body")
    expect(archive).to_contain_text("安全生产知识培训班")
    expect(archive).to_contain_text(Certificate.objects.get().code)
    shot(mobile, "23-training-in-archive")
    phone.close()

    page.goto(detail)
    row = page.locator("table.enrolments tr", has_text=members.in_a.name)
    expect(row.locator(".hours")).to_have_text("1")
    expect(row.locator(".completion")).to_contain_text("已结业")

    code = Certificate.objects.get().code
    public = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    anon = public.new_page()
    anon.goto(page.base + "/training/verify/")
    anon.fill("input[name=code]", code.lower())
    anon.click("button[type=submit]")
    expect(anon.locator(".verify-ok")).to_have_text("证书有效")
    result = anon.locator(".verify-result")
    expect(result).to_contain_text("张*")
    expect(result).to_contain_text("安全生产知识培训班")
    assert "张三" not in anon.locator("body").inner_text()
    shot(anon, "22-training-verify")
    public.close()
    assert page.csp_violations == []
