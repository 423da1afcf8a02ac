from __future__ import annotations

import datetime as dt

import pytest

from kesu.achievements import services
from kesu.achievements.choices import ReviewStatus
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)


@pytest.fixture
def achievement(users, tree, members):
    return services.achievement_create(
        actor=users.staff_a,
        data={
            "org": tree.a1g.code,
            "kind": "patent",
            "title": "一种焊接检测装置",
            "achieved_on": dt.date(2026, 3, 1),
            "level": "city",
            "members": [members.in_a.pk],
        },
    )


@pytest.fixture
def achievement_b(users, tree, members):
    obj = services.achievement_create(
        actor=users.admin_b,
        data={
            "org": tree.bg.code,
            "kind": "suggestion",
            "title": "滨江的合理化建议",
            "achieved_on": dt.date(2026, 4, 1),
            "level": "enterprise",
            "members": [members.in_b.pk],
        },
    )
    return services.achievement_review(
        actor=users.admin_b, achievement=obj, decision=ReviewStatus.VERIFIED
    )


@pytest.fixture
def honour(users, tree, members):
    return services.honour_create(
        actor=users.staff_a,
        data={
            "org": tree.a1g.code,
            "kind": "may_day_medal",
            "level": "city",
            "year": 2025,
            "awarding_body": "杭州市总工会",
            "members": [members.in_a.pk],
        },
    )
