"""Fixtures for 科学素质测评: an assessment paper of HZ-A, the shipped schemes, and a helper
writing submitted attempts with the ORM (as H1's scoring would)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kesu.assessment.models import LiteracyAssessment, LiteracyScheme
from kesu.quiz.models import Attempt, Paper

PERIOD = (dt.date(2026, 3, 1), dt.date(2026, 6, 30))


@pytest.fixture
def national(db):
    return LiteracyScheme.objects.get(code="national-2022")


@pytest.fixture
def benchmark_scheme(db):
    return LiteracyScheme.objects.get(code="benchmark-50")


@pytest.fixture
def paper(tree):
    return Paper.objects.create(org=tree.a, title="职工科学素质测评卷", purpose="assessment")


@pytest.fixture
def assessment(tree, paper, national):
    return LiteracyAssessment.objects.create(
        org=tree.a, title="2026年西湖区职工科学素质测评", paper=paper, scheme=national,
        period_start=PERIOD[0], period_end=PERIOD[1],
    )  # fmt: skip


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def attempt(paper, member, pct, *, day=dt.date(2026, 4, 1), hour=10, **extra) -> Attempt:
    """A submitted attempt whose four dimensions all score `pct` percent."""
    p = Decimal(str(pct))
    dims = {d: [str(p), "100"] for d in ("knowledge", "method", "spirit", "application")}
    return Attempt.objects.create(
        paper=paper, member=member, org=member.org, status="submitted", source="online",
        started_at=at(day, hour), submitted_at=at(day, hour), dimension_scores=dims,
        score=p * 4, max_score=400, **extra,
    )  # fmt: skip
