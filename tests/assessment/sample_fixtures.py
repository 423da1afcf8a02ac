"""A roster for the sampling tests, and helpers.

HZ-A's roster (aged at the assessment's end, 2026-06-30):
  HZ-A-1 subtree (the township and its union HZ-A-1-01): 20 men born 1990 (bachelor, 30–39)
                                                           + 10 women born 1970 (junior, 50–59)
  HZ-A itself (本级):                                     10 women born 1970 (junior)
  not in the frame: a 14-year-old in HZ-A-1-01 and a member who left (withdrawn).
Strata by unit: HZ-A-1 → 30, HZ-A (本级) → 10; 40 in the frame.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from kesu.assessment.models import LiteracyAssessment, SampleMember
from tests.assessment.conftest import attempt, person


@pytest.fixture
def roster(tree):
    men = [
        person(tree.a1g, born=dt.date(1990, 5, 1), male=True, education="bachelor")
        for _ in range(20)
    ]
    women = [
        person(tree.a1, born=dt.date(1970, 5, 1), male=False, education="junior") for _ in range(10)
    ]
    own = [
        person(tree.a, born=dt.date(1970, 5, 1), male=False, education="junior") for _ in range(10)
    ]
    person(tree.a1g, born=dt.date(2012, 1, 1), male=True)
    gone = person(tree.a1g, born=dt.date(1985, 1, 1), male=True)
    gone.status = "withdrawn"
    gone.save(update_fields=["status"])
    return SimpleNamespace(
        men=men, women=women, own=own, township=tree.a1.path, district=tree.a.path
    )


def sampled(design, stratum: str, status: str = SampleMember.Status.SAMPLED):
    return list(
        design.members.filter(stratum=stratum, status=status)
        .select_related("member")
        .order_by("position")
    )


def answer(a: LiteracyAssessment, sm: SampleMember, pct: int) -> None:
    attempt(a.paper, sm.member, pct, day=dt.date(2026, 4, 2))
