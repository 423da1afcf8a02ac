"""The demo step writes published papers and scored attempts, deterministically."""

from __future__ import annotations

import io

import pytest

from kesu.demo.services import demo_generate
from kesu.quiz.attempts import scoring
from kesu.quiz.models import Attempt, Paper

pytestmark = pytest.mark.django_db(transaction=True)


def test_small_demo_has_papers_and_scored_attempts():
    result = demo_generate(scale="small", seed=7, stdout=io.StringIO())
    assert result.counts["papers"] == 2 and result.counts["quiz_attempts"] > 0
    practice = Paper.objects.get(title="职工科学素质每日一练")
    assert practice.mode == "random" and practice.rules.count() == 3
    rows = list(Attempt.objects.filter(paper__in=Paper.objects.filter(purpose="practice"))[:50])
    keys = scoring.answer_keys({int(i["q"]) for a in rows for i in a.layout})
    for a in rows:
        paper = a.paper
        again = scoring.score_attempt(
            layout=a.layout,
            answers=a.answers,
            keys=keys,
            multiple_rule=paper.multiple_rule,
            pass_mark=paper.pass_mark,
        )
        assert again.score == a.score and again.dimension_scores == a.dimension_scores
