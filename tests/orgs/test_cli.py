"""The operator CLI: kesu orgs / kesu users, through call_command and the real console script."""

import json
import os
import subprocess

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from kesu.accounts.models import User
from kesu.accounts.services import token_authenticate
from kesu.orgs.models import Organization


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_orgs_create_and_list_json(db):
    run("orgs", "create", "--code", "JN", "--name", "江宁市总工会", "--level", "city")
    run(
        "orgs",
        "create",
        "--code",
        "JN-01",
        "--name",
        "东城区总工会",
        "--level",
        "区/县",
        "--parent",
        "JN",
    )
    rows = json.loads(run("orgs", "list", "--json"))
    assert rows == [
        {"code": "JN", "name": "江宁市总工会", "level": "city", "parent": None},
        {"code": "JN-01", "name": "东城区总工会", "level": "district", "parent": "JN"},
    ]


def test_orgs_create_errors_are_chinese(db):
    with pytest.raises(CommandError, match="上级组织编码不存在"):
        run("orgs", "create", "--code", "X", "--name", "X", "--level", "city", "--parent", "NOPE")


def test_orgs_import_parents_after_children_and_all_or_nothing(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["组织机构导入表"])
    ws.append(["上级编码", "编码", "名称", "层级"])
    ws.append(["JN", "JN-02", "西城区总工会", "区/县"])
    ws.append([None, "JN", "江宁市总工会", "市"])
    ws.append(["JN-02", "JN-02-01", "某公司工会", "基层"])
    good = tmp_path / "orgs.xlsx"
    wb.save(good)
    result = json.loads(run("orgs", "import", str(good)))
    assert result == {"created": 3, "rejected": 0, "errors": []}
    assert Organization.objects.get(code="JN-02-01").path == "/JN/JN-02/JN-02-01/"

    ws.append(["JN", "JN-03", "北城区总工会", "区/县"])
    ws.append(["GHOST", "JN-04", "孤儿组织", "区/县"])
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    result = json.loads(run("orgs", "import", str(bad)))
    assert result["created"] == 0 and result["errors"] == [
        {"row": 7, "column": "上级编码", "message": "上级组织编码“GHOST”不存在"}
    ]
    assert not Organization.objects.filter(code="JN-03").exists()


def test_users_create_and_token(db):
    run("orgs", "create", "--code", "JN", "--name", "江宁市总工会", "--level", "city")
    out = run("users", "create", "--username", "cadre", "--org", "JN", "--role", "staff")
    assert "密码：" in out
    user = User.objects.get(username="cadre")
    assert user.role == "staff" and user.org.code == "JN"
    plain = run("users", "token", "cadre").strip()
    assert token_authenticate(plain) == user
    with pytest.raises(CommandError, match="12"):
        run("users", "create", "--username", "weak", "--org", "JN", "--password", "short")


def test_console_script_runs_against_the_configured_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KESU_DATABASE_URL"}
    env["KESU_DATA_DIR"] = str(tmp_path)
    subprocess.run(["kesu", "manage", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run(
        ["kesu", "orgs", "create", "--code", "C1", "--name", "测试市总工会", "--level", "city"],
        env=env,
        check=True,
        capture_output=True,
    )
    listed = subprocess.run(
        ["kesu", "orgs", "list", "--json"], env=env, check=True, capture_output=True, text=True
    )
    assert json.loads(listed.stdout)[0]["code"] == "C1"
    assert (tmp_path / "kesu.sqlite3").exists()
