"""kesu report table|ledger: runs as the platform operator and fails cleanly."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kesu.audit.models import AuditEntry


def _run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_table_writes_a_readable_file(tmp_path, tree, acts):
    target = tmp_path / "table.xlsx"
    text = _run(
        "table", "--org", "HZ", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(target)
    )
    assert "已写入" in text
    ws = load_workbook(target).active
    assert ws["A1"].value == "杭州市总工会科学素质工作统计表"
    labels = [ws.cell(row=r, column=1).value for r in range(5, 9)]
    assert labels == ["西湖区总工会", "滨江区总工会", "本级", "合计"]
    entry = AuditEntry.objects.get(action="report.table")
    assert entry.actor is None and entry.actor_name == "cli"


def test_ledger_writes_a_readable_file(tmp_path, tree, acts):
    target = tmp_path / "ledger.xlsx"
    _run("ledger", "--org", "HZ-B", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(target))
    ws = load_workbook(target).active
    assert ws.cell(row=4, column=3).value == "滨江活动"
    assert AuditEntry.objects.filter(action="report.ledger").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "NOPE", "--from", "2026-01-01", "--to", "2026-12-31"], "组织编码不存在"),
        (["--org", "HZ", "--from", "2026-13-01", "--to", "2026-12-31"], "日期不存在"),
        (["--org", "HZ", "--from", "2026-12-31", "--to", "2026-01-01"], "截止日期不能早于"),
    ],
)
def test_bad_input_fails_cleanly(tmp_path, tree, args, message):
    target = tmp_path / "x.xlsx"
    with pytest.raises(CommandError, match=message):
        _run("table", *args, "-o", str(target))
    assert not target.exists()


def test_missing_output_directory(tmp_path, tree):
    with pytest.raises(CommandError, match="输出目录不存在"):
        _run(
            "table",
            "--org",
            "HZ",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "-o",
            str(tmp_path / "no" / "x.xlsx"),
        )
