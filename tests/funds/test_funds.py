"""Funds: budgets and other spending, spending read from activities and assistance, by work
area; the indicators, the API overview, the dashboard panel and the statistical table."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kesu.audit.models import AuditEntry
from kesu.funds.selectors import funds_overview
from kesu.indicators.registry import Scope, get
from kesu.leadership.records import RecordError
from kesu.reports.tables import indicator_table
from tests.conftest import login
from tests.leadership.conftest import END, START, add


def test_overview_by_area(money, users):
    funds = funds_overview(user=users.admin_a, org=money.a, start=START, end=END)
    areas = {a.area: a for a in funds.areas}
    assert areas["publicity"].budget == Decimal("30000")
    assert areas["publicity"].by_source == {
        "activities": Decimal("800"),
        "expenses": Decimal("2500"),
    }
    assert areas["activities"].spent == Decimal("1200")  # the lecture of the work fixture
    assert areas["worker_services"].spent == Decimal("40000")
    assert funds.budget == Decimal("110000") and funds.spent == Decimal("44500")
    assert funds.share == Decimal("40.5")
    outsider = funds_overview(user=users.admin_b, org=money.a, start=START, end=END)
    assert outsider.areas == []  # nothing of A is visible to B


def test_indicators_match_the_overview(money):
    scope = Scope(money.a, START, END)
    assert get("funds.budget").value(scope) == Decimal("110000")
    assert get("funds.expenses").value(scope) == Decimal("2500")
    assert get("funds.spent").value(scope) == Decimal("44500")
    assert get("funds.budget").value(Scope(money.city, START, END)) == Decimal("115000")


def test_budget_rules_and_audit(money, users):
    with pytest.raises(RecordError) as caught:
        add("budget", money.a, {"year": 2026, "area": "publicity", "amount": 1}, users.admin_a)
    assert "已有预算" in str(caught.value)
    assert AuditEntry.objects.filter(action="expense.create").count() == 1


def test_api_overview_and_scope(money, api_as):
    body = (
        api_as("admin_a")
        .get("/api/v1/funds", org="HZ-A", **{"from": "2026-01-01", "to": "2026-12-31"})
        .json()
    )
    assert Decimal(body["budget"]) == Decimal("110000") and Decimal(body["spent"]) == Decimal(
        "44500"
    )
    assert {a["area_name"] for a in body["areas"]} >= {"科普宣传", "职工服务"}
    response = api_as("admin_b").get(
        "/api/v1/funds", org="HZ-A", **{"from": "2026-01-01", "to": "2026-12-31"}
    )
    assert response.status_code == 404
    response = api_as("admin_a").post(
        "/api/v1/expenses",
        {
            "org": "HZ-A",
            "spent_on": "2026-05-01",
            "area": "training",
            "amount": "300.50",
            "description": "培训课酬",
        },
    )
    assert response.status_code == 201 and response.json()["area_name"] == "教育培训"


def test_dashboard_panel_and_table_sheet(client, money, users):
    login(client, users.admin_a)
    page = client.get("/dashboard/", {"org": "HZ-A", "from": "2026-01-01", "to": "2026-12-31"})
    html = page.content.decode()
    assert "经费预算与支出" in html and "110,000.00" in html
    assert (
        "40.5%"
        in client.get(
            "/funds/", {"org": "HZ-A", "from": "2026-01-01", "to": "2026-12-31"}
        ).content.decode()
    )
    book = load_workbook(
        io.BytesIO(
            indicator_table(
                user=users.admin_a, org=money.a, start=START, end=END, codes=["funds.budget"]
            )
        )
    )
    sheet = book["经费预算执行"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0][:2] == ["科普宣传", 30000]
    assert rows[-1][0] == "合计" and rows[-1][1] == 110000 and rows[-1][5] == 44500
