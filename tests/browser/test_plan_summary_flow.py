"""Plan → evaluation → dashboard → summary in a real browser (issue 6, done means): a
district admin hands a target down to a township, watches completion, publishes an
evaluation, writes the narrative and downloads a Word summary whose figures match records."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from tests.activities.conftest import make_activity
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_evaluation_dashboard_summary(page, users, tree):
    today = timezone.localdate()
    year, day = today.year, today.isoformat()
    make_activity(tree.a1, "街道安全生产讲座", day, person_times=120, materials_distributed=640)
    login(page, "admin_a")

    # 1. Hand a target down to the township (bulk grid)
    page.goto(f"{page.base}/plans/children/?org=HZ-A&year={year}&indicator=activities.count")
    page.fill("input[name='t-HZ-A-1-activities.count']", "2")
    page.click("form.plan-grid button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("已下达 1 项目标")
    page.goto(f"{page.base}/plans/?org=HZ-A-1&year={year}")
    expect(page.locator("body")).to_contain_text("50")  # 1 of 2 activities: 50 %
    shot(page, "30-plan-completion")

    # 2. Evaluation scheme for the townships, one proportional item, publish
    page.goto(page.base + "/evaluations/")
    page.fill("input[name=year]", str(year))
    page.select_option("select[name=level]", "township")
    page.fill("input[name=title]", f"{year}年度街道科普工作考评")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/evaluations/\d+/$"))
    item = page.locator("form:has(input[name=form][value=item])")
    item.locator("select[name=indicator]").select_option("activities.count")
    item.locator("input[name=points]").fill("10")
    item.locator("select[name=rule]").select_option("proportional")
    item.locator("button[type=submit]").click()
    row = page.locator("tr", has_text="北山街道总工会")
    expect(row).to_contain_text("1/2（50.0%）")
    page.click("text=发布考评结果")
    expect(page.locator("body")).to_contain_text("已发布第 1 版")
    shot(page, "31-evaluation-published")

    # 3. Dashboard: charts drawn by the locally served ECharts, no CSP violation
    page.goto(f"{page.base}/dashboard/?org=HZ-A&from={year}-01-01&to={day}")
    expect(page.locator(".panel.has-chart canvas").first).to_be_visible()
    expect(page.locator(".headline").first).to_contain_text("科普活动")
    shot(page, "32-dashboard")
    page.locator("[data-view-toggle]").first.click()
    expect(page.locator(".panel.show-table table").first).to_be_visible()

    # 4. Summary: preview links figures, narrative saved as a draft, Word download
    page.goto(f"{page.base}/reports/summary/?org=HZ-A&from={year}-01-01&to={day}")
    figure = page.locator("a.figure", has_text="640份")
    expect(figure).to_have_attribute(
        "href", re.compile(r"/indicators/activities.materials/evidence/")
    )
    page.fill("textarea[name=problems]", "科普活动覆盖面还不够广。")
    page.fill("textarea[name=next_plan]", "下一步将深入企业开展科普进车间活动。")
    page.click("text=保存草稿（新版本）")
    expect(page.locator(".messages")).to_contain_text("已保存为第1版草稿")
    shot(page, "33-summary-preview")
    with page.expect_download() as info:
        page.click("text=下载 Word")
    texts = [p.text for p in Document(io.BytesIO(open(info.value.path(), "rb").read())).paragraphs]
    assert any("发放宣传资料640份" in t for t in texts)
    assert "科普活动覆盖面还不够广。" in texts
    figure.click()
    expect(page.locator("body")).to_contain_text("街道安全生产讲座")
    assert page.csp_violations == []
