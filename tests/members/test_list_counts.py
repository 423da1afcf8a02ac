"""The roster list's totals: read from the roster tally (RosterStatus) when the filters are
among organisation, gender, migrant flag and status — equal to counting the list itself,
also right after a write — and counted from the list for any other filter."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kesu.members import selectors
from kesu.members.choices import MemberStatus
from kesu.members.models import Member
from kesu.members.selectors import MemberFilters
from tests.factories import make_member, new_id_number

pytestmark = pytest.mark.django_db

HX_RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "member-results"}
TALLIED = [
    {},
    {"gender": "F"},
    {"migrant": "yes"},
    {"migrant": "no", "gender": "M"},
    {"status": MemberStatus.WITHDRAWN},
    {"org": "HZ-A-1"},
    {"org": "HZ-A-1", "status": MemberStatus.ACTIVE, "gender": "M"},
    {"org": "HZ-B"},  # outside staff_a's scope: nothing
    {"org": "NOPE"},
]


@pytest.fixture
def roster(tree, members):
    make_member(tree.a1g, name="赵女", id_number=new_id_number(male=False), is_migrant_worker=True)
    make_member(tree.a1, name="钱退", status=MemberStatus.WITHDRAWN)
    make_member(tree.a, name="孙出", status=MemberStatus.TRANSFERRED_OUT, is_migrant_worker=True)


def _counted(user, **filters) -> tuple[int, int]:
    listed = selectors.member_list(user=user, filters=MemberFilters(**filters))
    return listed.count(), selectors.current_members(listed).count()


def _tallied(user, **filters) -> tuple[int, int] | None:
    counts = selectors.member_list_counts(user=user, filters=MemberFilters(**filters))
    return None if counts is None else (counts.listed, counts.current)


@pytest.mark.parametrize("filters", TALLIED)
def test_tally_counts_equal_counting_the_list(users, roster, filters):
    for user in (users.staff_a, users.root, users.admin_b):
        assert _tallied(user, **filters) == _counted(user, **filters)


def test_counts_follow_writes(users, tree, roster):
    assert _tallied(users.staff_a) == (5, 3)
    newcomer = make_member(tree.a1g, name="周新")
    Member.objects.filter(name="张三").update(status=MemberStatus.WITHDRAWN)
    Member.objects.filter(name="孙出").delete()
    assert _tallied(users.staff_a) == _counted(users.staff_a) == (5, 3)
    Member.objects.filter(pk=newcomer.pk).update(org=tree.bg)  # moved out of HZ-A
    assert _tallied(users.staff_a) == _counted(users.staff_a) == (4, 2)
    assert _tallied(users.admin_b) == _counted(users.admin_b) == (2, 2)


@pytest.mark.parametrize("filters", [{"q": "赵"}, {"education": "bachelor"}, {"age_band": "30-39"}])
def test_other_filters_are_counted_from_the_list(users, roster, filters):
    assert _tallied(users.staff_a, **filters) is None


def test_page_shows_tally_totals_without_counting_the_roster(client, users, roster):
    client.force_login(users.staff_a)
    client.get(reverse("members:list"))  # the tally is counted once
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("members:list"), **HX_RESULTS).content.decode()
    assert "共 5 人，其中在册会员 3 人" in html
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not [sql for sql in counts if "members_member" in sql]
    html = client.get(reverse("members:list"), {"gender": "F"}, **HX_RESULTS).content.decode()
    assert "共 1 人" in html and "赵女" in html
    html = client.get(reverse("members:list"), {"q": "赵"}, **HX_RESULTS).content.decode()
    assert "共 1 人" in html and "赵女" in html
