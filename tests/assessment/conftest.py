"""Fixtures for 科学素质测评: an assessment paper of HZ-A, the shipped schemes, and a helper
writing submitted attempts with the ORM (as H1's scoring would)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.assessment.schemes import ensure_builtin
from kesu.quiz.models import Attempt, Paper

PERIOD = (dt.date(2026, 3, 1), dt.date(2026, 6, 30))


@pytest.fixture
def national(db):
    ensure_builtin()
    return LiteracyScheme.objects.get(code="national-2022")


@pytest.fixture
def benchmark_scheme(db):
    ensure_builtin()
    return LiteracyScheme.objects.get(code="benchmark-50")


@pytest.fixture
def paper(tree):
    return Paper.objects.create(org=tree.a, title="职工科学素质测评卷", purpose="assessment")


@pytest.fixture
def assessment(tree, paper, national):
    return LiteracyAssessment.objects.create(
        org=tree.a,
        title="2026年西湖区职工科学素质测评",
        paper=paper,
        scheme=national,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
    )


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def attempt(paper, member, pct, *, day=dt.date(2026, 4, 1), hour=10, **extra) -> Attempt:
    """A submitted attempt whose four dimensions all score `pct` percent."""
    p = Decimal(str(pct))
    dims = {d: [str(p), "100"] for d in ("knowledge", "method", "spirit", "application")}
    return Attempt.objects.create(
        paper=paper,
        member=member,
        org=member.org,
        status="submitted",
        source="online",
        started_at=at(day, hour),
        submitted_at=at(day, hour),
        dimension_scores=dims,
        score=p * 4,
        max_score=400,
        **extra,
    )


def person(org, *, born: dt.date, male: bool, education: str = "", migrant: bool = False):
    from tests.factories import make_member, new_id_number

    return make_member(
        org,
        id_number=new_id_number(born, male=male),
        education=education,
        is_migrant_worker=migrant,
    )


@pytest.fixture
def sample(tree, paper):
    """Roster of HZ-A: 10 young male graduates (HZ-A-1-01, migrant none) and 20 women in their
    fifties with junior schooling (HZ-A itself, migrant workers). All 10 young men and 5 of the
    women are assessed: the young are over-sampled.
      young: 8 at 75 (具备), 2 at 60 (基本具备)      women: 1 at 90 (高阶), 4 at 50 (较低)
    Post-stratified weights: young 10/10 = 1, women 20/5 = 4.
      raw 9/15 = 60%; weighted (8×1 + 1×4) / (10×1 + 5×4) = 12/30 = 40%;
      n_eff = 30² / (10×1² + 5×4²) = 900/90 = 10."""
    young = [
        person(tree.a1g, born=dt.date(2000, 1, 1), male=True, education="bachelor")
        for _ in range(10)
    ]
    women = [
        person(tree.a, born=dt.date(1970, 1, 1), male=False, education="junior", migrant=True)
        for _ in range(20)
    ]
    for i, m in enumerate(young):
        attempt(paper, m, 75 if i < 8 else 60)
    for i, m in enumerate(women[:5]):
        attempt(paper, m, 90 if i == 0 else 50)
    return young, women


# the roster of the sampling tests (defined beside its helpers)
from tests.assessment.sample_fixtures import roster  # noqa: E402, F401
