"""Organisation-of-the-work records on top of the shared tree (HZ-A's 2026 work, one team
in HZ-B), written through the services as a cadre would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kesu.activities.models import Activity
from kesu.funds import services as funds
from kesu.hardship.models import Assistance
from kesu.leadership import services
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)

YEAR = 2026
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def activity(org, *, title="安全生产讲座", kind="lecture", day=dt.date(2026, 6, 10), spending=0):
    start = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())
    return Activity.objects.create(
        title=title,
        kind=kind,
        org=org,
        start=start,
        end=start + dt.timedelta(hours=2),
        spending=Decimal(spending),
    )


def add(kind, parent, data, actor):
    app = funds if kind in funds.KINDS else services
    return app.record_add(kind, actor=actor, parent=parent, data=data)


@pytest.fixture
def work(tree, users, members):
    root = users.root
    group = add(
        "leading_group",
        tree.a,
        {
            "year": YEAR,
            "office_section": "宣教部",
            "office_contact": "周敏",
            "office_phone": "0571-87000000",
        },
        root,
    )
    for role, name, title in (
        ("leader", "王建国", "区总工会主席"),
        ("deputy", "李丽华", "区总工会副主席"),
        ("member", "赵刚", "宣教部部长"),
        ("member", "孙静", "组织部部长"),
    ):
        add("group_member", group, {"role": role, "name": name, "job_title": title}, root)
    area = add(
        "work_area",
        tree.a,
        {
            "year": YEAR,
            "area": "publicity",
            "leader_in_charge": "李丽华",
            "lead_section": "宣教部",
            "responsible_staff": "赵刚",
        },
        root,
    )
    held = add(
        "meeting",
        tree.a,
        {
            "mode": "held",
            "held_on": dt.date(2026, 3, 2),
            "level": "own",
            "topic": "“科技活动周”部署会",
            "decisions": "分工落实",
        },
        root,
    )
    add(
        "meeting",
        tree.a1,
        {"mode": "held", "held_on": dt.date(2026, 4, 2), "level": "own", "topic": "街道推进会"},
        root,
    )
    add(
        "meeting",
        tree.a,
        {
            "mode": "attended",
            "held_on": dt.date(2026, 5, 20),
            "level": "superior",
            "topic": "市科普领导小组协调会议",
        },
        root,
    )
    add(
        "meeting",
        tree.a,
        {"mode": "held", "held_on": dt.date(2025, 12, 1), "level": "own", "topic": "去年的会"},
        root,
    )
    team = add("team", tree.a, {"kind": "volunteers", "name": "西湖区科普志愿者服务队"}, root)
    lecturers = add("team", tree.a1, {"kind": "lecturers", "name": "北山街道讲师团"}, root)
    inside = add("volunteer", team, {"member": members.in_a.pk}, root)
    outside = add(
        "volunteer",
        team,
        {"name": "陈医生", "phone": "13812345678", "id_number": "11010519491231002X"},
        root,
    )
    add("volunteer", lecturers, {"name": "吴老师"}, root)
    lecture = activity(tree.a1g, spending=1200)
    add(
        "volunteer_service",
        inside,
        {"activity": lecture.pk, "served_on": dt.date(2026, 6, 10), "hours": Decimal("3.5")},
        root,
    )
    add(
        "volunteer_service",
        outside,
        {"activity": lecture.pk, "served_on": dt.date(2026, 6, 10), "hours": Decimal("2")},
        root,
    )
    add("volunteer_service", outside, {"served_on": dt.date(2025, 6, 10), "hours": 4}, root)
    other_team = add("team", tree.b, {"kind": "volunteers", "name": "滨江志愿队"}, root)
    return SimpleNamespace(
        group=group,
        area=area,
        held=held,
        team=team,
        lecturers=lecturers,
        inside=inside,
        outside=outside,
        lecture=lecture,
        other_team=other_team,
    )


@pytest.fixture
def money(work, tree, users):
    root = users.root
    add("budget", tree.a, {"year": 2026, "area": "publicity", "amount": Decimal("30000")}, root)
    add(
        "budget",
        tree.a,
        {"year": 2026, "area": "worker_services", "amount": Decimal("80000")},
        root,
    )
    add("budget", tree.a, {"year": 2025, "area": "publicity", "amount": Decimal("999")}, root)
    add("budget", tree.b, {"year": 2026, "area": "publicity", "amount": Decimal("5000")}, root)
    add(
        "expense",
        tree.a1,
        {
            "spent_on": dt.date(2026, 3, 1),
            "area": "publicity",
            "amount": Decimal("2500"),
            "description": "宣传品制作",
        },
        root,
    )
    activity(tree.a1g, title="世界气象日宣传", kind="campaign", spending=800)
    Assistance.objects.create(
        org=tree.a,
        kind="spring_relief",
        given_on=dt.date(2026, 1, 20),
        amount=Decimal("40000"),
        recipient_kind="household",
        recipients=20,
    )
    return tree
