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
from typing import NamedTuple

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


class Answer(NamedTuple):
    """One person's answer to one item (a tuple: a results page makes hundreds of thousands)."""

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


def _corr(n: int, sx: float, sy: float, sxx: float, syy: float, sxy: float) -> float | None:
    """Pearson's r from sums; None when fewer than 3 pairs or one side is constant."""
    if n < 3:
        return None
    vx, vy = n * sxx - sx * sx, n * syy - sy * sy
    if vx <= 1e-9 * max(1.0, n * sxx) or vy <= 1e-9 * max(1.0, n * syy):
        return None
    return (n * sxy - sx * sy) / math.sqrt(vx * vy)


def _item(
    qid: int,
    n_options: int,
    key: Sequence[int],
    people: Sequence[Mapping[int, Answer]],
    totals: Sequence[float],
) -> ItemStat:
    # One pass over the persons (a results page reads tens of thousands of them).
    n = correct = omitted = 0
    sx = sy = sxx = syy = sxy = 0.0
    counts, sums = [0] * n_options, [0.0] * n_options
    for person, total in zip(people, totals, strict=True):
        a = person.get(qid)
        if a is None:
            continue
        x = a.score
        y = total - x
        n += 1
        correct += a.correct
        sx, sy, sxx, syy, sxy = sx + x, sy + y, sxx + x * x, syy + y * y, sxy + x * y
        if not a.chosen:
            omitted += 1
        for c in a.chosen:
            if 0 <= c < n_options:
                counts[c] += 1
                sums[c] += total
    p = correct / n if n else None
    r = _corr(n, sx, sy, sxx, syy, sxy)
    options = [
        OptionStat(
            i,
            counts[i],
            counts[i] / n if n else None,
            sums[i] / counts[i] if counts[i] else None,
            i in key,
        )
        for i in range(n_options)
    ]
    return ItemStat(qid, n, correct, p, r, options, omitted, item_flags(p, r))


def analyse_items(
    people: Sequence[Mapping[int, Answer]],
    items: Sequence[tuple[int, int, Sequence[int]]],
) -> list[ItemStat]:
    """`people`: each person's answers by question id (only the items shown to them).
    `items`: (question id, number of options, key option indexes) in display order."""
    totals = [sum(a.score for a in person.values()) for person in people]
    return [_item(qid, n_options, key, people, totals) for qid, n_options, key in items]


def reliability(
    people: Sequence[Mapping[int, Answer]], item_ids: Sequence[int], z: float = Z95
) -> Reliability:
    """α (KR-20 for 0/1 items) over the persons shown every one of `item_ids`, with
    Bonett's interval (module docstring)."""
    k = len(item_ids)
    n = 0
    s, ss = [0.0] * k, [0.0] * k
    st = stt = 0.0
    dichotomous = True
    for person in people:
        try:
            row = [person[q].score for q in item_ids]
        except KeyError:
            continue  # not shown every item
        n += 1
        t = 0.0
        for i, x in enumerate(row):
            s[i] += x
            ss[i] += x * x
            t += x
            if dichotomous and x not in (0.0, 1.0):
                dichotomous = False
        st += t
        stt += t * t
    if k < 2 or n < 3:
        return Reliability(k, n, None, None, None, dichotomous)
    # population variances: Σx²/n − (Σx/n)²
    item_var = sum(ss[i] / n - (s[i] / n) ** 2 for i in range(k))
    total_var = stt / n - (st / n) ** 2
    if total_var <= 1e-12:
        return Reliability(k, n, None, None, None, dichotomous)
    alpha = k / (k - 1) * (1 - item_var / total_var)
    low, high = alpha_interval(alpha, k, n, z)
    return Reliability(k, n, alpha, low, high, dichotomous)


def alpha_interval(alpha: float, k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Bonett's interval: 1 − (1 − α)·exp(±z·√(2k / ((k − 1)(n − 2)))); needs n > 2."""
    se = math.sqrt(2 * k / ((k - 1) * (n - 2)))
    return (1 - (1 - alpha) * math.exp(z * se), 1 - (1 - alpha) * math.exp(-z * se))
