"""Roster exports, imports, check-ins and the task worker at once, on an on-disk SQLite
database as `kesu serve` runs it (WAL, IMMEDIATE transactions, several processes): not one
"database is locked", every page answered, every job done. The load runs in a process of
its own (tests.members.concurrent_load) next to a real `kesu worker`.

SQLite: the migrated test database is copied to a file first. PostgreSQL: the same load on
the test database itself.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 5


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KESU_")}
    env.update(KESU_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kesu.settings")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(tmp_path / "kesu.sqlite3")
        connection.connection.backup(copy)  # the migrated, empty test database
        copy.close()
    else:
        url = urlsplit(os.environ["KESU_DATABASE_URL"])
        name = connection.settings_dict["NAME"]
        env["KESU_DATABASE_URL"] = urlunsplit(url._replace(path=f"/{name}"))
    return env


def test_exports_imports_checkins_and_worker_meet_no_lock(tmp_path):
    env = _environment(tmp_path)
    run = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "tests.members.concurrent_load", str(SECONDS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["vendor"] == connection.vendor
    assert summary["errors"] == [], summary["slowest"]
    assert "locked" not in summary["worker_log"] + run.stderr
    assert "Traceback" not in summary["worker_log"], summary["worker_log"][-3000:]
    done = summary["done"]
    for name in ("export_page_city", "export_page_district", "checkin_1", "checkin_2"):
        assert done.get(name, 0) >= 1, done
    jobs = summary["jobs"]
    assert jobs["import"] and all(j.startswith("done 新增200人") for j in jobs["import"]), jobs
    assert jobs["export"] and all(j == "done " for j in jobs["export"]), jobs
    # Every roster handed out, by the page or by a job, left its audit row.
    pages = done["export_page_city"] + done["export_page_district"]
    assert summary["export_audits"] == pages + len(jobs["export"])
    # Check-ins are not queued behind exports. When an export's read ran inside a
    # transaction (on SQLite: the one write lock, for the whole spreadsheet), they trickled
    # through: fewer check-ins than exports, each waiting seconds.
    assert done["checkin_1"] + done["checkin_2"] >= 3 * pages, summary["slowest"]
