"""The literate shares read each member's latest attempt in one query (DISTINCT ON on
PostgreSQL, NOT EXISTS elsewhere) and score each distinct sub-score combination once: the
figures must equal those of the straightforward per-attempt computation they replaced."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from kesu.assessment import selectors
from kesu.assessment.models import LiteracyAssessment
from kesu.assessment.national import EDUCATION_GROUPS
from kesu.assessment.results import DEFAULT_MIN_N
from kesu.assessment.scoring import SchemeRule
from kesu.assessment.weighting import estimate, poststratify
from kesu.indicators.registry import Scope, get
from kesu.members.ages import age_band
from kesu.quiz.models import Attempt, Paper
from tests.assessment.conftest import at, attempt, person

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _reference(scope: Scope) -> tuple[Decimal, Decimal]:
    """The shares as computed before: every evidence attempt read in member order, the
    last one per member kept, each scored on its own."""
    start, end = selectors.day_bounds(scope.start, scope.end)
    papers = LiteracyAssessment.objects.values_list("paper_id", flat=True)
    rows = (
        Attempt.objects.filter(
            paper_id__in=papers,
            status__in=selectors.DONE,
            submitted_at__gte=start,
            submitted_at__lt=end,
            org__path__startswith=scope.org.path,
        )
        .order_by("member_id", "submitted_at", "id")
        .values_list(
            "member_id",
            "paper_id",
            "dimension_scores",
            "score",
            "max_score",
            "member__gender",
            "member__birth_date",
            "member__education",
        )
    )
    latest = {row[0]: row for row in rows}
    by_paper = selectors.assessment_for_attempts(r[1] for r in latest.values())
    literate, cells = [], []
    for _m, paper, dims, score, max_score, gender, birth, edu in latest.values():
        result = SchemeRule(by_paper[paper].scheme).evaluate(dims, score, max_score)
        if result is None:
            continue
        literate.append(result.is_literate)
        band = age_band(birth, scope.end)
        group = EDUCATION_GROUPS.get(edu or "", "unknown")
        cells.append(None if band == "-17" else (gender, band, group))

    def percent(value):
        if value is None:
            return Decimal(0)
        return (Decimal(str(value)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    raw = percent(sum(literate) / len(literate) if literate else None)
    weights = poststratify(cells, selectors.roster_cells(scope.org, scope.end))
    weighted = estimate(literate, weights.weights, min_n=DEFAULT_MIN_N).weighted_share
    return raw, percent(weighted)


def _shares(scope: Scope) -> tuple[Decimal, Decimal]:
    return (
        get("assessment.literate_share").value(scope),
        get("assessment.literate_share_weighted").value(scope),
    )


def test_latest_attempt_by_time_then_id(assessment, tree, paper):
    m = person(tree.a1g, born=dt.date(1990, 1, 1), male=True)
    late = attempt(paper, m, 40, day=dt.date(2026, 5, 1))
    attempt(paper, m, 90, day=dt.date(2026, 4, 1))  # created later, submitted earlier
    qs = Attempt.objects.filter(paper=paper, status__in=selectors.DONE)
    assert list(selectors.latest_per_member(qs).values_list("id", flat=True)) == [late.pk]
    same = attempt(paper, m, 95, day=dt.date(2026, 5, 1))  # same instant: the higher id
    assert list(selectors.latest_per_member(qs).values_list("id", flat=True)) == [same.pk]
    scope = Scope(tree.a, *YEAR)
    assert _shares(scope) == (Decimal(100), Decimal(0)) == _reference(scope)


def test_latest_within_the_scope_only(assessment, tree, paper, members):
    """A re-sit filed under another subtree does not replace the scope's attempt."""
    m = person(tree.a1g, born=dt.date(1990, 1, 1), male=True)
    attempt(paper, m, 80, day=dt.date(2026, 3, 1))
    Attempt.objects.create(
        paper=paper,
        member=m,
        org=tree.b,
        status="submitted",
        source="online",
        started_at=at(dt.date(2026, 4, 1)),
        submitted_at=at(dt.date(2026, 4, 1)),
        dimension_scores={"knowledge": ["10", "100"]},
        score=10,
        max_score=100,
    )
    assert _shares(Scope(tree.a, *YEAR))[0] == 100
    assert _shares(Scope(tree.b, *YEAR))[0] == 0


