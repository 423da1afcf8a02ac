"""An attempt as the API shows it (AttemptOut, kesu.quiz.api.attempt_out): the fields around
its questions, and for an attempt in progress the whole answer written as JSON straight
from the prepared displays (kesu.quiz.papers.prepared.shown_encoded).

The start lane answers every start and most fetches with an attempt in progress: nothing
there depends on answer keys or results, and the questions' texts are the same for every
member, so they are written once per process as JSON (for each display stamp: an edit on any
node is shown at once, see kesu.quiz.papers.prepared) and only the orders (the layout's
`perm`) and numbers are filled in per attempt. The head goes through the API's own
renderer; the bytes are those of the endpoint (tests/quiz/test_start_lane.py compares them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from kesu.quiz.attempts import services as attempts
from kesu.quiz.models import Attempt
from kesu.quiz.papers import prepared

LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ORDERS_KEPT = 120  # option orders kept per question (every order of five options)
_points = lru_cache(maxsize=256)(prepared.encoded)  # a paper's few point values


def attempt_fields(attempt: Attempt, now: dt.datetime) -> dict[str, Any]:
    """AttemptOut's fields before `questions`, in the schema's order and types."""
    remaining = None
    if attempt.status == Attempt.Status.IN_PROGRESS and attempt.deadline:
        remaining = max(0, int((attempt.deadline - now).total_seconds()))
    return {
        "id": attempt.pk,
        "paper": attempt.paper_id,
        "paper_title": attempt.paper.title,
        "status": str(attempt.status),
        "source": str(attempt.source),
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "remaining_seconds": remaining,
        "submitted_at": attempt.submitted_at,
        "duration_seconds": attempt.duration_seconds,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "correct_count": attempt.correct_count,
        "item_count": attempt.item_count,
        "passed": attempt.passed,
        "dimension_scores": attempt.dimension_scores,
        "answers": attempts.answers_shown(attempt),
    }


def in_progress_json(
    attempt: Attempt, now: dt.datetime, render: Callable[[dict[str, Any]], str], stamp: float
) -> str | None:
    """AttemptOut of an attempt in progress as the API's JSON, `render` writing the head (the
    API's renderer), its questions as of the display stamp `stamp`; None for any other
    attempt (its answer shows scores and maybe keys)."""
    if attempt.status != Attempt.Status.IN_PROGRESS or len(LABELS) < max(
        (len(item["perm"]) for item in attempt.layout), default=0
    ):
        return None
    head = render(attempt_fields(attempt, now))
    texts = prepared.shown_encoded([int(item["q"]) for item in attempt.layout], stamp)
    questions = []
    for n, item in enumerate(attempt.layout, start=1):
        qid = int(item["q"])
        q = texts[qid]
        order = tuple(item["perm"])
        options = q.orders.get(order)
        if options is None:  # a few orders per question: each written once per process
            options = ", ".join(
                f'{{"position": {p}, "label": "{LABELS[p]}", "text": {q.options[c]}}}'
                for p, c in enumerate(order)
            )
            if len(q.orders) < ORDERS_KEPT:
                q.orders[order] = options
        questions.append(
            f'{{"id": {qid}, "n": {n}, "type": {q.type}, "stem": {q.stem}, '
            f'"points": {_points(item["points"])}, "options": [{options}], '
            '"earned": null, "correct": null, "explanation": null}'
        )
    return f'{head[:-1]}, "questions": [{", ".join(questions)}]}}'
