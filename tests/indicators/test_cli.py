"""kesu indicators: the operator's view of the figures."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args):
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json(roster):
    rows = json.loads(_run("--org", "HZ-A", "--from", "2026-01-01", "--to", "2026-12-31", "--json"))
    assert set(rows[0]) == {"code", "name", "unit", "value"}
    values = {row["code"]: row["value"] for row in rows}
    assert values["members.count"] == 5
    assert values["members.joined"] == 3
    assert values["orgs.count"] == 3


def test_code_and_table(roster):
    text = _run(
        "--org", "HZ", "--from", "2026-01-01", "--to", "2026-12-31", "--code", "members.count"
    )
    assert "杭州市总工会" in text and "会员人数" in text and "7" in text
    assert "orgs.count" not in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--org", "NOPE"], "组织编码不存在：NOPE"),
        (["--org", "HZ", "--code", "nope"], "指标编码不存在：nope"),
    ],
)
def test_bad_input(tree, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args, "--from", "2026-01-01", "--to", "2026-12-31")


def test_bad_dates(tree):
    with pytest.raises(CommandError, match="截止日期不能早于开始日期"):
        _run("--org", "HZ", "--from", "2026-12-31", "--to", "2026-01-01")
    with pytest.raises(CommandError, match="日期不存在"):
        _run("--org", "HZ", "--from", "2026/02/30", "--to", "2026-12-31")
    with pytest.raises(CommandError, match="日期格式无法识别"):
        _run("--org", "HZ", "--from", "明年", "--to", "2026-12-31")


def test_unknown_org_exits_non_zero(tree):
    from django.core.management import ManagementUtility

    utility = ManagementUtility(
        ["kesu", "indicators", "--org", "NOPE", "--from", "2026-01-01", "--to", "2026-12-31"]
    )
    with pytest.raises(SystemExit) as exc:
        utility.execute()
    assert exc.value.code != 0
