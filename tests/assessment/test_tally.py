"""The literacy roll-up (kesu.assessment.tally): the raw and weighted shares read from it
equal scoring the attempts themselves, for every subtree and range, also after attempts are
handed in, rescored and deleted, after a member's cell changes and after the scheme
changes."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.assessment import indicators, tally
from kesu.assessment.models import LiteracyEntry, LiteracyTallyStale
from kesu.indicators.registry import Scope
from kesu.members.models import Member
from kesu.quiz.models import Attempt
from tests.assessment.conftest import attempt, person

pytestmark = pytest.mark.django_db

SPANS = ((dt.date(2026, 1, 1), dt.date(2026, 6, 30)), (dt.date(2026, 4, 1), dt.date(2026, 4, 30)))


def _assert_equal(tree) -> None:
    for org in (tree.city, tree.a, tree.a1g, tree.b):
        for start, end in SPANS:
            scope = Scope(org, start, end)
            assert indicators._raw_rolled(scope) == indicators._raw_direct(scope)
            assert indicators._weighted_rolled(scope) == indicators._weighted(scope)


def _weighted(org) -> object:
    return indicators._weighted_rolled(Scope(org, *SPANS[0]))


@pytest.fixture
def assessed(tree, assessment, paper):
    """40 members of HZ-A in four cells, one of them assessed twice and one at a second
    organisation, and one attempt the scheme cannot score."""
    people = []
    for i in range(40):
        people.append(
            person(
                tree.a1g if i % 2 else tree.a,
                born=dt.date(1960 + i % 4 * 12, 3, 1),
                male=i % 3 == 0,
                education=("junior", "bachelor", "")[i % 3],
            )
        )
        attempt(paper, people[-1], 40 + i * 37 % 60)
    attempt(paper, people[0], 95, day=dt.date(2026, 5, 2))  # a re-sit
    elsewhere = attempt(paper, people[1], 20, day=dt.date(2026, 5, 3))
    Attempt.objects.filter(pk=elsewhere.pk).update(org=tree.bg)  # sat after moving to HZ-B
    unscored = attempt(paper, people[2], 90, day=dt.date(2026, 5, 4))
    Attempt.objects.filter(pk=unscored.pk).update(dimension_scores={})
    return people


def test_rollup_equals_scoring_the_attempts(tree, assessed):
    _assert_equal(tree)
    assert LiteracyEntry.objects.count() == 43
    # 40 assessed; the latest attempt of one cannot be scored: 39 respondents.
    assert not _weighted(tree.a).refused and _weighted(tree.a).n == 39


def test_rollup_follows_writes(tree, paper, assessed):
    _assert_equal(tree)
    before = _weighted(tree.a)
    late = attempt(paper, assessed[5], 99, day=dt.date(2026, 6, 1))
    assert LiteracyTallyStale.objects.exists()
    _assert_equal(tree)
    assert _weighted(tree.a) != before
    Attempt.objects.filter(pk=late.pk).update(
        dimension_scores={
            d: ["10", "100"] for d in ("knowledge", "method", "spirit", "application")
        }
    )
    _assert_equal(tree)
    Attempt.objects.filter(pk=late.pk).delete()
    _assert_equal(tree)
    assert _weighted(tree.a) == before
    Member.objects.filter(pk=assessed[7].pk).update(education="college")
    Member.objects.filter(pk=assessed[8].pk).update(birth_date=dt.date(2008, 12, 1))  # under 18
    _assert_equal(tree)
    assert _weighted(tree.a) != before
    assert not LiteracyTallyStale.objects.exists()


def test_scheme_change_recounts_everything(tree, assessment, assessed, benchmark_scheme):
    _assert_equal(tree)
    before = indicators._raw_rolled(Scope(tree.a, *SPANS[0]))
    assessment.scheme = benchmark_scheme
    assessment.save()
    _assert_equal(tree)
    assert indicators._raw_rolled(Scope(tree.a, *SPANS[0])) != before


def test_rebuild_after_a_bulk_load(tree, assessed):
    tally.rebuild()
    assert LiteracyEntry.objects.count() == 43 and not LiteracyTallyStale.objects.exists()
    _assert_equal(tree)


def test_one_mark_per_rewrite_and_both_when_an_attempt_changes_hands(tree, assessed):
    _assert_equal(tree)
    first, second = assessed[3], assessed[4]
    mine = Attempt.objects.filter(member=first).first()
    Attempt.objects.filter(pk=mine.pk).update(score=mine.score + 1)  # same paper and member
    assert list(LiteracyTallyStale.objects.values_list("member_id", flat=True)) == [first.pk]
    _assert_equal(tree)
    Attempt.objects.filter(pk=mine.pk).update(member=second)  # filed under another member
    marked = sorted(LiteracyTallyStale.objects.values_list("member_id", flat=True))
    assert marked == sorted([first.pk, second.pk])
    _assert_equal(tree)
