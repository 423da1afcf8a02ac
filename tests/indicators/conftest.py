"""Members with join dates around a 2026 range, on top of the shared tree and members.

HZ-A-1-01: 张三 (no join date), 赵一 F migrant joined 2026-01-01, 钱二 M joined 2026-12-31,
           孙三 F joined 2027-01-01 (after the range), 周四 F joined 2026-03-15 but withdrawn
HZ-A:      李四 (no join date), 吴五 M joined 2025-12-31 (before the range)
HZ-B-01:   王五 (no join date), 郑六 F migrant joined 2026-06-01
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from kesu.members.models import Member
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)
from tests.factories import make_member, new_id_number

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


def _member(org, joined, *, female=False, migrant=False, status="active", name=""):
    member = make_member(org, name=name, id_number=new_id_number(male=not female))
    # Straight to the table: the join dates around the range include a future one.
    Member.objects.filter(pk=member.pk).update(
        joined_on=joined, is_migrant_worker=migrant, status=status
    )
    member.refresh_from_db()
    return member


@pytest.fixture
def roster(tree, members):
    return SimpleNamespace(
        **vars(members),
        first_day=_member(tree.a1g, dt.date(2026, 1, 1), female=True, migrant=True, name="赵一"),
        last_day=_member(tree.a1g, dt.date(2026, 12, 31), name="钱二"),
        after=_member(tree.a1g, dt.date(2027, 1, 1), female=True, name="孙三"),
        withdrawn=_member(
            tree.a1g, dt.date(2026, 3, 15), female=True, status="withdrawn", name="周四"
        ),
        before=_member(tree.a, dt.date(2025, 12, 31), name="吴五"),
        in_b_joined=_member(tree.bg, dt.date(2026, 6, 1), female=True, migrant=True, name="郑六"),
    )
