"""Item analysis on hand-worked response matrices (kesu.quiz.item_stats).

Matrix M (5 persons × 4 items, 1 = correct), totals on the right:
        i1 i2 i3 i4   total
    P1   1  1  1  1    4
    P2   1  1  1  0    3
    P3   1  1  0  0    2
    P4   1  0  1  0    2
    P5   0  0  0  0    0
p = .8, .6, .6, .2; item variances p(1−p) = .16, .24, .24, .16, Σ = .80.
Totals: mean 2.2, deviations 1.8, .8, −.2, −.2, −2.2, squares sum 8.8, variance 8.8/5 = 1.76.
KR-20 = 4/3 · (1 − .80/1.76) = 4/3 · .96/1.76 = 8/11 = .72727.

Corrected item–total r (the item against the total of the other three):
  i1: x = 1,1,1,1,0, rest = 3,2,1,1,0 (mean 1.4): cov = (.32+.12−.08−.08+1.12)/5 = .28,
      var x = .16, var rest = (2.56+.36+.16+.16+1.96)/5 = 1.04 → r = .28/√(.16·1.04) = .68641
  i2: x = 1,1,1,0,0, rest = 3,2,1,2,0 (mean 1.6): cov = (.56+.16−.24−.24+.96)/5 = .24,
      var x = .24, var rest = 1.04 → r = .24/√(.24·1.04) = .48038
  i3: x = 1,1,0,1,0, rest = 3,2,2,1,0: same sums → r = .48038
  i4: x = 1,0,0,0,0, rest = 3,3,2,2,0 (mean 2): cov = (.8−.2+0+0+.4)/5 = .2,
      var x = .16, var rest = 6/5 = 1.2 → r = .2/√(.16·1.2) = .45644
Bonett's interval, k = 4, n = 5: se = √(2·4/(3·3)) = .942809, 1.959964·se = 1.847872,
  e^1.847872 = 6.34629, e^−1.847872 = .157573:
  low = 1 − (3/11)·6.34629 = −.73081, high = 1 − (3/11)·.157573 = .95703.
"""

from __future__ import annotations

import pytest

from kesu.quiz.item_stats import Answer, alpha_interval, analyse_items, item_flags, reliability

M = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]]
# Item 2 is a single choice of four options, key A (0): P1–P3 chose A, P4 B, P5 C.
CHOSEN_2 = [(0,), (0,), (0,), (1,), (2,)]


def people(matrix, chosen=None):
    out = []
    for p, row in enumerate(matrix):
        answers = {}
        for i, x in enumerate(row, start=1):
            picked = chosen[p] if chosen and i == 2 else ((0,) if x else (1,))
            answers[i] = Answer(float(x), x == 1, picked)
        out.append(answers)
    return out


def items(k=4):
    return [(i, 4, [0]) for i in range(1, k + 1)]


def test_difficulty_discrimination_and_kr20_by_hand():
    stats = analyse_items(people(M), items())
    assert [s.difficulty for s in stats] == [0.8, 0.6, 0.6, 0.2]
    assert [s.correct for s in stats] == [4, 3, 3, 1] and all(s.answered == 5 for s in stats)
    expected = [0.68641, 0.48038, 0.48038, 0.45644]
    assert [round(s.discrimination, 5) for s in stats] == expected
    # p = .2 is not below .2, and every r is at least .2: no flag at the boundaries
    assert all(s.flags == [] for s in stats)
    rel = reliability(people(M), [1, 2, 3, 4])
    assert rel.k == 4 and rel.n == 5 and rel.dichotomous and rel.coefficient_name == "KR-20"
    assert rel.alpha == pytest.approx(8 / 11)
    assert rel.ci_low == pytest.approx(-0.73081, abs=1e-4)
    assert rel.ci_high == pytest.approx(0.95703, abs=1e-4)


def test_distractors_by_hand():
    """Item 2: A (key) 3/5 = 60 %, mean total (4+3+2)/3 = 3; B 20 %, P4's total 2; C 20 %,
    P5's total 0; D nobody (no mean)."""
    stat = analyse_items(people(M, CHOSEN_2), items())[1]
    shares = [(o.share, o.mean_total, o.is_key, o.chosen) for o in stat.options]
    assert shares == [
        (0.6, 3.0, True, 3),
        (0.2, 2.0, False, 1),
        (0.2, 0.0, False, 1),
        (0.0, None, False, 0),
    ]
    assert stat.omitted == 0


def test_flags_on_a_matrix_with_a_reversed_and_a_trivial_item():
    """4 persons: i1 = 1,1,0,0; i2 = 1,1,0,0; i3 = 0,0,0,1 (only the weakest right); i4 all
    right. i3 against the rest (2,2,0,0 plus the constant i4, which changes no correlation):
    cov = (−.25−.25+.25−.75)/4 = −.25, var x = .1875, var rest = 1 → r = −.57735, p = .25:
    区分度为负 only. i4: p = 1 → 过易, r undefined (x constant)."""
    m = [[1, 1, 0, 1], [1, 1, 0, 1], [0, 0, 0, 1], [0, 0, 1, 1]]
    stats = analyse_items(people(m), items())
    assert round(stats[2].discrimination, 5) == -0.57735
    assert stats[2].flags == ["negative_discrimination"]
    assert stats[2].flag_labels == ["区分度为负"]
    assert stats[3].difficulty == 1.0 and stats[3].discrimination is None
    assert stats[3].flag_labels == ["过易"]


@pytest.mark.parametrize(
    ("p", "r", "flags"),
    [
        (0.91, 0.5, ["too_easy"]),
        (0.90, 0.5, []),
        (0.19, 0.5, ["too_hard"]),
        (0.20, 0.5, []),
        (0.5, 0.19, ["low_discrimination"]),
        (0.5, 0.20, []),
        (0.5, -0.01, ["negative_discrimination"]),
        (0.95, -0.3, ["too_easy", "negative_discrimination"]),
        (None, None, []),
    ],
)
def test_flag_thresholds(p, r, flags):
    assert item_flags(p, r) == flags


def test_alpha_with_partial_credit_and_undefined_cases():
    """Scores in halves: rows (1, .5), (.5, .5), (0, 0). Item variances: i1 mean .5,
    (.25+0+.25)/3 = 1/6; i2 mean 1/3, (1/36+1/36+4/36)/3 = 1/18. Totals 1.5, 1, 0: mean 5/6,
    variance (4/9+1/36+25/36)/3 = (16+1+25)/108 = 7/18. α = 2·(1 − (1/6+1/18)/(7/18))
    = 2·(1 − 4/7) = 6/7."""
    rows = [
        {1: Answer(1.0, True), 2: Answer(0.5, False)},
        {1: Answer(0.5, False), 2: Answer(0.5, False)},
        {1: Answer(0.0, False), 2: Answer(0.0, False)},
    ]
    rel = reliability(rows, [1, 2])
    assert rel.alpha == pytest.approx(6 / 7) and not rel.dichotomous
    assert rel.coefficient_name == "克隆巴赫α系数"
    assert reliability(rows[:2], [1, 2]).alpha is None  # n = 2: no interval, no figure
    assert reliability(rows, [1]).alpha is None  # one item
    # a person not shown item 2 is left out of the matrix
    assert reliability([*rows, {1: Answer(1.0, True)}], [1, 2]).n == 3
    low, high = alpha_interval(0.8, 10, 102)  # se = √(20/900) = .149071; e^±.292176
    assert (round(low, 4), round(high, 4)) == (
        round(1 - 0.2 * 1.339331, 4),
        round(1 - 0.2 / 1.339331, 4),
    )
