"""The member's archive shows the tier and the conclusion (具备/不具备科学素质) for each year
they took an assessment; a re-sit in the same year replaces the earlier result."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.archive.selectors import member_timeline
from kesu.assessment.models import LiteracyAssessment
from kesu.quiz.models import Paper
from tests.assessment.conftest import attempt

pytestmark = pytest.mark.django_db


def _assessments(years):
    return [(y.year, e.figures) for y in years for e in y.entries if e.kind == "assessment"]


def test_tier_and_conclusion_per_year(tree, national, assessment, sample):
    young, _women = sample  # 2026: young[0] 75 (具备科学素质), young[9] 60 (基本具备)
    paper = Paper.objects.create(org=tree.a, title="2025年测评卷", purpose="assessment")
    LiteracyAssessment.objects.create(
        org=tree.a,
        title="2025年测评",
        paper=paper,
        scheme=national,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    attempt(paper, young[0], 50, day=dt.date(2025, 5, 1))
    rows = _assessments(member_timeline(young[0]))
    assert rows == [
        (2026, {"得分": "75.00", "等级": "具备科学素质", "结论": "具备科学素质"}),
        (2025, {"得分": "50.00", "等级": "科学素质较低", "结论": "不具备科学素质"}),
    ]
    attempt(assessment.paper, young[9], 86, day=dt.date(2026, 5, 2))  # re-sat in 2026
    rows = _assessments(member_timeline(young[9]))
    assert rows[0] == (2026, {"得分": "86.00", "等级": "具备高阶科学素质", "结论": "具备科学素质"})
    assert rows[1][1]["结论"] == "不具备科学素质"
    assert rows[1][1]["说明"] == "已重测，以本年最近一次为准"
