"""A roster import in the cluster, as the web pages would do it (the services they call).

python -m tests.cluster.roster create ROWS   -> prints the job id
python -m tests.cluster.roster retry JOB     -> the job page's reap, then its retry button
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys

import django


def _admin():
    from kesu.accounts.models import User

    return User.objects.get(username="cluster-admin")


def create(rows: int) -> int:
    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kesu.members.idnumber import make_id_number
    from kesu.members.importing.jobs import import_job_create
    from kesu.orgs.models import Organization

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号"])
    for i in range(rows):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=i)  # a different ID number each
        sheet.append([f"导入职工{i:05d}", make_id_number("330108", birth, 11)])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("集群名册.xlsx", out.getvalue())
    org = Organization.objects.get(code="BENCH-01")
    return import_job_create(actor=_admin(), org=org, upload=upload, dry_run=False).pk


def retry(job_id: int) -> int:
    from kesu.core.jobs import reap_one
    from kesu.members.importing.jobs import import_job_retry
    from kesu.members.models import ImportJob

    job = reap_one(ImportJob.objects.get(pk=job_id))
    return import_job_retry(actor=_admin(), job=job).pk


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kesu.settings")
    django.setup()
    action, number = sys.argv[1], int(sys.argv[2])
    print(create(number) if action == "create" else retry(number))
