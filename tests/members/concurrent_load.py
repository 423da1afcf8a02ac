"""The load of test_concurrency.py, run in a process of its own on the database that the
environment names (KESU_DATA_DIR's SQLite file, or KESU_DATABASE_URL):

    python -m tests.members.concurrent_load SECONDS

For SECONDS at once: the roster export page (two admins), background roster exports,
roster imports, public check-ins, and the task worker as `kesu serve` starts it, running
those jobs. Then it waits for the jobs and prints a JSON summary: every
error met (a page that did not answer 200 counts), each job's outcome, the worker's log.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

ROSTER = 2500  # more than one page (exporting.PAGE_ROWS): a background export reports progress
IMPORT_ROWS = 200
JOB_WAIT = 40.0  # seconds the jobs may take to finish once the load stops
WORKER = ["-m", "kesu.cli", "worker", "--interval", "0.5"]  # as `kesu serve` starts it


def _seed() -> dict[str, Any]:
    from django.utils import timezone

    from kesu.activities.models import Activity
    from kesu.checkin import tokens
    from kesu.members.models import Member
    from kesu.members.validation import clean_member_data, protected_fields
    from tests.factories import make_org, make_user, new_id_number

    city = make_org("JN", "江宁市总工会", "city")
    district = make_org("JN-A", "东湖区总工会", "district", city)
    unit = make_org("JN-A-01", "某建设公司工会", "grassroots", district)
    members = []
    for n in range(ROSTER):
        clean, problems = clean_member_data({"name": f"会员{n}", "id_number": new_id_number()})
        assert not problems, problems
        members.append(Member(org=unit if n % 2 else district, **protected_fields(clean)))
    Member.objects.bulk_create(members, batch_size=500)
    now = timezone.now()
    activity = Activity.objects.create(
        title="职工科普讲座",
        kind="lecture",
        org=district,
        place="职工服务中心",
        start=now - dt.timedelta(hours=1),
        end=now + dt.timedelta(hours=2),
    )
    token, _ = tokens.make_token(activity, 0)
    return {
        "admins": [
            make_user("city_admin", city, "admin"),
            make_user("qu_admin", district, "admin"),
        ],
        "unit": unit,
        "checkin_url": f"/checkin/t/{token}/",
    }


def _import_file(numbers: itertools.count) -> bytes:
    import openpyxl

    from kesu.members.idnumber import make_id_number

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号"])
    for _ in range(IMPORT_ROWS):
        n = next(numbers)
        birth = dt.date(1960 + n % 40, 1 + n % 12, 1 + n % 28)
        sheet.append([f"导入{n}", make_id_number("320115", birth, n % 1000)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _load(seconds: float, seeded: dict[str, Any]) -> tuple[list[str], Counter, dict[str, float]]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connections
    from django.test import Client

    from kesu.members import exporting
    from kesu.members.importing import jobs
    from kesu.members.selectors import MemberFilters

    errors: list[str] = []
    done: Counter = Counter()
    slowest: dict[str, float] = {}
    lock = threading.Lock()
    until = 0.0
    numbers = itertools.count(1)  # shared by the check-in and import threads: unique people

    def export_page(user) -> Callable[[], None]:
        client = Client()
        client.force_login(user)

        def step() -> None:
            response = client.get("/members/export/")
            body = b"".join(response.streaming_content) if response.streaming else b""
            if response.status_code != 200 or not body.startswith(b"PK"):
                raise AssertionError(f"export page answered {response.status_code}")

        return step

    def checkin() -> Callable[[], None]:
        client = Client()

        def step() -> None:
            n = next(numbers)
            data = {"name": f"来宾{n}", "phone": f"139{n:08d}"}
            response = client.post(seeded["checkin_url"], data)
            if response.status_code != 200 or "签到成功" not in response.content.decode():
                raise AssertionError(f"check-in answered {response.status_code}")

        return step

    def import_job() -> None:
        upload = SimpleUploadedFile("名册.xlsx", _import_file(numbers))
        admin = seeded["admins"][1]
        jobs.import_job_create(actor=admin, org=seeded["unit"], upload=upload, dry_run=False)
        time.sleep(1.0)

    def export_job() -> None:
        exporting.export_job_create(user=seeded["admins"][0], filters=MemberFilters())
        time.sleep(1.5)

    def run(name: str, step: Callable[[], None]) -> None:
        try:
            while time.monotonic() < until:
                started = time.monotonic()
                failure = None
                try:
                    step()
                except Exception as exc:  # every failure is reported, none stops the load
                    failure = f"{name}: {exc!r}"
                took = round(time.monotonic() - started, 2)
                with lock:
                    if failure:
                        errors.append(failure)
                    else:
                        done[name] += 1
                    slowest[name] = max(slowest.get(name, 0.0), took)
        finally:
            connections.close_all()

    a, b = seeded["admins"]
    steps = {
        "export_page_city": export_page(a),
        "export_page_district": export_page(b),
        "checkin_1": checkin(),
        "checkin_2": checkin(),
        "import_job": import_job,
        "export_job": export_job,
    }
    # One page of each kind first: a cold process spends seconds importing and compiling.
    for name in ("export_page_city", "checkin_1"):
        steps[name]()
        done[name] += 1
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=run, args=item) for item in steps.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors, done, slowest


def _jobs() -> dict[str, list[str]]:
    from kesu.members.models import ExportJob, ImportJob

    return {
        "import": [f"{j.status} {j.message}" for j in ImportJob.objects.order_by("pk")],
        "export": [f"{j.status} {j.message}" for j in ExportJob.objects.order_by("pk")],
    }


def _wait_for_jobs() -> None:
    from kesu.members.models import ExportJob, ImportJob

    busy = ("pending", "running")
    deadline = time.monotonic() + JOB_WAIT
    while time.monotonic() < deadline:
        if not (
            ImportJob.objects.filter(status__in=busy).exists()
            or ExportJob.objects.filter(status__in=busy).exists()
        ):
            return
        time.sleep(0.2)


def main(seconds: float) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kesu.settings")
    # The load would trip the public check-in limits long before any lock.
    os.environ["KESU_CHECKIN_RATE_PER_IP"] = os.environ["KESU_CHECKIN_RATE_PER_ACTIVITY"] = (
        "1000000000"
    )
    import django

    django.setup()
    from django.db import connection, connections

    seeded = _seed()
    connections.close_all()
    with tempfile.TemporaryFile(mode="w+") as log:
        worker = subprocess.Popen(  # noqa: S603 (our own interpreter and command)
            [sys.executable, *WORKER],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            errors, done, slowest = _load(seconds, seeded)
            _wait_for_jobs()
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        log.seek(0)
        worker_log = log.read()
    from kesu.audit.models import AuditEntry

    return {
        "vendor": connection.vendor,
        "errors": errors,
        "done": dict(done),
        "slowest": slowest,
        "jobs": _jobs(),
        "export_audits": AuditEntry.objects.filter(action="member.export").count(),
        "worker_log": worker_log,
    }


if __name__ == "__main__":
    print(json.dumps(main(float(sys.argv[1])), ensure_ascii=False))
