"""The contest roll-up (kesu.contests.tally): the figures read from it equal ranking the
attempts themselves, for a subtree and for one organisation, also after attempts are
handed in, rescored, deleted and after the contest's period changes; a contest reaching
beyond the range is counted from the attempts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kesu.contests import tally
from kesu.contests.models import ContestEntry, ContestTallyStale
from kesu.indicators import registry
from kesu.indicators.registry import Scope, at_org
from kesu.quiz.models import Attempt
from tests.contests.conftest import END, START, make_attempt, make_contest
from tests.factories import make_member

pytestmark = pytest.mark.django_db

CODES = ("contest.participants", "contest.participation_rate", "contest.average_score")
MAY = (dt.date(2026, 5, 1), dt.date(2026, 5, 31))


def _direct(code: str, scope: Scope, only_org: bool) -> object:
    indicator = registry.get(code)
    records = indicator.records(scope)
    return indicator.measure(at_org(records, "org", scope.org) if only_org else records)


def _both(code: str, org, only_org: bool = False, span=MAY) -> tuple[object, object]:
    scope = Scope(org=org, start=span[0], end=span[1])
    return registry.get(code).rollup(scope, only_org), _direct(code, scope, only_org)


def _assert_equal(tree) -> None:
    for code in CODES:
        for org in (tree.city, tree.a, tree.a1g, tree.b):
            for only_org in (False, True):
                rolled, direct = _both(code, org, only_org)
                assert rolled == direct, (code, org.code, only_org)


@pytest.fixture
def attempts(tree, members):
    contest = make_contest(tree.a)
    other = make_member(tree.a1g, name="赵六")
    make_attempt(contest.paper, members.in_a, 50)
    make_attempt(contest.paper, members.in_a, 80, duration=200)
    make_attempt(contest.paper, members.in_a2, 30, max_score=50)
    make_attempt(contest.paper, members.in_a2, 33, max_score=50, org=tree.a1g)  # moved since
    make_attempt(contest.paper, other, 70, status=Attempt.Status.EXPIRED)
    make_attempt(contest.paper, members.in_b, 100)  # outside the contest's subtree
    make_attempt(contest.paper, other, 90, at=END + dt.timedelta(hours=1))  # after it ended
    return contest


def test_rollup_equals_the_attempts(tree, members, attempts):
    assert tally.entries(tree.city, *MAY) is not None
    _assert_equal(tree)
    assert _both("contest.participants", tree.a)[0] == 3
    assert round(_both("contest.average_score", tree.a)[0], 2) == Decimal("72.00")
    # 李四's attempts at two organisations: two rows, the better one (33 of 50) marked.
    rows = ContestEntry.objects.filter(member_id=members.in_a2.pk)
    assert sorted(rows.values_list("org_id", "is_best")) == sorted(
        [(tree.a.pk, False), (tree.a1g.pk, True)]
    )
    assert ContestEntry.objects.filter(is_best=True).count() == 3


def test_rollup_follows_writes(tree, members, attempts):
    _assert_equal(tree)
    better = make_attempt(attempts.paper, members.in_a2, 50, max_score=50)
    assert ContestTallyStale.objects.exists()
    _assert_equal(tree)
    assert round(_both("contest.average_score", tree.a)[0], 2) == Decimal("83.33")
    Attempt.objects.filter(pk=better.pk).update(score=Decimal(10))
    _assert_equal(tree)
    Attempt.objects.filter(pk=better.pk).delete()
    late = make_attempt(attempts.paper, make_member(tree.a1, name="孙七"), 60)
    _assert_equal(tree)
    assert _both("contest.participants", tree.a)[0] == 4
    Attempt.objects.filter(pk=late.pk).update(status=Attempt.Status.IN_PROGRESS)
    _assert_equal(tree)
    assert not ContestTallyStale.objects.exists()


def test_contest_edited_is_recounted_whole(tree, attempts):
    _assert_equal(tree)
    attempts.starts_at = START + dt.timedelta(days=2)  # the attempts of day 1 stop counting
    attempts.save()
    _assert_equal(tree)
    assert _both("contest.participants", tree.a)[0] == 0


def test_contest_beyond_the_range_is_counted_from_attempts(tree, attempts):
    span = (dt.date(2026, 5, 2), dt.date(2026, 5, 31))
    assert tally.entries(tree.a, *span) is None
    for code in CODES:
        rolled, direct = _both(code, tree.a, span=span)
        assert rolled == direct
    assert _both("contest.participants", tree.a, span=span)[0] == 3


def test_one_mark_per_rewrite_and_both_when_an_attempt_changes_hands(tree, members, attempts):
    _assert_equal(tree)
    mine = Attempt.objects.filter(member=members.in_a, paper=attempts.paper).first()
    Attempt.objects.filter(pk=mine.pk).update(score=Decimal(95))  # same paper and member
    assert list(ContestTallyStale.objects.values_list("member_id", flat=True)) == [members.in_a.pk]
    _assert_equal(tree)
    Attempt.objects.filter(pk=mine.pk).update(member=members.in_a2)  # filed under another
    marked = sorted(ContestTallyStale.objects.values_list("member_id", flat=True))
    assert marked == sorted([members.in_a.pk, members.in_a2.pk])
    _assert_equal(tree)
