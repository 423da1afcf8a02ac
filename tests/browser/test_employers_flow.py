"""A district cadre records an employer with its union founding and a welding contest in a
real browser, then finds the figures on the indicators page."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from kesu.employers.validation import credit_check_char
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_employer_founding_contest_indicators(page, users, tree):
    today = timezone.localdate().isoformat()
    first = "91330106MA0000077"
    login(page, "staff_a")

    page.goto(page.base + "/employers/new/")
    page.select_option("select[name=org]", value=tree.a1g.code)
    page.fill("input[name=name]", "贵港焊接设备有限公司")
    page.fill("input[name=credit_code]", (first + credit_check_char(first)).lower())
    page.select_option("select[name=ownership]", "non_public")
    page.fill("input[name=staff_count]", "80")
    page.check("input[name=has_union]")
    page.fill("input[name=founded_on]", today)
    page.check("input[name=sign_hung]")
    page.check("input[name=identity_shown]")
    page.check("input[name=duties_shown]")
    page.select_option("select[name=home_rating]", "district")
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/employers/\d+/$"))
    assert "区级模范职工之家" in page.locator("#founding").inner_text()
    shot(page, "87-employer-founded")

    page.goto(page.base + "/competitions/new/")
    page.select_option("select[name=org]", value=tree.a.code)
    page.select_option("select[name=kind]", "skill")
    page.fill("input[name=title]", "焊工技能比赛")
    page.fill("input[name=start_on]", today)
    page.fill("input[name=end_on]", today)
    page.fill("input[name=extra_participants]", "47")
    page.get_by_label(re.compile("贵港焊接设备有限公司")).check()
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/competitions/\d+/$"))
    for rank, name in enumerate(["李强", "王刚", "陈明"], start=1):
        page.fill("#entry-form input[name=name]", name)
        page.fill("#entry-form input[name=rank]", str(rank))
        page.check("#entry-form input[name=sent_on]")
        page.click("#entry-form button[type=submit]")
        page.wait_for_url(re.compile(r"/competitions/\d+/$"))
    assert page.locator("#participants").inner_text().startswith("50")
    shot(page, "88-welding-contest")

    page.goto(f"{page.base}/indicators/?org={tree.a.code}&from={today}&to={today}")
    codes = (
        "unions.founded",
        "unions.coverage_25plus",
        "competitions.count",
        "competitions.participants",
        "competitions.sent_on",
    )
    rows = {c: page.locator(f"tr:has-text('{c}') td").nth(1).inner_text() for c in codes}
    shot(page, "89-employer-indicators")
    assert rows == {
        "unions.founded": "1",
        "unions.coverage_25plus": "100.0",
        "competitions.count": "1",
        "competitions.participants": "50",
        "competitions.sent_on": "3",
    }, rows
    assert not page.csp_violations
