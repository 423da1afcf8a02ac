"""The demo's assessment papers and their simulated answers. `demo_questions` picks 30 items
of the city's starter bank (the NSF items among them) by dimension; `demo_paper` makes a
fixed paper of them, 2 points each. Answers:  each member has a latent ability θ (higher
with schooling, a little lower with age past 35, spread N(0, 0.8)), and each item answers
the three-parameter logistic model P(right) = c + (1 − c) / (1 + e^(−1.7·a·(θ − b))) with
guessing c = 0.2, discrimination a and difficulty b drawn per item from the demo's seed. So
the items discriminate as in a real survey (corrected item–total r mostly 0.3–0.55), and
one item in twenty is made to behave badly (a negative or a near-zero a), as a miskeyed or
ambiguous question would, so the item analysis has something to flag.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from kesu.quiz.models import Attempt, Paper, PaperItem, Question

POINTS = 2  # per item
PER_DIMENSION = {"knowledge": 12, "method": 6, "spirit": 6, "application": 6}
GUESS = 0.2
# Mean ability by the roster's education code ("" not filled in).
MEAN_ABILITY = {
    "primary": -1.3,
    "junior": -0.8,
    "senior": -0.2,
    "college": 0.3,
    "bachelor": 0.7,
    "master": 1.0,
    "doctor": 1.2,
    "": -0.5,
}


def demo_questions(city_id: int) -> list[Question]:
    qs = Question.objects.filter(bank__org_id=city_id, is_current=True, status="active")
    chosen: list[Question] = list(qs.exclude(intl_code="").order_by("family"))
    for dim, count in PER_DIMENSION.items():
        have = sum(1 for q in chosen if q.dimension == dim)
        more = qs.filter(dimension=dim, intl_code="").order_by("family")[: max(0, count - have)]
        chosen.extend(more)
    return chosen


def demo_paper(org_id: int, questions: list[Question], title: str) -> Paper:
    paper = Paper.objects.create(
        org_id=org_id,
        title=title,
        purpose=Paper.Purpose.ASSESSMENT,
        mode=Paper.Mode.FIXED,
        status=Paper.Status.PUBLISHED,
        shuffle_options=False,
        description="按全国公民科学素质调查的四个维度组卷（演示）。",
    )
    PaperItem.objects.bulk_create(
        PaperItem(paper=paper, question=q, points=POINTS, position=i)
        for i, q in enumerate(questions)
    )
    return paper


@dataclass(frozen=True)
class DemoItem:
    qid: str
    dimension: str
    answer: list[int]
    wrong: list[int]
    a: float  # discrimination
    b: float  # difficulty


def demo_items(questions: list[Question], rng: random.Random) -> list[DemoItem]:
    out = []
    for i, q in enumerate(questions):
        a, b = rng.uniform(0.7, 1.8), rng.gauss(-0.2, 0.9)
        if i % 20 == 7:
            a = -0.3  # reads as if miskeyed: the able get it wrong more often
        elif i % 20 == 15:
            a = 0.15  # hardly related to ability
        n = len(q.options) or 2
        out.append(
            DemoItem(
                str(q.pk),
                q.dimension,
                list(q.answer),
                [k for k in range(n) if k not in q.answer],
                a,
                b,
            )
        )
    return out


def ability(education: str, age: int, rng: random.Random, shift: float = 0.0) -> float:
    return MEAN_ABILITY.get(education, -0.5) - 0.02 * max(0, age - 35) + rng.gauss(0, 0.8) + shift


def layout_for(questions: list[Question]) -> list[dict]:
    return [
        {"q": q.pk, "perm": list(range(len(q.options) or 2)), "points": str(Decimal(POINTS))}
        for q in questions
    ]


def simulated_attempt(
    *,
    paper_id: int,
    member_id: int,
    org_id: int,
    at: dt.datetime,
    theta: float,
    items: list[DemoItem],
    layout: list[dict],
    rng: random.Random,
    picks: random.Random,
) -> Attempt:
    """A submitted attempt of a member of ability `theta` (wrong answers pick a wrong option,
    a few leave the item blank, drawn from `picks` so the right/wrong stream stays as it was)."""
    results, answers, dims = {}, {}, {}
    for it in items:
        p = GUESS + (1 - GUESS) / (1 + math.exp(-1.7 * it.a * (theta - it.b)))
        right = rng.random() < p
        results[it.qid] = str(POINTS) if right else "0"
        blank = not it.wrong or picks.random() < 0.05
        answers[it.qid] = it.answer if right else [] if blank else [picks.choice(it.wrong)]
        pair = dims.setdefault(it.dimension, [0, 0])
        pair[0] += POINTS if right else 0
        pair[1] += POINTS
    score = sum(p[0] for p in dims.values())
    return Attempt(
        paper_id=paper_id,
        member_id=member_id,
        org_id=org_id,
        status="submitted",
        source="online",
        started_at=at - dt.timedelta(minutes=12),
        submitted_at=at,
        duration_seconds=720,
        layout=layout,
        answers=answers,
        results=results,
        score=score,
        max_score=POINTS * len(items),
        item_count=len(items),
        correct_count=score // POINTS,
        dimension_scores={d: [str(e), str(p)] for d, (e, p) in dims.items()},
    )
