"""A district that made its own 全国科普日 before the city's joins the city's campaign; the
city drills down from a coverage row to the district's activities and reminds (催报) the
district that has not reported."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kesu.activities.models import Campaign, CampaignReminder
from kesu.activities.selectors import pending_reminders
from tests.activities_campaigns.conftest import make_activity, make_campaign
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_child_unit_joins_the_city_campaign(browser, page, users, tree):
    city = make_campaign(tree.city)
    own = make_campaign(tree.a, name="2026年 全国科普日")
    make_activity(tree.a1g, own, title="北山街道科普讲座")

    login(page, "admin_a")
    page.goto(f"{page.base}/campaigns/{own.pk}/")
    expect(page.locator("#campaign-higher")).to_contain_text("杭州市总工会")
    page.get_by_role("button", name="并入上级主题活动").click()
    page.wait_for_url(f"{page.base}/campaigns/{city.pk}/")
    expect(page.locator("body")).to_contain_text("已并入")
    assert not Campaign.objects.filter(pk=own.pk).exists()
    shot(page, "campaign-joined")

    browser_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    city_page = browser_context.new_page()
    city_page.base = page.base
    try:
        login(city_page, "city_admin")
        city_page.goto(f"{page.base}/campaigns/{city.pk}/")
        city_page.get_by_role("link", name="西湖区总工会").click()
        expect(city_page.locator("body")).to_contain_text("北山街道科普讲座")
        city_page.go_back()
        city_page.get_by_role("button", name="向 1 个未填报单位催报").click()
        expect(city_page.locator("body")).to_contain_text("已向 1 个未填报单位催报")
        expect(city_page.locator("body")).to_contain_text("今日已催报")
    finally:
        browser_context.close()
    assert CampaignReminder.objects.get().org == tree.b
    assert [r.campaign for r in pending_reminders(tree.b)] == [city]
    assert page.csp_violations == []
