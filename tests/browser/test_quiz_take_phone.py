"""A member takes a quiz on a phone viewport: answers autosave, a reload keeps them, the
submit shows the score and (policy allowing) the explanations. No CSP violations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kesu.quiz.models import Attempt
from tests.browser.conftest import shot
from tests.factories import PASSWORD
from tests.quiz.conftest import make_paper, make_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_takes_quiz_on_phone(browser, live_server, users, members, tree):
    from kesu.quiz.models import QuestionBank

    bank = QuestionBank.objects.create(org=tree.city, name="市级题库")
    single = make_question(
        bank,
        "single",
        answer=[1],
        stem="光年是什么单位？",
        options=["时间", "长度", "速度", "质量"],
        explanation="光年是长度单位。",
    )
    judge = make_question(bank, "judge", answer=[0], stem="地球绕太阳一周约需一年。")
    make_paper(
        tree.a,
        [(single, Decimal(5)), (judge, Decimal(5))],
        title="手机答题测试卷",
        time_limit_seconds=600,
    )
    user = users.member_a
    user.member = members.in_a
    user.save()

    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", "member_a")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(live_server.url + "/quiz/my/")
        page.get_by_role("link", name="开始答题").click()
        page.get_by_role("button", name="开始答题").click()
        page.wait_for_selector(".quiz-form")
        assert page.locator("[data-remaining]").count() == 1
        page.get_by_label("长度").check()
        page.wait_for_selector("text=已自动保存")
        page.reload()
        assert page.get_by_label("长度").is_checked()  # progress survived the reload
        page.locator(f"fieldset[data-question='{judge.pk}'] label").first.click()  # 正确
        page.wait_for_selector("text=已自动保存")
        shot(page, "quiz-phone-question")
        page.get_by_role("button", name="交卷").click()  # first tap arms the button
        page.get_by_role("button", name="确认交卷").click()
        page.wait_for_selector("[data-score]")
        assert "10.00" in page.inner_text("[data-score]")
        assert "光年是长度单位。" in page.content()
        shot(page, "quiz-phone-result")
        assert Attempt.objects.get().score == Decimal("10.00")
        assert violations == []
    finally:
        context.close()
