"""An archive worth reading: 张三 (HZ-A-1-01) attended two activities, moved unions, has an
achievement and an honour; 王五 (HZ-B-01) attended one of them too."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from kesu.achievements import services as achievement_services
from kesu.achievements.choices import ReviewStatus
from kesu.activities.models import Activity, Attendance
from kesu.members.models import Transfer
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)

YEAR = timezone.localdate().year


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_activity(org, title: str, day: dt.date) -> Activity:
    return Activity.objects.create(
        org=org, title=title, kind="lecture", start=at(day), end=at(day, 11)
    )


@pytest.fixture
def story(users, tree, members):
    users.member_a.member = members.in_a
    users.member_a.save(update_fields=["member"])
    jan = dt.date(YEAR, 1, 10)
    lecture = make_activity(tree.a1g, "安全生产科普讲座", jan)
    fair = make_activity(tree.city, "全国科普日市集", dt.date(YEAR - 1, 9, 20))
    other = make_activity(tree.bg, "滨江厂区讲座", jan)
    for activity, member in (
        (lecture, members.in_a),
        (fair, members.in_a),
        (fair, members.in_b),
        (other, members.in_b),
    ):
        Attendance.objects.create(activity=activity, member=member, source="staff")
    Transfer.objects.create(
        member=members.in_a,
        from_org=tree.a,
        to_org=tree.a1g,
        transferred_on=dt.date(YEAR - 1, 6, 1),
        reason="工作调动",
    )
    achievement = achievement_services.achievement_create(
        actor=users.staff_a,
        data={
            "org": tree.a1g.code,
            "kind": "suggestion",
            "title": "焊接工序合理化建议",
            "achieved_on": dt.date(YEAR, 1, 5),
            "level": "enterprise",
            "members": [members.in_a.pk],
        },
    )
    achievement_services.achievement_review(
        actor=users.staff_a, achievement=achievement, decision=ReviewStatus.VERIFIED
    )
    honour = achievement_services.honour_create(
        actor=users.staff_a,
        data={
            "org": tree.a1g.code,
            "kind": "may_day_medal",
            "level": "city",
            "year": YEAR - 1,
            "awarding_body": "杭州市总工会",
            "members": [members.in_a.pk],
        },
    )
    b_honour = achievement_services.honour_create(
        actor=users.admin_b,
        data={
            "org": tree.bg.code,
            "kind": "technical_expert",
            "level": "district",
            "year": YEAR - 1,
            "awarding_body": "滨江区人社局",
            "members": [members.in_b.pk],
        },
    )
    return SimpleNamespace(
        lecture=lecture,
        fair=fair,
        other=other,
        achievement=achievement,
        honour=honour,
        b_honour=b_honour,
    )
