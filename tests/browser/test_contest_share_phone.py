"""A contest from staff to members' phones: created with its paper in one step, shared by
link and QR code, taken on a 390×844 phone (the contest's title, the current rank), closed
by staff, and then ranked with its prize."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kesu.contests.models import Contest
from kesu.quiz.models import QuestionBank
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login
from tests.contests.conftest import make_attempt
from tests.factories import PASSWORD
from tests.quiz.conftest import make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_contest_created_shared_taken_on_phone_closed_ranked(browser, page, users, members, tree):
    bank = QuestionBank.objects.create(org=tree.city, name="市级题库")
    make_question(
        bank,
        "single",
        answer=[1],
        stem="光年是什么单位？",
        options=["时间", "长度", "速度", "质量"],
    )
    make_question(bank, "judge", answer=[0], stem="地球绕太阳一周约需一年。")
    user = users.member_a
    user.member = members.in_a
    user.save()
    now = timezone.localtime().replace(second=0, microsecond=0)

    login(page, "staff_a")
    page.goto(page.base + "/contests/new/")
    page.fill("input[name=title]", "西湖区科普知识竞赛")
    page.fill("input[name=starts_at]", (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("select[name=bank]", value=str(bank.pk))
    page.fill("input[name=single_count]", "1")
    page.fill("input[name=judge_count]", "1")
    page.fill("input[name=points]", "5")
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/contests/\d+/$"))
    share_url = page.inner_text("#contest-url").strip()
    assert re.fullmatch(rf"{re.escape(page.base)}/contests/\d+/", share_url)
    qr_width = page.eval_on_selector("img.contest-qr", "img => img.naturalWidth")
    assert qr_width > 0
    contest = Contest.objects.get()
    make_attempt(contest.paper, members.in_a2, 5, at=timezone.now(), max_score=10)

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        m = phone.new_page()
        m.set_default_timeout(15_000)
        m.goto(share_url)  # opened from WeChat: log in, then back on the contest
        m.fill("input[name=username]", "member_a")
        m.fill("input[name=password]", PASSWORD)
        m.click("button[type=submit]")
        m.wait_for_url(share_url)
        m.click("a.contest-take")
        expect(m.locator("h1")).to_have_text("西湖区科普知识竞赛")
        m.get_by_role("button", name="开始答题").click()
        m.wait_for_selector(".quiz-form")
        expect(m.locator(".quiz-bar-title")).to_have_text("西湖区科普知识竞赛")
        m.get_by_label("长度").check()
        m.get_by_label("正确").check()
        m.get_by_role("button", name="交卷").click()
        m.get_by_role("button", name="确认交卷").click()
        m.wait_for_selector("[data-score]")
        panel = m.locator(".quiz-panel")
        expect(panel).to_contain_text("当前排名")
        expect(panel).to_contain_text("第 1 名 / 共 2 人")
        expect(panel).not_to_contain_text("一等奖")
        no_overflow = m.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert no_overflow
        shot(m, "contest-phone-current-rank")

        page.reload()
        page.click("#contest-close")
        expect(page.locator("body")).to_contain_text("名次和奖项已确定")

        m.reload()
        expect(panel).to_contain_text("最终名次")
        expect(panel).to_contain_text("一等奖")
        shot(m, "contest-phone-final-rank")
    finally:
        phone.close()
    assert page.csp_violations == []
