"""A member logs in on a phone and reads their own science-literacy archive (科学素质档案),
which shows an activity they checked in to and nothing about anyone else."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.archive.conftest import story  # noqa: F401 (the archive tests' fixture)
from tests.browser.conftest import shot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_reads_own_archive_on_a_phone(browser, live_server, story, users):  # noqa: F811
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    violations: list[str] = []
    phone.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    phone.goto(live_server.url + "/accounts/login/")
    phone.fill("input[name=username]", "member_a")
    phone.fill("input[name=password]", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
    phone.goto(live_server.url + "/archive/me/")
    timeline = phone.locator("ol.timeline").first
    expect(timeline).to_contain_text("安全生产科普讲座")
    body = phone.locator("main")
    expect(body).to_contain_text("焊接工序合理化建议")
    expect(body).to_contain_text("五一劳动奖章")
    expect(body).not_to_contain_text("滨江厂区讲座")
    assert phone.locator("main ol.timeline a").count() == 0  # no staff links for a member
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, width  # fits the phone: no sideways scrolling
    shot(phone, "60-archive-phone")
    assert not violations, violations
    context.close()


def test_staff_reads_a_member_archive_and_reviews_an_achievement(page, story, users, members):  # noqa: F811
    from tests.browser.test_roster_flow import login

    login(page, "staff_a")
    page.goto(f"{page.base}/archive/?q=张三")
    page.click(f"a[href='/archive/members/{members.in_a.pk}/']")
    expect(page.locator("main")).to_contain_text("安全生产科普讲座")
    expect(page.locator("a[href$='card.pdf']")).to_be_visible()
    shot(page, "61-archive-staff")
    page.click(f"a[href='/achievements/{story.achievement.pk}/']")
    expect(page.locator("h1")).to_contain_text("焊接工序合理化建议")
    page.goto(f"{page.base}/achievements/")
    expect(page.locator("table")).to_contain_text("已认定")
    shot(page, "62-achievements")
    assert not page.csp_violations, page.csp_violations
