"""Classical item analysis of a response matrix: difficulty, corrected item–total
correlation, distractors, flags, and reliability (KR-20 / Cronbach's α) with an interval.

Pure Python on plain data (no database): the callers (kesu.assessment.items) read the
attempts and hand each person's per-item figures over. Checked against hand-worked examples
in tests/quiz/test_item_stats.py.

Definitions (n persons who were shown the item, k items):
- item score x: earned / full points of the item (0–1; 0 or 1 for a dichotomous item);
  "correct" means full points, as in the per-item correct rates;
- total: the sum of a person's item scores over the items shown to them;
- difficulty p: the share of persons who got the item correct;
- discrimination r: Pearson's correlation of x with (total − x) — the item left out of the
  total it is compared with, so it does not correlate with itself (point-biserial when x is
  0/1); None when either side does not vary;
- distractors: for each option, the share of persons who chose it and their mean total;
- α = k/(k−1) · (1 − Σ var(x_i) / var(total)) over persons shown all k items (population
  variances on both sides); with 0/1 items this is exactly KR-20 (var(x_i) = p_i(1 − p_i)).

Interval for α: Feldt's exact interval needs F-distribution quantiles, and the project has
no statistics library (scipy would add ~100 MB for one function). Instead Bonett's (2002)
normal approximation: ln(1 − α̂) is taken as normal with variance 2k / ((k − 1)(n − 2)), so
the bounds are 1 − (1 − α̂)·exp(±z·se) — close to Feldt's for n of a few dozen and more.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Z95 = 1.959963984540054
TOO_EASY = 0.90  # p above: 过易
TOO_HARD = 0.20  # p below: 过难
LOW_DISCRIMINATION = 0.20  # r below: 区分度低 (below 0: 区分度为负)

FLAG_LABELS = {
    "too_easy": "过易",
    "too_hard": "过难",
    "low_discrimination": "区分度低",
    "negative_discrimination": "区分度为负",
}


@dataclass(frozen=True)
class Answer:
    """One person's answer to one item."""

    score: float  # earned / full points, 0–1
    correct: bool
    chosen: tuple[int, ...] = ()  # canonical option indexes; empty: not answered


@dataclass(frozen=True)
class OptionStat:
    index: int
    chosen: int
    share: float | None
    mean_total: float | None  # mean total of those who chose it
    is_key: bool


@dataclass(frozen=True)
class ItemStat:
    question_id: int
    answered: int  # persons shown the item
    correct: int
    difficulty: float | None
    discrimination: float | None
    options: list[OptionStat]
    omitted: int  # shown but no option chosen
    flags: list[str] = field(default_factory=list)

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.flags]


@dataclass(frozen=True)
class Reliability:
    k: int
    n: int  # persons shown every item of the set
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    dichotomous: bool  # True: α is KR-20

    @property
    def coefficient_name(self) -> str:
        return "KR-20" if self.dichotomous else "克隆巴赫α系数"


def item_flags(p: float | None, r: float | None) -> list[str]:
    flags = []
    if p is not None and p > TOO_EASY:
        flags.append("too_easy")
    if p is not None and p < TOO_HARD:
        flags.append("too_hard")
    if r is not None and r < 0:
        flags.append("negative_discrimination")
    elif r is not None and r < LOW_DISCRIMINATION:
        flags.append("low_discrimination")
    return flags


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _variance(values: Sequence[float]) -> float:
    m = _mean(values)
    return sum((v - m) ** 2 for v in values) / len(values)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Correlation of two equally long series; None when fewer than 3 or one is constant."""
    if len(xs) < 3:
        return None
    mx, my = _mean(xs), _mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def analyse_items(
    people: Sequence[Mapping[int, Answer]],
    items: Sequence[tuple[int, int, Sequence[int]]],
) -> list[ItemStat]:
    """`people`: each person's answers by question id (only the items shown to them).
    `items`: (question id, number of options, key option indexes) in display order."""
    totals = [sum(a.score for a in person.values()) for person in people]
    out = []
    for qid, n_options, key in items:
        seen = [(person[qid], total) for person, total in zip(people, totals, strict=True)
                if qid in person]  # fmt: skip
        answered = len(seen)
        correct = sum(1 for a, _t in seen if a.correct)
        p = correct / answered if answered else None
        r = pearson([a.score for a, _t in seen], [t - a.score for a, t in seen])
        options = []
        for index in range(n_options):
            chose = [t for a, t in seen if index in a.chosen]
            options.append(OptionStat(
                index, len(chose), len(chose) / answered if answered else None,
                _mean(chose) if chose else None, index in key,
            ))  # fmt: skip
        omitted = sum(1 for a, _t in seen if not a.chosen)
        out.append(ItemStat(qid, answered, correct, p, r, options, omitted, item_flags(p, r)))
    return out


def reliability(people: Sequence[Mapping[int, Answer]], item_ids: Sequence[int],
                z: float = Z95) -> Reliability:  # fmt: skip
    """α (KR-20 for 0/1 items) over the persons shown every one of `item_ids`, with
    Bonett's interval (module docstring)."""
    rows = [[person[q].score for q in item_ids] for person in people
            if all(q in person for q in item_ids)]  # fmt: skip
    k, n = len(item_ids), len(rows)
    dichotomous = all(x in (0.0, 1.0) for row in rows for x in row)
    if k < 2 or n < 3:
        return Reliability(k, n, None, None, None, dichotomous)
    item_var = sum(_variance([row[i] for row in rows]) for i in range(k))
    total_var = _variance([sum(row) for row in rows])
    if total_var <= 1e-12:
        return Reliability(k, n, None, None, None, dichotomous)
    alpha = k / (k - 1) * (1 - item_var / total_var)
    low, high = alpha_interval(alpha, k, n, z)
    return Reliability(k, n, alpha, low, high, dichotomous)


def alpha_interval(alpha: float, k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Bonett's interval: 1 − (1 − α)·exp(±z·√(2k / ((k − 1)(n − 2)))); needs n > 2."""
    se = math.sqrt(2 * k / ((k - 1) * (n - 2)))
    return (1 - (1 - alpha) * math.exp(z * se), 1 - (1 - alpha) * math.exp(-z * se))
