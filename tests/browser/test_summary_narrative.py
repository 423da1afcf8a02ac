"""The narrative is never lost (issue 15): typed text is autosaved without a reload, changing
the date range saves first and finds the same period's draft, and coming back shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kesu.reports.models import SummaryDraft
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typed_narrative_survives_a_change_of_range(page, users, tree):
    login(page, "admin_a")
    page.goto(f"{page.base}/reports/summary/?org=HZ-A&from=2025-01-01&to=2025-12-07")
    expect(page.locator("[data-period-note]")).to_contain_text("2025年度尚无草稿")
    problems = page.locator("textarea[name=problems]")
    problems.fill("部分基层工会活动形式单一。")
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text("已自动保存")
    expect(status).to_contain_text("2025年度第1版")
    assert SummaryDraft.objects.get().problems == "部分基层工会活动形式单一。"

    # typed and, before the autosave's pause is over, the range changed: saved first
    page.fill("textarea[name=next_plan]", "深入企业开展科普进车间活动。")
    page.fill("input[name=to]", "2025-12-31")
    page.click("text=生成预览")
    page.wait_for_url("**to=2025-12-31**")
    expect(page.locator("[data-period-note]")).to_contain_text("显示的是2025年度的草稿")
    expect(page.locator("textarea[name=next_plan]")).to_have_value("深入企业开展科普进车间活动。")
    expect(page.locator(".summary-preview")).to_contain_text("深入企业开展科普进车间活动。")
    shot(page, "40-summary-narrative")

    # back to the first range: the same draft, nothing lost
    page.goto(f"{page.base}/reports/summary/?org=HZ-A&from=2025-01-01&to=2025-12-07")
    expect(page.locator("textarea[name=problems]")).to_have_value("部分基层工会活动形式单一。")
    expect(page.locator("textarea[name=next_plan]")).to_have_value("深入企业开展科普进车间活动。")

    assert page.csp_violations == []

    # unsaved text: leaving asks first
    problems.fill("还没有保存的一句话")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    # Leave: a page kept open behind a dismissed beforeunload has crashed Chromium when its
    # context closed right after.
    asked.value.accept()
