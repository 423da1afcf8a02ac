"""Where a question was used, as told by the apps that use papers (the assessment app's
item analysis): they register a provider here in their AppConfig.ready(), so the question
page can show it without the quiz app importing the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kesu.core.actors import Actor
from kesu.quiz.models import Question

Provider = Callable[..., list[Any]]
_providers: list[Provider] = []


def register_usage(provider: Provider) -> None:
    """`provider(user=…, question=…)` returns rows with title, url, period, answered,
    difficulty, discrimination (fractions or None) and flags (Chinese labels)."""
    if provider not in _providers:
        _providers.append(provider)


def question_usage(*, user: Actor, question: Question) -> list[Any]:
    rows: list[Any] = []
    for provider in _providers:
        rows.extend(provider(user=user, question=question))
    return rows
