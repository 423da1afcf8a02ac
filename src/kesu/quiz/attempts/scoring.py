"""Deterministic server-side scoring of an attempt.

Every figure is a Decimal computed from the attempt's `layout` (questions and points as
drawn), its `answers` (canonical option indexes) and the answer keys of the questions it
points at. Stored shapes (JSON on Attempt):

- `results`: {"<question id>": "<earned points>"} — Decimal strings such as "1.50";
- `dimension_scores`: {"<dimension>": ["<earned>", "<possible>"]} — Decimal strings, so a
  literacy scheme (kesu.assessment) can weight them without float rounding.

Multiple-choice rules (Paper.multiple_rule):
- all: full points only for exactly the correct set;
- partial: full points for the correct set; half points for a non-empty proper subset of it
  (少选); nothing as soon as one wrong option is chosen;
- per_option: points × chosen correct / all correct for a subset; nothing with a wrong option.
Earned points are rounded half-up to 0.01.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from kesu.quiz.models import Paper, Question, QuestionType

CENT = Decimal("0.01")
JUDGE_OPTIONS = ["正确", "错误"]
_KEY_TTL_SECONDS = 60.0


@dataclass(frozen=True)
class AnswerKey:
    """What scoring needs of one question (a question version never changes its key once
    answered; the cache below keeps keys for a minute)."""

    id: int
    type: str
    correct: frozenset[int]
    option_count: int
    dimension: str


def option_texts(question: Question) -> list[str]:
    if question.type == QuestionType.JUDGE and not question.options:
        return list(JUDGE_OPTIONS)
    return [str(o) for o in question.options]


def key_of(question: Question) -> AnswerKey:
    return AnswerKey(
        id=question.pk,
        type=question.type,
        correct=frozenset(int(i) for i in question.answer or []),
        option_count=len(option_texts(question)),
        dimension=question.dimension or "",
    )


_cache: dict[int, tuple[float, AnswerKey]] = {}


def answer_keys(question_ids: Iterable[int]) -> dict[int, AnswerKey]:
    """Answer keys by id: from a per-process cache, the missing ones in one query."""
    now = time.monotonic()
    found: dict[int, AnswerKey] = {}
    missing: list[int] = []
    for qid in question_ids:
        hit = _cache.get(qid)
        if hit is not None and now - hit[0] < _KEY_TTL_SECONDS:
            found[qid] = hit[1]
        else:
            missing.append(qid)
    if missing:
        fields = ("id", "type", "answer", "options", "dimension")
        for question in Question.objects.filter(pk__in=missing).only(*fields):
            key = key_of(question)
            _cache[question.pk] = (now, key)
            found[question.pk] = key
    return found


def clear_key_cache() -> None:
    _cache.clear()


# Zero and the plain values of the choices, for the per-item loop of every submission.
_ZERO = Decimal(0)
_MULTIPLE = QuestionType.MULTIPLE.value
_PARTIAL = Paper.MultipleRule.PARTIAL.value
_PER_OPTION = Paper.MultipleRule.PER_OPTION.value


def score_item(
    key: AnswerKey, chosen: Iterable[int], points: Decimal, multiple_rule: str
) -> Decimal:
    chosen_set = frozenset(chosen)
    if not chosen_set:
        return _ZERO
    if chosen_set == key.correct:
        return points
    if key.type != _MULTIPLE or not chosen_set <= key.correct or not key.correct:
        return _ZERO
    if multiple_rule == _PARTIAL:
        return (points / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    if multiple_rule == _PER_OPTION:
        share = points * len(chosen_set) / len(key.correct)
        return share.quantize(CENT, rounding=ROUND_HALF_UP)
    return _ZERO


@dataclass
class ScoreResult:
    results: dict[str, str] = field(default_factory=dict)
    score: Decimal = Decimal(0)
    max_score: Decimal = Decimal(0)
    correct_count: int = 0
    item_count: int = 0
    dimension_scores: dict[str, list[str]] = field(default_factory=dict)
    passed: bool | None = None

    def as_fields(self) -> dict:
        return {
            "results": self.results,
            "score": self.score,
            "max_score": self.max_score,
            "correct_count": self.correct_count,
            "item_count": self.item_count,
            "dimension_scores": self.dimension_scores,
            "passed": self.passed,
        }


def score_attempt(
    *,
    layout: list[dict],
    answers: Mapping[str, list[int]],
    keys: Mapping[int, AnswerKey],
    multiple_rule: str,
    pass_mark: Decimal | None,
) -> ScoreResult:
    # Sums in locals, points and cents strings from small caches: this runs on every
    # contest submission (bench/contest_submit.py).
    results: dict[str, str] = {}
    score = max_score = _ZERO
    correct_count = 0
    dims: dict[str, list[Decimal]] = {}
    for item in layout:
        qid = int(item["q"])
        key = keys[qid]
        points = _points(str(item.get("points", "1")))
        qkey = str(qid)
        earned = score_item(key, answers.get(qkey, ()), points, multiple_rule)
        results[qkey] = _cents(earned)
        score += earned
        max_score += points
        if earned == points and points > 0:
            correct_count += 1
        if key.dimension:
            pair = dims.setdefault(key.dimension, [_ZERO, _ZERO])
            pair[0] += earned
            pair[1] += points
    score, max_score = score.quantize(CENT), max_score.quantize(CENT)
    return ScoreResult(
        results=results,
        score=score,
        max_score=max_score,
        correct_count=correct_count,
        item_count=len(layout),
        dimension_scores={d: [_cents(e), _cents(p)] for d, (e, p) in sorted(dims.items())},
        passed=None if pass_mark is None else score >= pass_mark,
    )


@lru_cache(maxsize=256)
def _points(text: str) -> Decimal:
    return Decimal(text)


@lru_cache(maxsize=4096)
def _cents(value: Decimal) -> str:
    return str(value.quantize(CENT))
