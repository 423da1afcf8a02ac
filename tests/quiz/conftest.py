"""Quiz fixtures: a city bank with single, multiple and judge questions, and a linked member."""

from __future__ import annotations

import hashlib
import itertools
from types import SimpleNamespace

import pytest

from kesu.quiz.models import Paper, PaperItem, Question, QuestionBank

_family = itertools.count(1000)


def make_question(
    bank,
    qtype="single",
    *,
    answer=(0,),
    options=None,
    topic="安全",
    dimension="knowledge",
    stem=None,
    explanation="解析文字",
) -> Question:
    family = next(_family)
    if options is None:
        options = ["正确", "错误"] if qtype == "judge" else ["甲", "乙", "丙", "丁"]
    stem = stem or f"第{family}题题干"
    return Question.objects.create(
        bank=bank,
        family=family,
        type=qtype,
        stem=stem,
        options=list(options),
        answer=list(answer),
        explanation=explanation,
        topic=topic,
        dimension=dimension,
        stem_hash=hashlib.sha256(stem.encode()).hexdigest(),
    )


def make_paper(org, questions, **extra) -> Paper:
    defaults = {"title": "测试试卷", "status": Paper.Status.PUBLISHED, "shuffle_options": True}
    paper = Paper.objects.create(org=org, **{**defaults, **extra})
    for position, (question, points) in enumerate(questions, start=1):
        PaperItem.objects.create(paper=paper, question=question, points=points, position=position)
    return paper


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import cache

    from kesu.quiz.attempts import scoring

    scoring.clear_key_cache()
    cache.clear()
    yield
    scoring.clear_key_cache()


@pytest.fixture
def bank(tree):
    return QuestionBank.objects.create(org=tree.city, name="市级题库")


@pytest.fixture
def qs(bank):
    return SimpleNamespace(
        single=make_question(bank, "single", answer=[1]),
        multi=make_question(bank, "multiple", answer=[0, 2], dimension="method"),
        judge=make_question(bank, "judge", answer=[0], dimension="spirit"),
    )


@pytest.fixture
def member_user(users, members):
    user = users.member_a
    user.member = members.in_a
    user.save()
    return user


@pytest.fixture
def paper(tree, qs):
    from decimal import Decimal

    return make_paper(
        tree.a, [(qs.single, Decimal(2)), (qs.multi, Decimal(4)), (qs.judge, Decimal(2))]
    )
