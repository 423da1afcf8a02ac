"""District staff create a contest on the district's contest paper, watch both leaderboards
(drilling down one level) and download the results export, in a real browser."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login
from tests.contests.conftest import make_attempt, make_paper
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_create_contest_boards_export(page, users, tree, members):
    paper = make_paper(tree.a, title="西湖区科普知识竞赛试卷")
    now = timezone.localtime().replace(second=0, microsecond=0)
    login(page, "staff_a")
    page.goto(page.base + "/contests/new/")
    page.fill("input[name=title]", "西湖区职工科普知识竞赛")
    page.check("input[name=source][value=paper]")
    page.select_option("select[name=paper]", value=str(paper.pk))
    page.fill("input[name=starts_at]", (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=ends_at]", (now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/contests/\d+/$"))

    # members answer (attempts made directly: the answering pages belong to the quiz app)
    made = now - dt.timedelta(hours=1)
    make_attempt(paper, members.in_a, 90, duration=200, at=made)
    make_attempt(paper, make_member(tree.a1g, name="王小明"), 90, duration=150, at=made)
    make_attempt(paper, members.in_a2, 60, at=made)
    make_attempt(paper, members.in_b, 100, at=made)  # another district: not counted
    # the page opened before anyone answered: the board catches up by polling (every 10 s)
    people = page.locator("#board-people tbody tr")
    expect(people).to_have_count(3, timeout=30_000)
    expect(people.nth(0)).to_contain_text("王小明")
    expect(people.nth(1)).to_contain_text("张三")
    expect(page.locator("#board-people")).not_to_contain_text("王五")
    shot(page, "30-contest-boards")

    page.click("#board-orgs a:has-text('北山街道总工会')")
    expect(page.locator("#board-orgs")).to_contain_text("某科技公司工会")
    expect(page.locator("#board-orgs .board-trail")).to_contain_text("西湖区总工会")

    with page.expect_download() as info:
        page.click("a:has-text('导出成绩')")
    book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
    names = [r[1] for r in book["个人成绩"].iter_rows(min_row=6, values_only=True)]
    assert names == ["王小明", "张三", "李四"]
    assert page.csp_violations == []
