"""Contest fixtures: a district contest (HZ-A) on its own paper, attempts made with the ORM."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from kesu.contests.models import Contest
from kesu.quiz.models import Attempt, Paper
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)

SH = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 5, 1, 9, 0, tzinfo=SH)
END = dt.datetime(2026, 5, 31, 18, 0, tzinfo=SH)
_seq = itertools.count(1)


def make_paper(org, purpose=Paper.Purpose.CONTEST, **extra) -> Paper:
    return Paper.objects.create(
        org=org,
        title=extra.pop("title", f"竞赛试卷{next(_seq)}"),
        purpose=purpose,
        status=Paper.Status.PUBLISHED,
        **extra,
    )


def make_contest(org, paper=None, **extra) -> Contest:
    data = {
        "title": "西湖区职工科普知识竞赛",
        "starts_at": START,
        "ends_at": END,
        "status": Contest.Status.PUBLISHED,
        **extra,
    }
    return Contest.objects.create(org=org, paper=paper or make_paper(org), **data)


def make_attempt(
    paper,
    member,
    score,
    *,
    duration=300,
    at=None,
    max_score=100,
    org=None,
    status=Attempt.Status.SUBMITTED,
) -> Attempt:
    at = at or START + dt.timedelta(days=1)
    return Attempt.objects.create(
        paper=paper,
        member=member,
        org=org or member.org,
        status=status,
        started_at=at - dt.timedelta(seconds=duration or 0),
        submitted_at=at,
        duration_seconds=duration,
        score=Decimal(score),
        max_score=Decimal(max_score),
    )


@pytest.fixture
def contest(tree):
    return make_contest(tree.a)
