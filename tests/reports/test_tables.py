"""The .xlsx builders: headers, units, per-child rows, totals against the registry."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kesu.audit.models import AuditEntry
from kesu.indicators.selectors import indicator_values
from kesu.orgs import access
from kesu.reports import tables
from tests.reports.conftest import END, START


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _rows(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _by_label(ws) -> dict[str, list]:
    return {row[0]: row for row in _rows(ws)[4:] if row[0]}


def test_table_layout_and_totals_equal_the_registry(users, tree, acts):
    content = tables.indicator_table(user=users.city_admin, org=tree.a, start=START, end=END)
    ws = _sheet(content)
    rows = _rows(ws)
    assert rows[0][0] == "西湖区总工会科学素质工作统计表"
    assert "A1" in {str(r).split(":")[0] for r in ws.merged_cells.ranges}
    subtitle = rows[1][0]
    assert "填报单位：西湖区总工会" in subtitle
    assert "统计期间：2026-01-01至2026-12-31" in subtitle
    assert f"填报日期：{timezone.localdate():%Y-%m-%d}" in subtitle
    values = indicator_values(user=users.city_admin, org=tree.a, start=START, end=END)
    assert rows[2] == ["单位名称", "组织编码", *(v.name for v in values)]
    assert rows[3][2:] == [f"（{v.unit}）" for v in values]
    assert ws.freeze_panes == "C5"

    by_label = _by_label(ws)
    # One child (北山街道, with its whole subtree), 本级, 合计 — and no HZ-B.
    assert [row[0] for row in rows[4:7]] == ["北山街道总工会", "本级", "合计"]
    assert "滨江区总工会" not in by_label
    col = {v.code: i for i, v in enumerate(values, start=2)}
    child, own, total = by_label["北山街道总工会"], by_label["本级"], by_label["合计"]
    assert child[1] == "HZ-A-1" and own[1] == "HZ-A"
    assert child[col["activities.count"]] == 2 and own[col["activities.count"]] == 1
    # Declared 30 + check-ins 1 (nothing declared) in the child; 100 at the district itself.
    assert child[col["activities.person_times"]] == 31
    assert own[col["activities.person_times"]] == 100
    for v in values:
        assert total[col[v.code]] == pytest.approx(float(v.value)), v.code
    assert total[col["activities.count"]] == 3
    assert total[col["activities.spending"]] == pytest.approx(2050.5)
    assert ws.cell(row=7, column=col["activities.spending"] + 1).number_format == "#,##0.00"
    assert ws.cell(row=7, column=col["activities.count"] + 1).number_format == "#,##0"


def test_table_for_the_city_has_one_row_per_district(users, tree, acts):
    content = tables.indicator_table(
        user=users.root,
        org=tree.city,
        start=START,
        end=END,
        codes=["activities.count", "activities.person_times"],
    )
    ws = _sheet(content)
    assert _rows(ws)[2] == ["单位名称", "组织编码", "科普活动", "参与人次"]
    by_label = _by_label(ws)
    assert by_label["西湖区总工会"][2:4] == [3, 131]
    assert by_label["滨江区总工会"][2:4] == [1, 50]
    assert by_label["本级"][2:4] == [0, 0]
    assert by_label["合计"][2:4] == [4, 181]


def test_table_outside_scope_and_for_members(users, tree, acts):
    with pytest.raises(access.NotFound):
        tables.indicator_table(user=users.admin_b, org=tree.a, start=START, end=END)
    with pytest.raises(access.Forbidden):
        tables.indicator_table(user=users.member_a, org=tree.a1g, start=START, end=END)
    assert not AuditEntry.objects.filter(action=tables.TABLE_ACTION).exists()


def test_table_is_audited(users, tree, acts):
    tables.indicator_table(
        user=users.admin_a, org=tree.a, start=START, end=END, codes=["activities.count"]
    )
    entry = AuditEntry.objects.get(action="report.table")
    assert entry.target_type == "report" and entry.target_id == "HZ-A"
    assert entry.actor == users.admin_a and entry.org_path == tree.a.path
    assert entry.changes["codes"] == ["activities.count"]
    assert entry.changes["from"] == "2026-01-01" and entry.changes["to"] == "2026-12-31"


def test_ledger_rows_and_totals(users, tree, acts):
    ws = _sheet(tables.activity_ledger(user=users.admin_a, org=tree.a, start=START, end=END))
    rows = _rows(ws)
    assert rows[0][0] == "西湖区总工会科普活动台账"
    assert "填报单位：西湖区总工会" in rows[1][0]
    assert rows[2] == [name for name, _w, _f in tables.LEDGER_COLUMNS]
    body = rows[3:]
    assert [r[2] for r in body[:-1]] == ["'=1+1", "科普讲座二", "区级展览"]  # date order
    first = body[0]
    assert first[1].date().isoformat() == "2026-03-05"
    assert first[3:6] == ["讲座", "某科技公司工会", "'@公司礼堂"]
    assert first[6:] == [30, 2, 30, 200, 15, 4, 300, pytest.approx(1250.5)]
    assert body[1][6:9] == [None, 1, 1]
    assert body[2][3] == "展览"
    total = body[-1]
    assert total[0] == "合计" and total[2] == "共3场"
    assert total[6:] == [130, 3, 131, 250, 15, 24, 300, pytest.approx(2050.5)]
    # The 计入人次 total is the registry's person-times for the subtree.
    (person_times,) = indicator_values(
        user=users.admin_a, org=tree.a, start=START, end=END, codes=["activities.person_times"]
    )
    assert total[8] == person_times.value
    assert ws.freeze_panes == "D4"
    assert ws.cell(row=4, column=14).number_format == "#,##0.00"
    assert ws.cell(row=4, column=2).number_format == "yyyy-mm-dd"
    assert "滨江活动" not in {r[2] for r in body} and "旧活动" not in {r[2] for r in body}


def test_formula_injection_is_text(users, tree, acts):
    ws = _sheet(tables.activity_ledger(user=users.admin_a, org=tree.a1g, start=START, end=END))
    cell = ws.cell(row=4, column=3)
    assert cell.data_type == "s" and cell.value == "'=1+1"
    tree.a1g.name = "=HYPERLINK(1)"
    tree.a1g.save()
    content = tables.indicator_table(
        user=users.admin_a, org=tree.a1, start=START, end=END, codes=["activities.count"]
    )
    ws = _sheet(content)
    assert ws.cell(row=5, column=1).value == "'=HYPERLINK(1)"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_ledger_scope_and_audit(users, tree, acts):
    with pytest.raises(access.NotFound):
        tables.activity_ledger(user=users.admin_b, org=tree.a, start=START, end=END)
    content = tables.activity_ledger(user=users.admin_b, org=tree.b, start=START, end=END)
    body = _rows(_sheet(content))[3:]
    assert [r[2] for r in body] == ["滨江活动", "共1场"]
    entry = AuditEntry.objects.get(action="report.ledger")
    assert entry.target_type == "report" and entry.changes["rows"] == 1
    assert entry.actor == users.admin_b


def test_empty_ledger(users, tree):
    body = _rows(
        _sheet(tables.activity_ledger(user=users.admin_a, org=tree.a, start=START, end=END))
    )[3:]
    assert body == [["合计", None, "共0场", None, None, None, 0, 0, 0, 0, 0, 0, 0, 0]]
