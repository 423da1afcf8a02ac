"""A hardship file's life cycle and the assistance ledger in a real browser: a cadre files a
household, records assistance, reviews it, moves it out of hardship and closes it; then
filters the ledger and exports it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from kesu.audit.models import AuditEntry
from kesu.core import crypto
from kesu.hardship import assistance, standards
from kesu.hardship.models import Assistance, HardshipCase, Status
from tests.browser.conftest import shot
from tests.browser.test_roster_flow import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = dt.datetime.now(tz=dt.UTC).year


@pytest.fixture
def standard(tree, users):
    return standards.standard_set(
        actor=users.root, org=tree.city, data={"year": YEAR, "monthly_amount": "800"}
    )


def test_file_life_cycle(page, users, tree, members, standard):
    login(page, "staff_a")
    page.goto(page.base + "/hardship/cases/new/")
    page.select_option("select[name=org]", value=tree.a1g.code)
    page.fill("input[name=applicant_id_number]", crypto.decrypt(members.in_a.id_number_enc))
    page.fill("input[name=household_size]", "3")
    page.fill("input[name=income_per_head]", "900")
    page.select_option("select[name=cause]", "illness")
    page.select_option("select[name=tier]", "deep")
    page.fill("input[name=filed_on]", f"{YEAR}-01-02")
    page.click("form button[type=submit].primary")
    expect(page.locator(".field-error")).to_contain_text("高于")  # 900 > 800 for 深度困难
    page.fill("input[name=income_per_head]", "650")
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/hardship/cases/\d+/$"))
    case = HardshipCase.objects.get(applicant=members.in_a)
    expect(page.locator("#case-status")).to_have_text("已建档")
    shot(page, "40-hardship-filed")

    page.click("text=登记帮扶")
    page.wait_for_url(re.compile(r"/hardship/assistance/new/"))
    page.select_option("select[name=org]", value=tree.a.code)
    page.select_option("select[name=kind]", "spring_relief")
    page.fill("input[name=amount]", "800")
    page.fill("input[name=description]", "春节慰问")
    page.click("form button[type=submit].primary")
    page.wait_for_url(re.compile(rf"/hardship/cases/{case.pk}/$"))
    expect(page.locator("#assistance")).to_contain_text("800.00")

    page.select_option("#review-form select[name=conclusion]", "keep")
    page.fill("#review-form input[name=reviewed_on]", f"{YEAR}-02-01")
    page.click("#review-form button[type=submit]")
    expect(page.locator("#review-due")).to_have_text(f"{YEAR + 1}-02-01")

    for status, reason, label in (
        ("assisting", "纳入帮扶", "帮扶中"),
        ("out", "子女就业，收入提高", "解困脱困"),
        ("closed", "解困满一年，销档", "已销档"),
    ):
        page.select_option("#transition-form select[name=status]", status)
        page.fill("#transition-form input[name=reason]", reason)
        page.click("#transition-form button[type=submit]")
        expect(page.locator("#case-status")).to_have_text(label)
    shot(page, "41-hardship-closed")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.out_on is not None
    assert not page.locator("#transition-form").count()  # a closed file offers no changes
    assert Assistance.objects.filter(case=case).count() == 1
    assert AuditEntry.objects.filter(action="hardship.view", target_id=str(case.pk)).exists()
    assert page.csp_violations == []


def test_ledger_filter_and_export(page, users, tree, standard, tmp_path):
    for kind, amount, group in (
        ("spring_relief", "66000", "困难乡村保洁员"),
        ("summer_cooling", "70000", "一线职工"),
    ):
        assistance.assistance_create(
            actor=users.root,
            org=tree.a,
            data={
                "kind": kind,
                "date": f"{YEAR}-01-20",
                "amount": amount,
                "recipient_kind": "group",
                "recipients": 330,
                "group_name": group,
            },
        )
    assistance.assistance_create(
        actor=users.root,
        org=tree.b,
        data={
            "kind": "spring_relief",
            "date": f"{YEAR}-01-20",
            "amount": "1",
            "recipient_kind": "group",
            "recipients": 1,
            "group_name": "滨江群体",
        },
    )
    login(page, "viewer_a")
    page.goto(page.base + "/hardship/assistance/")
    expect(page.locator("#ledger tbody tr")).to_have_count(2)
    page.select_option("select[name=kind]", "spring_relief")
    page.click("form[role=search] button[type=submit]")
    expect(page.locator("#ledger tbody tr")).to_have_count(1)
    expect(page.locator("#ledger-amount")).to_have_text("66000.00")
    shot(page, "42-hardship-ledger")
    with page.expect_download() as info:
        page.click("#ledger-export")
    path = tmp_path / "ledger.xlsx"
    info.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][5] == "困难乡村保洁员"
    assert AuditEntry.objects.filter(action="assistance.export").get().changes["masked"]
    assert page.csp_violations == []
