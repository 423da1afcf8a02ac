"""A cadre's day in a real browser: log in, browse the tree, import a roster with an error,
fix it and re-import, search a member, export. Screenshots are kept as test artefacts."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from kesu.members.models import Member
from tests.browser.conftest import shot
from tests.factories import PASSWORD, new_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def roster(path, bad_id: str | None):
    """A real-world sheet: a merged title row, headers in their own order, a blank row."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "某科技公司工会会员花名册"
    ws.merge_cells("A1:E1")
    ws.append(["序号", "姓名", "公民身份号码", "联系电话", "入会时间"])
    ws.append([1, "陈晓明", new_id_number(), "138 0000 1111", "2019年3月"])
    ws.append([])
    ws.append([2, "林小红", bad_id or new_id_number(male=False), "13900002222", "2020/5/1"])
    ws.append([3, "周大勇", new_id_number(), "+86 137-0000-3333", "2021.06"])
    wb.save(path)
    return path


def login(page, username):
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    # The live server runs jobs on commit in-process; the worker path has its own test.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_cadre_imports_fixes_searches_and_exports(page, users, tree, tmp_path):
    login(page, "admin_a")  # lands on the workbench; the tree is one tap away
    page.goto(page.base + "/orgs/")
    assert "西湖区总工会" in page.content()
    page.click("[data-tree-toggle]")
    page.wait_for_selector("text=北山街道总工会")
    shot(page, "01-tree")

    # 1. Import with one bad ID number: the error names the row and the column.
    first = tmp_path / "roster.xlsx"
    good_ids = load_workbook(roster(first, bad_id="110105194912310021")).active
    page.goto(page.base + "/members/import/")
    page.select_option("select[name=org]", value=str(tree.a1g.pk))
    page.set_input_files("input[name=file]", str(first))
    page.uncheck("input[name=dry_run]")
    page.click("form[data-import-form] button[type=submit]")
    page.wait_for_selector("[data-status=done]")
    errors = page.locator("table.errors tbody tr")
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t")[:2] == ["5", "公民身份号码"]
    assert "校验位" in errors.first.inner_text()
    shot(page, "02-import-with-error")
    assert Member.objects.filter(org=tree.a1g).count() == 2

    # 2. Fix the row and re-import the same sheet: only the fixed row is new.
    fixed = tmp_path / "roster-fixed.xlsx"
    wb = load_workbook(first)
    wb.active["C5"] = new_id_number(male=False)
    assert good_ids["C3"].value == wb.active["C3"].value
    wb.save(fixed)
    page.goto(page.base + "/members/import/")
    page.select_option("select[name=org]", value=str(tree.a1g.pk))
    page.set_input_files("input[name=file]", str(fixed))
    page.uncheck("input[name=dry_run]")
    page.click("form[data-import-form] button[type=submit]")
    page.wait_for_selector("[data-status=done]")
    assert page.locator("table.errors").count() == 0
    assert Member.objects.filter(org=tree.a1g).count() == 3
    shot(page, "03-reimport-clean")

    # 3. Search by name prefix; lists always show the masked ID number.
    page.goto(page.base + "/members/")
    page.fill("input[name=q]", "林小")
    rows = page.locator("table.responsive tbody tr")
    expect(rows).to_have_count(1)  # htmx swaps the results after the typing pause
    expect(rows.first).to_contain_text("林小红")
    assert re.search(r"\d{6}\*{8}[\dX]{4}", rows.first.inner_text())
    shot(page, "04-search")

    # 4. Export the filtered roster. Leaving the search box fires its change event and one
    # more search; let it land first, since the live server's threads share one in-memory
    # SQLite connection and two overlapping requests on it fail at random.
    with page.expect_response(lambda r: "/members/?" in r.url):
        page.press("input[name=q]", "Tab")
    expect(page.locator("#roster-count")).to_be_visible()
    with page.expect_download() as info:
        page.click("text=导出 Excel")
    path = tmp_path / "export.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    names = [row[header.index("姓名")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "林小红" in names and "陈晓明" not in names
    assert page.csp_violations == []


def test_outsider_cannot_open_a_member_by_id(page, users, tree):
    from tests.factories import make_member

    other = make_member(tree.bg, name="王五")
    login(page, "admin_a")
    response = page.goto(f"{page.base}/members/{other.pk}/")
    assert response.status == 404
    missing = page.goto(f"{page.base}/members/999999/")
    assert missing.status == 404
    shot(page, "05-not-found")