def test_unscorable_and_minors(assessment, tree, paper):
    """An attempt without dimension scores is left out; a minor counts in the raw share
    only (outside every weighting cell)."""
    adult = person(tree.a1g, born=dt.date(1990, 1, 1), male=True)
    minor = person(tree.a1g, born=dt.date(2010, 1, 1), male=False)
    attempt(paper, adult, 80)
    attempt(paper, minor, 40)
    empty = person(tree.a1g, born=dt.date(1980, 1, 1), male=True)
    Attempt.objects.create(
        paper=paper,
        member=empty,
        org=empty.org,
        status="submitted",
        source="online",
        started_at=at(dt.date(2026, 4, 1)),
        submitted_at=at(dt.date(2026, 4, 1)),
        dimension_scores={},
        score=None,
        max_score=0,
    )
    scope = Scope(tree.a, *YEAR)
    assert _shares(scope)[0] == 50
    assert _shares(scope) == _reference(scope)


def test_random_roster_matches_reference(assessment, tree, paper, benchmark_scheme):
    """Many members, re-sits, two assessments (the national method and 基准, which scores by
    the totals), unknown education, minors: the figures equal the reference to the cent."""
    other = Paper.objects.create(org=tree.a, title="基准卷", purpose="assessment")
    LiteracyAssessment.objects.create(
        org=tree.a,
        title="基准测评",
        paper=other,
        scheme=benchmark_scheme,
        period_start=YEAR[0],
        period_end=YEAR[1],
    )
    rng = random.Random(6)
    orgs = [tree.a, tree.a1, tree.a1g]
    for i in range(90):
        born = dt.date(rng.randint(1950, 2010), rng.randint(1, 12), rng.randint(1, 28))
        edu = rng.choice(["", "primary", "junior", "senior", "college", "bachelor", "master"])
        m = person(rng.choice(orgs), born=born, male=rng.random() < 0.5, education=edu)
        if i % 3 == 0:
            continue  # on the roster, not assessed
        for k in range(rng.randint(1, 3)):
            day = dt.date(2026, rng.randint(1, 12), rng.randint(1, 28))
            dims = {
                d: [str(rng.randrange(0, p + 1, 2)), str(p)]
                for d, p in (("knowledge", 24), ("method", 12), ("spirit", 12), ("application", 12))
            }
            earned = sum(int(v[0]) for v in dims.values())
            Attempt.objects.create(
                paper=other if k == 1 else paper,
                member=m,
                org=m.org,
                status="submitted",
                source="online",
                started_at=at(day, 8 + k),
                submitted_at=at(day, 8 + k),
                dimension_scores=dims,
                score=earned,
                max_score=60,
            )
    for org in (tree.a, tree.a1):
        for period in (YEAR, (dt.date(2026, 3, 1), dt.date(2026, 8, 31))):
            scope = Scope(org, *period)
            assert _shares(scope) == _reference(scope)
    assert _shares(Scope(tree.a, *YEAR))[1] > 0  # enough assessed for a weighted figure


def test_no_assessment_no_figures(tree, paper):
    """Attempts on a paper no assessment uses are no evidence: every figure is 0."""
    attempt(paper, person(tree.a1g, born=dt.date(1990, 1, 1), male=True), 80)
    scope = Scope(tree.a, *YEAR)
    assert get("assessment.attempts").value(scope) == 0
    assert get("assessment.participants").value(scope) == 0
    assert _shares(scope) == (Decimal(0), Decimal(0))
