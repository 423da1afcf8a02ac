"""`kesu members import`: JSON shape, dry run, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from kesu.members.models import Member
from tests.factories import new_id_number
from tests.members.test_import import write_sheet


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_json_shape_and_idempotence(tree, tmp_path, capsys):
    path = write_sheet(
        tmp_path / "c.xlsx",
        [["命令一", new_id_number()], ["命令二", "x"]],
        headers=["姓名", "身份证号"],
    )
    call_command("members", "import", str(path), "--org", "HZ-A-1-01", "--json")
    out = _json(capsys)
    assert out == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "errors": [{"row": 3, "column": "身份证号", "message": "身份证号应为18位，当前为1位"}],
    }
    call_command("members", "import", str(path), "--org", "HZ-A-1-01", "--json")
    assert _json(capsys)["unchanged"] == 1
    assert Member.objects.filter(name="命令一", org=tree.a1g).count() == 1


def test_dry_run_writes_nothing(tree, tmp_path, capsys):
    path = write_sheet(
        tmp_path / "d.xlsx", [["试运行", new_id_number()]], headers=["姓名", "身份证号"]
    )
    call_command("members", "import", str(path), "--org", "HZ-A", "--dry-run", "--json")
    assert _json(capsys)["created"] == 1
    assert not Member.objects.filter(name="试运行").exists()


def test_file_level_failures_raise(tree, tmp_path):
    with pytest.raises(CommandError, match="组织编码不存在"):
        call_command("members", "import", str(tmp_path / "x.xlsx"), "--org", "NOPE")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"garbage")
    with pytest.raises(CommandError, match="无法读取该文件"):
        call_command("members", "import", str(bad), "--org", "HZ-A")
    no_id = write_sheet(tmp_path / "n.xlsx", [["无号"]], headers=["姓名", "电话"])
    with pytest.raises(CommandError, match="缺少必填列"):
        call_command("members", "import", str(no_id), "--org", "HZ-A")


def test_exit_codes_through_the_kesu_command(tmp_path):
    # A separate SQLite database in tmp_path: the subprocess cannot see the test database.
    env = {k: v for k, v in os.environ.items() if k != "KESU_DATABASE_URL"}
    env["KESU_DATA_DIR"] = str(tmp_path / "data")
    kesu = [sys.executable, "-m", "kesu.cli"]
    subprocess.run([*kesu, "migrate", "-v0"], env=env, check=True)
    subprocess.run(
        [*kesu, "orgs", "create", "--code", "T1", "--name", "测试", "--level", "grassroots"],
        env=env,
        check=True,
        capture_output=True,
    )
    path = write_sheet(
        tmp_path / "ok.xlsx",
        [["进程", new_id_number()], ["坏行", "1"]],
        headers=["姓名", "身份证号"],
    )
    ok = subprocess.run(
        [*kesu, "members", "import", str(path), "--org", "T1", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    out = json.loads(ok.stdout)
    assert set(out) == {"created", "updated", "unchanged", "rejected", "errors"}
    assert (out["created"], out["rejected"]) == (1, 1)
    missing = subprocess.run(
        [*kesu, "members", "import", str(tmp_path / "none.xlsx"), "--org", "T1", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert missing.returncode != 0 and "无法读取该文件" in missing.stderr and not missing.stdout
