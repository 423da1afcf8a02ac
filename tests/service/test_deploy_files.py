"""deploy/ is exercised, not just shipped: the systemd units pass `systemd-analyze verify`,
haproxy and nginx accept their configurations, PostgreSQL reads kesu.conf, and the example
environment file is one kesu's settings accept in production. (deploy/pgbouncer/pgbouncer.ini
runs the pgbouncer test; deploy/haproxy/haproxy.cfg balances the cluster test.)"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bench.balancer import haproxy_config

from kesu.testing.pgserver import as_server_user, owned_tmp
from tests.service.procs import ROOT, free_port, kesu_env
from tests.service.servers import DEPLOY

KESU_BIN = str(Path(sys.executable).parent / "kesu")


def _run(argv: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, **kwargs)


def test_systemd_units_verify(tmp_path):
    names = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text().replace("/opt/kesu/venv/bin/kesu", KESU_BIN)
        name = unit.name.replace("@.", "@1.")
        (tmp_path / name).write_text(text)
        names.append(name)
    assert {"kesu.service", "kesu-worker@1.service", "kesu-backup.timer"} <= set(names)
    done = _run(["systemd-analyze", "verify", *names], cwd=tmp_path)
    complaints = [line for line in done.stderr.splitlines() if "kesu" in line]
    assert done.returncode == 0 and complaints == [], done.stderr


def test_haproxy_accepts_its_configuration(tmp_path):
    config = haproxy_config([free_port(), free_port()], free_port(), tmp_path)
    done = _run(["haproxy", "-c", "-f", str(config)])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "uri /readyz" in config.read_text()


def test_nginx_accepts_the_site(tmp_path):
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path};\n"
        f" include {DEPLOY / 'nginx' / 'kesu.conf'};\n}}\n"
    )
    done = _run(["nginx", "-t", "-c", str(main), "-p", str(tmp_path)])
    assert done.returncode == 0, done.stderr


def test_postgresql_reads_kesu_conf():
    from kesu.testing.pgserver import find_bindir

    root = owned_tmp("kesu-pgconf-")
    data = root / "data"
    bindir = find_bindir()
    _run(
        as_server_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "--no-sync"]),
        check=True,
    )
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(f"\ninclude '{DEPLOY / 'postgresql' / 'kesu.conf'}'\n")
    # shared_buffers in 8 kB pages: 4GB
    for name, expected in (
        ("wal_level", "replica"),
        ("shared_buffers", "524288"),
        ("hot_standby_feedback", "on"),
        ("jit", "off"),
    ):
        done = _run(as_server_user([str(bindir / "postgres"), "-D", str(data), "-C", name]))
        assert done.returncode == 0 and done.stdout.strip() == expected, done.stderr
    shutil.rmtree(root, ignore_errors=True)


def test_example_environment_is_accepted_in_production(tmp_path):
    env = kesu_env(tmp_path)
    for line in (DEPLOY / "kesu.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    env["KESU_DATA_DIR"] = str(tmp_path)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['HOST'], settings.KESU_PREPARED_STATEMENTS)"
    )
    done = _run([sys.executable, "-c", code], env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["127.0.0.1", "False"]


def test_bench_scripts_import_the_balancer_as_the_tests_do():
    """bench/ scripts run as `python bench/<script>.py` and tests/cluster imports them as
    `bench.*`: both find one module, `bench.balancer` (never a second, top-level `balancer`)."""
    probe = (
        "import runpy, sys; sys.argv = ['contest_submit.py', '--help']\n"
        "try: runpy.run_path('bench/contest_submit.py', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if 'balancer' in m or 'benchlib' in m))"
    )
    done = _run([sys.executable, "-c", probe], cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "['bench.balancer', 'bench.benchlib']"
    for script in ("contest_submit.py", "reports.py", "checkin_burst.py", "lean_cursor.py"):
        done = _run([sys.executable, f"bench/{script}", "--help"], cwd=ROOT)
        assert done.returncode == 0 and done.stdout.startswith("usage:"), done.stderr
