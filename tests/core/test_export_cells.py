"""A control character already stored (written before input was cleaned, or straight into the
database) never fails an export: safe_cell drops it. The roster, employer, training ledger
and activity ledger of the subtree all answer 200 with a file that opens."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kesu.activities.models import Activity
from kesu.employers import services as employers
from kesu.employers.models import Employer
from kesu.members.models import Member
from kesu.orgs.models import Organization
from kesu.training import services as training
from kesu.training.models import Course
from tests.training.conftest import add_session, at

pytestmark = pytest.mark.django_db

DIRTY = "\x01\x0b\x1f\uffff"  # what a database can hold and an .xlsx cannot


@pytest.fixture
def dirty(tree, users, members):
    """One stored value with unwritable characters in each export's rows, and in the name of
    the organisation every export shows."""
    employers.employer_create(
        actor=users.root,
        org=tree.a1g,
        data={
            "name": "西湖科技有限公司",
            "credit_code": "",
            "ownership": "non_public",
            "staff_count": 30,
        },
    )
    course = training.course_create(
        actor=users.staff_a,
        org=tree.a,
        data={
            "title": "安全生产知识培训",
            "planned_hours": "6",
            "topics": "safety",
            "capacity": "",
            "pass_percent": "80",
            "self_enrol": False,
        },
    )
    # 14:00 local, three days ago, for two hours: a session keeps to one local day.
    start = at(3)
    add_session(users.staff_a, course, 3)
    Activity.objects.create(
        title="科普讲座",
        kind="lecture",
        org=tree.a1g,
        start=start,
        end=start + dt.timedelta(hours=2),
    )
    Member.objects.filter(pk=members.in_a.pk).update(notes=f"备{DIRTY}注", name=f"张{DIRTY}三")
    Employer.objects.update(industry=f"制{DIRTY}造", name=f"=西湖{DIRTY}科技")
    Course.objects.filter(pk=course.pk).update(title=f"安全{DIRTY}培训")
    Activity.objects.filter(org=tree.a1g).update(title=f"科普{DIRTY}讲座")
    Organization.objects.filter(pk__in=[tree.a.pk, tree.a1g.pk]).update(name=f"西湖{DIRTY}工会")


def _cells(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def test_exports_answer_and_open(client, users, dirty):
    client.force_login(users.admin_a)
    today = timezone.localdate()
    span = {"org": "HZ-A", "from": f"{today.year - 1}-01-01", "to": today.isoformat()}
    roster = client.get("/members/export/")
    assert roster.status_code == 200
    cells = _cells(b"".join(roster.streaming_content))
    assert "张三" in cells and "备注" in cells and "西湖工会" in cells

    employers_ = client.get("/employers/export.xlsx")
    assert employers_.status_code == 200
    cells = _cells(employers_.content)
    assert "'=西湖科技" in cells and "制造" in cells

    ledger = client.get("/training/ledger.xlsx", span)
    assert ledger.status_code == 200
    cells = _cells(ledger.content)
    assert "西湖工会职工科普培训台账" in cells and "安全培训" in cells

    activities = client.get("/reports/ledger/", span)
    assert activities.status_code == 200
    cells = _cells(activities.content)
    assert "西湖工会科普活动台账" in cells and "科普讲座" in cells
