"""A literacy assessment in a real browser: the results page shows the raw and the weighted
literate shares with their intervals, beside the published national figures; also on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.assessment.schemes import ensure_builtin
from kesu.quiz.models import Paper
from tests.assessment.conftest import attempt, person
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_results_raw_weighted_national(browser, page, users, tree):
    ensure_builtin()
    paper = Paper.objects.create(org=tree.a, title="测评卷", purpose="assessment")
    a = LiteracyAssessment.objects.create(
        org=tree.a,
        title="2026年西湖区职工科学素质测评",
        paper=paper,
        scheme=LiteracyScheme.objects.get(code="national-2022"),
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 6, 30),
    )
    # 40 young graduates (all assessed, 30 literate), 120 older workers (40 assessed, 4 literate)
    young = [
        person(tree.a1g, born=dt.date(2000, 1, 1), male=True, education="bachelor")
        for _ in range(40)
    ]
    old = [
        person(tree.a1g, born=dt.date(1970, 1, 1), male=False, education="junior")
        for _ in range(120)
    ]
    for i, m in enumerate(young):
        attempt(paper, m, 80 if i < 30 else 50)
    for i, m in enumerate(old[:40]):
        attempt(paper, m, 72 if i < 4 else 40)

    login(page, "viewer_a")
    page.goto(f"{page.base}/assessment/")
    page.click(f"text={a.title}")
    # raw 34/80 = 42.50%; weighted (30×1 + 4×3) / (40 + 120) = 42/160 = 26.25%
    expect(page.locator("#overall-raw")).to_contain_text("42.50%")
    weighted = page.locator("#overall-weighted")
    expect(weighted).to_contain_text("26.25%")
    expect(weighted.locator(".ci")).to_contain_text("–")
    panel = page.locator("#national-panel")
    expect(panel).to_contain_text("14.14%")
    expect(panel).to_contain_text("纲要目标 2035 年")
    expect(page.locator("#group-gender")).to_contain_text("15.66%")
    shot(page, "70-assessment-results")
    assert not page.csp_violations

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    mobile = phone.new_page()
    mobile.base = page.base
    login(mobile, "viewer_a")
    mobile.goto(f"{page.base}/assessment/{a.pk}/")
    expect(mobile.locator("#overall-weighted")).to_contain_text("26.25%")
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    shot(mobile, "71-assessment-results-phone")
    phone.close()
