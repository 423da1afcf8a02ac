"""Fixtures for the question-bank tests (imported by tests/quiz/test_bank*.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone

from kesu.accounts.services import token_create
from kesu.quiz.bank import services as svc
from kesu.quiz.models import Attempt, Paper
from tests.api.conftest import ApiClient


def single(stem="我国的火警报警电话是多少？", **extra):
    return {
        "type": "single",
        "stem": stem,
        "options": ["110", "119", "120"],
        "answer": "B",
        "dimension": "knowledge",
        "topic": "应急避险",
        "explanation": "119是火警。",
        **extra,
    }


@pytest.fixture(name="api_as")
def api_as_fixture(users):
    """api_as("admin_a") -> an API client with a fresh token of that user."""

    def make(username: str) -> ApiClient:
        _, plain = token_create(user=getattr(users, username), name="test")
        return ApiClient(plain)

    return make


@pytest.fixture(name="banks")
def banks_fixture(tree, users):
    city = svc.bank_create(actor=users.root, org=tree.city, data={"name": "市级题库"})
    a = svc.bank_create(actor=users.root, org=tree.a, data={"name": "西湖区题库"})
    b = svc.bank_create(actor=users.root, org=tree.b, data={"name": "滨江区题库"})
    q_city = svc.question_create(actor=users.root, bank=city, data=single()).question
    q_a = svc.question_create(
        actor=users.root,
        bank=a,
        data={
            "type": "judge",
            "stem": "声音不能在真空中传播。",
            "answer": "对",
            "dimension": "knowledge",
            "topic": "科技知识",
        },
    ).question
    q_b = svc.question_create(
        actor=users.root,
        bank=b,
        data={
            "type": "multiple",
            "stem": "下列属于可再生能源的有哪些？",
            "options": ["太阳能", "风能", "煤炭"],
            "answer": "AB",
            "dimension": "knowledge",
            "topic": "环境保护",
        },
    ).question
    return SimpleNamespace(city=city, a=a, b=b, q_city=q_city, q_a=q_a, q_b=q_b)


def attempt_seeing(question, org, member, *, answered: bool = False) -> Attempt:
    """An attempt whose layout shows `question` (and whose answers include it if answered)."""
    paper = Paper.objects.create(org=org, title="随机卷", mode=Paper.Mode.RANDOM)
    now = timezone.now()
    return Attempt.objects.create(
        paper=paper,
        member=member,
        org=org,
        started_at=now,
        layout=[
            {"q": question.pk + 1000, "perm": [0, 1], "points": "1"},
            {"q": question.pk, "perm": [2, 0, 1], "points": "2"},
        ],
        answers={str(question.pk): [1]} if answered else {},
    )
