"""Item analysis of an assessment (题目分析): per question of its paper the difficulty,
the corrected item–total correlation, each option's share and the mean total of those who
chose it, with flags; and the reliability (KR-20 / α with an interval) of the whole paper
and of each dimension. Reads only; the statistics are kesu.quiz.item_stats.

The persons are the assessment's respondents in the scope (each member's latest attempt in
the period, as on the results page) whose attempt holds per-item results — attempts
imported as four dimension scores have none and are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from kesu.assessment import selectors
from kesu.assessment.models import LiteracyAssessment
from kesu.core.actors import Actor
from kesu.core.memo import remember
from kesu.orgs.models import Organization
from kesu.quiz.attempts.scoring import JUDGE_OPTIONS
from kesu.quiz.bank.validation import LETTERS
from kesu.quiz.item_stats import Answer, ItemStat, Reliability, analyse_items, reliability
from kesu.quiz.models import Attempt, Dimension, Paper, PaperItem, PaperRule, Question

DIMENSION_NAMES = {str(k): str(v) for k, v in Dimension.choices}


@dataclass(frozen=True)
class AnalysedItem:
    position: int
    question_id: int
    family: int
    stem: str
    type: str
    dimension: str
    option_labels: list[str]  # A. 文字 / 正确
    stat: ItemStat

    @property
    def dimension_name(self) -> str:
        return DIMENSION_NAMES.get(self.dimension, self.dimension or "—")


@dataclass(frozen=True)
class ReliabilityRow:
    key: str  # "paper" or a dimension code
    label: str
    value: Reliability


@dataclass(frozen=True)
class ItemAnalysis:
    assessment: LiteracyAssessment
    org: Organization
    date_from: dt.date
    date_to: dt.date
    persons: int  # respondents with per-item results
    fixed: bool  # a fixed paper: everyone saw the same items (reliability is defined)
    items: list[AnalysedItem]
    reliability: list[ReliabilityRow]


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is no number


Shown = list[tuple[str, int, float]]  # (results key, question id, full points) per item


def shown_items(points: dict[str, float]) -> Shown:
    return [(key, int(key), top) for key, top in points.items() if key.isdigit()]


def _grade(raw: Any, top: float) -> tuple[float, bool]:
    earned = _number(raw) or 0.0
    return (min(max(earned / top, 0.0), 1.0) if top > 0 else 0.0, earned > 0 and earned >= top)


def _picked(chosen: Any) -> tuple[int, ...]:
    if isinstance(chosen, list) and all(type(c) is int for c in chosen):
        return tuple(chosen)
    return ()


def person_answers(results: Any, answers: Any, shown: Shown, memo: dict) -> dict[int, Answer]:
    """One attempt's per-item answers. `memo` keeps conversions across attempts: tens of
    thousands of attempts repeat the same few earned points and option choices."""
    if not isinstance(results, dict):
        return {}
    if not isinstance(answers, dict):
        answers = {}
    out: dict[int, Answer] = {}
    for key, qid, top in shown:
        raw = results.get(key)
        if raw is None:
            continue
        chosen = answers.get(key)
        try:
            memo_key = (raw, top, tuple(chosen) if isinstance(chosen, list) else chosen)
            answer = memo.get(memo_key)
        except TypeError:  # something unhashable where a number or an index belongs
            memo_key, answer = None, None
        if answer is None:
            answer = Answer(*_grade(raw, top), _picked(chosen))
            if memo_key is not None:
                memo[memo_key] = answer
        out[qid] = answer
    return out


def _people(attempts: QuerySet[Attempt], fixed: dict[str, float]) -> list[dict[int, Answer]]:
    people = []
    memo: dict = {}
    pinned = shown_items(fixed)
    columns = ("results", "answers") if fixed else ("results", "answers", "layout")
    for row in attempts.values_list(*columns):
        if not row[0]:
            continue  # imported as dimension scores: no per-item results
        shown = pinned or shown_items(
            {
                str(e.get("q")): _number(e.get("points")) or 0.0
                for e in row[2] or []
                if isinstance(e, dict)
            }
        )
        answers = person_answers(row[0], row[1], shown, memo)
        if answers:
            people.append(answers)
    return people


def _option_labels(q: dict[str, Any]) -> list[str]:
    if q["type"] == "judge":
        return list(JUDGE_OPTIONS)
    return [
        f"{LETTERS[i] if i < len(LETTERS) else i + 1}. {text}"
        for i, text in enumerate(q["options"] or [])
    ]


def analyse_attempts(
    assessment: LiteracyAssessment, attempts: QuerySet[Attempt]
) -> tuple[list[AnalysedItem], list[ReliabilityRow], int, bool]:
    """Items (in paper order; a drawn paper's by question number) and reliability rows."""
    pinned = list(
        PaperItem.objects.filter(paper_id=assessment.paper_id).values_list("question_id", "points")
    )
    fixed = {str(q): float(p) for q, p in pinned}
    people = _people(attempts, fixed)
    order = [q for q, _p in pinned] or sorted({q for person in people for q in person})
    questions = {
        q["pk"]: q
        for q in Question.objects.filter(pk__in=order).values(
            "pk", "family", "stem", "type", "options", "answer", "dimension"
        )
    }
    order = [q for q in order if q in questions]
    stats = analyse_items(
        people,
        [
            (
                q,
                len(questions[q]["options"] or []) if questions[q]["type"] != "judge" else 2,
                [a for a in questions[q]["answer"] or [] if isinstance(a, int)],
            )
            for q in order
        ],
    )
    items = [
        AnalysedItem(
            n,
            q,
            questions[q]["family"],
            questions[q]["stem"],
            questions[q]["type"],
            questions[q]["dimension"],
            _option_labels(questions[q]),
            stat,
        )
        for n, (q, stat) in enumerate(zip(order, stats, strict=True), start=1)
    ]
    rows: list[ReliabilityRow] = []
    if pinned:
        rows.append(ReliabilityRow("paper", "全卷", reliability(people, order)))
        for code, name in DIMENSION_NAMES.items():
            ids = [i.question_id for i in items if i.dimension == code]
            if len(ids) >= 2:
                rows.append(ReliabilityRow(code, name, reliability(people, ids)))
    return items, rows, len(people), bool(pinned)


def item_analysis(
    assessment: LiteracyAssessment,
    *,
    org: Organization,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> ItemAnalysis:
    """The analysis for `org`'s part of the audience; `org` must already be checked against
    the caller's scope (selectors.results_org)."""
    date_from = date_from or assessment.period_start
    date_to = date_to or assessment.period_end
    attempts = selectors.latest_attempts(assessment, org, date_from, date_to)
    key = (
        "assessment.items",
        assessment.pk,
        org.pk,
        date_from,
        date_to,
        selectors.attempts_fingerprint(assessment),
    )
    items, rows, persons, fixed = remember(key, lambda: analyse_attempts(assessment, attempts))
    return ItemAnalysis(assessment, org, date_from, date_to, persons, fixed, items, rows)


# ---------------------------------------------------------------- the question page


@dataclass(frozen=True)
class QuestionUse:
    """How one question fared in one assessment (for the bank's question page)."""

    title: str
    url: str
    period: str
    answered: int
    difficulty: float | None
    discrimination: float | None
    flags: list[str]


USES_MAX = 10  # the latest assessments shown on a question page


def _may_draw(paper: Paper, question: Question) -> bool:
    """Whether a drawn paper's rules can draw the question (its own bank, type, topic…)."""
    for rule in PaperRule.objects.filter(paper=paper):
        if (
            rule.type == question.type
            and rule.bank_id in (None, question.bank_id)
            and rule.dimension in ("", question.dimension)
            and rule.topic in ("", question.topic)
        ):
            return True
    return False


def question_uses(*, user: Actor, question: Question) -> list[QuestionUse]:
    """The assessments visible to `user` whose paper used any version of `question`, with
    the item's figures and flags there (each for the user's default part of the audience)."""
    versions = Question.objects.filter(family=question.family).values_list("pk", flat=True)
    fixed_papers = PaperItem.objects.filter(question_id__in=versions).values_list("paper_id")
    candidates = selectors.assessment_list(user=user).filter(
        Q(paper_id__in=fixed_papers) | Q(paper__mode=Paper.Mode.RANDOM)
    )
    uses = []
    for a in candidates[:USES_MAX]:  # each is a full analysis (remembered): the latest few
        if a.paper.mode == Paper.Mode.RANDOM and not _may_draw(a.paper, question):
            continue
        org = selectors.results_org(user=user, assessment=a, code=None)
        for item in item_analysis(a, org=org).items:
            if item.family == question.family:
                s = item.stat
                uses.append(
                    QuestionUse(
                        a.title,
                        reverse("assessment:results", args=[a.pk]) + "#items-analysis",
                        f"{a.period_start:%Y-%m-%d} — {a.period_end:%Y-%m-%d}",
                        s.answered,
                        s.difficulty,
                        s.discrimination,
                        s.flag_labels,
                    )
                )
        if len(uses) >= USES_MAX:
            break
    return uses
