"""Activities around a 2026 range on top of the shared tree and members.

HZ-A-1-01: "=1+1" (lecture, 2026-03-05, declared 30, 2 check-ins), 科普讲座二 (2026-06-01, no
           declared figure, 1 check-in), 旧活动 (2025-12-31, before the range)
HZ-A:      区级展览 (2026-09-20, declared 100) — attached to HZ-A itself (本级)
HZ-B-01:   滨江活动 (2026-05-01) — outside HZ-A
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kesu.activities.models import Activity, Attendance

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _activity(org, day: dt.date, title: str, **extra) -> Activity:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    return Activity.objects.create(
        title=title,
        kind=extra.pop("kind", "lecture"),
        org=org,
        start=start,
        end=start + dt.timedelta(hours=2),
        **extra,
    )


@pytest.fixture
def acts(tree, members):
    injected = _activity(
        tree.a1g,
        dt.date(2026, 3, 5),
        "=1+1",
        person_times=30,
        materials_distributed=200,
        consultations=15,
        display_boards=4,
        beneficiaries=300,
        spending=Decimal("1250.50"),
        place="@公司礼堂",
    )
    second = _activity(tree.a1g, dt.date(2026, 6, 1), "科普讲座二", materials_distributed=50)
    Attendance.objects.create(activity=injected, member=members.in_a, source="staff")
    Attendance.objects.create(activity=injected, member=members.in_a2, source="staff")
    Attendance.objects.create(activity=second, member=members.in_a, source="staff")
    return SimpleNamespace(
        injected=injected,
        second=second,
        old=_activity(tree.a1g, dt.date(2025, 12, 31), "旧活动", person_times=999),
        own=_activity(
            tree.a,
            dt.date(2026, 9, 20),
            "区级展览",
            kind="exhibition",
            person_times=100,
            display_boards=20,
            spending=Decimal("800"),
        ),
        in_b=_activity(tree.bg, dt.date(2026, 5, 1), "滨江活动", person_times=50),
    )


@pytest.fixture
def narrated(tree, users):
    """HZ-A's 2026 narrative with both parts a file needs written (a saved draft)."""
    from kesu.reports import drafts
    from kesu.reports.summary import Narrative

    return drafts.draft_save(
        actor=users.admin_a,
        org=tree.a,
        start=START,
        end=END,
        style="exact",
        narrative=Narrative(
            problems="科普活动覆盖面还不够广。", next_plan="深入企业开展科普进车间活动。"
        ),
    )
