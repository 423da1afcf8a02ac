"""The operator CLI speaks Chinese and never answers a missing database with a traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from kesu.core.cli_help import chinese_error


def _kesu(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("KESU_")}
    environ["KESU_DATA_DIR"] = str(cwd / "kesu-data")
    environ.pop("DJANGO_SETTINGS_MODULE", None)
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "kesu.cli", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_overview_lists_kesu_commands_in_chinese(tmp_path):
    out = _kesu("--help", cwd=tmp_path)
    assert out.returncode == 0
    assert "用法：kesu <命令>" in out.stdout
    for name in ("serve", "demo", "members", "report", "test", "manage"):
        assert f"  {name} " in out.stdout
    assert "axes_reset" not in out.stdout and "Available subcommands" not in out.stdout
    assert "kesu serve --demo" in out.stdout


def test_a_command_without_a_database_says_where_it_looked(tmp_path):
    out = _kesu("orgs", "list", cwd=tmp_path)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "OperationalError" not in out.stderr
    assert "没有找到科素的数据库" in out.stderr
    assert str(tmp_path / "kesu-data") in out.stderr
    assert "kesu serve --demo" in out.stderr and "KESU_DATABASE_URL" in out.stderr


def test_an_unreachable_postgresql_is_named_not_traced(tmp_path):
    env = {"KESU_DATABASE_URL": "postgres://nobody@127.0.0.1:1/kesu"}
    out = _kesu("users", "token", "someone", cwd=tmp_path, env=env)
    assert out.returncode == 2
    assert "无法连接科素的数据库" in out.stderr and "127.0.0.1:1/kesu" in out.stderr
    assert "Traceback" not in out.stderr


def test_subcommand_help_puts_its_own_options_first_in_chinese(tmp_path):
    out = _kesu("members", "import", "--help", cwd=tmp_path)
    assert out.returncode == 0
    assert out.stdout.startswith("用法：kesu members import")
    assert "显示本帮助并退出" in out.stdout and "show this help" not in out.stdout
    top = _kesu("report", "--help", cwd=tmp_path).stdout
    assert top.index("--org") < top.index("--verbosity")
    assert "输出详细程度" in top and "Verbosity level" not in top


def test_argument_errors_are_chinese(tmp_path):
    out = _kesu("orgs", "lst", cwd=tmp_path)
    assert out.returncode == 2
    assert "子命令" in out.stderr and "无效" in out.stderr and "error:" not in out.stderr


def test_error_translation_examples():
    assert chinese_error("the following arguments are required: --org") == "缺少必需的参数：--org"
    assert chinese_error("unrecognized arguments: --x") == "无法识别的参数：--x"


@pytest.mark.django_db
def test_demo_prints_the_address_it_was_given():
    out = io.StringIO()
    call_command("demo", scale="small", seed=2, address="http://127.0.0.1:9123/", stdout=out)
    assert "访问地址：http://127.0.0.1:9123/" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_serve_names_a_browsable_address():
    from kesu.core.management.commands.serve import _address

    assert _address({"host": "0.0.0.0", "port": 9001}) == "http://127.0.0.1:9001/"  # noqa: S104
    assert _address({"host": "10.0.0.5", "port": 80}) == "http://10.0.0.5:80/"
