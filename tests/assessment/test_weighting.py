"""Weighting against hand-worked examples (numbers worked out on paper, written below)."""

import math

import pytest

from kesu.assessment.weighting import (
    collapse_cells,
    estimate,
    kish_n_eff,
    merge_ordered,
    poststratify,
    rake,
    wilson,
)

A = ("M", "18-29", "bachelor_plus")
B = ("F", "50-59", "junior")


def test_wilson_known_values():
    low, high = wilson(0.5, 100)
    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    low, high = wilson(0.0, 10)
    assert low == 0.0 and round(high, 4) == 0.2775


def test_poststratification_hand_worked_example():
    """Roster: 200 young male graduates (A), 800 older women with junior schooling (B).
    Assessed: 8 in A (6 literate), 5 in B (1 literate): the young are over-sampled.
      weights     A: 200/8 = 25         B: 800/5 = 160
      raw share   7/13 = 0.5385
      weighted    (6×25 + 1×160) / (8×25 + 5×160) = 310/1000 = 0.31
      n_eff       1000² / (8×25² + 5×160²) = 1,000,000 / 133,000 = 7.5188
      Wilson 95%  at p = 0.31, n = 7.5188: centre 0.3742, half-width 0.2765
                  → [0.0977, 0.6508]
    """
    cells = [A] * 8 + [B] * 5
    literate = [True] * 6 + [False] * 2 + [True] + [False] * 4
    w = poststratify(cells, {A: 200, B: 800}, min_cell=5)
    assert w.weights == [25.0] * 8 + [160.0] * 5
    assert w.covered_population == 1000 and not w.dropped
    est = estimate(literate, w.weights, min_n=10)
    assert est.n == 13 and est.literate == 7
    assert round(est.raw_share, 4) == 0.5385
    assert est.weighted_share == pytest.approx(0.31)
    assert est.n_eff == pytest.approx(1_000_000 / 133_000)
    assert round(est.ci_low, 4) == 0.0977 and round(est.ci_high, 4) == 0.6508
    assert kish_n_eff([1.0] * 13) == pytest.approx(13)


def test_refusal_below_minimum():
    est = estimate([True] * 10, [1.0] * 10, min_n=30)
    assert est.refused and est.weighted_share is None and est.ci_low is None
    assert est.raw_share == 1.0 and est.n == 10


def test_merge_ordered_rule():
    counts = {"a": 0, "b": 2, "c": 10, "d": 6, "e": 0, "f": 0}

    def n(keys):
        return sum(counts[k] for k in keys)

    groups = merge_ordered([[k] for k in "abcdef"], n, lambda ks: n(ks) < 5)
    assert groups == [["a", "b", "c"], ["d", "e", "f"]]


def test_cell_collapsing_education_then_age_then_gender():
    pop = {
        ("M", "30-39", "junior"): 100,
        ("M", "30-39", "senior"): 300,
        ("M", "30-39", "college"): 50,
        ("M", "40-49", "senior"): 70,  # only 2 respondents: pooled into 30-39
        ("F", "30-39", "senior"): 40,  # 3 women in all: pooled with the men
    }
    resp = {
        ("M", "30-39", "junior"): 2,
        ("M", "30-39", "senior"): 10,
        ("M", "30-39", "college"): 6,
        ("M", "40-49", "senior"): 2,
        ("F", "30-39", "senior"): 3,
    }
    strata = collapse_cells(pop, resp, min_cell=5)
    summary = sorted((s.population, s.respondents) for s in strata)
    # Everything is one gender group (women pooled); 40–49 (2) pooled with 30–39; then by
    # education: 小学/初中/高中 together (2+10+2+3 = 17 respondents; 100+300+70+40 = 510
    # members), 大专 and above together (6; 50).
    assert summary == [(50, 6), (510, 17)]
    w = poststratify([c for c, k in resp.items() for _ in range(k)], pop, min_cell=5)
    assert sum(w.weights) == pytest.approx(560)


def test_roster_cell_without_respondents_is_dropped_and_reported():
    w = poststratify([], {A: 10}, min_cell=5)
    assert w.dropped and w.dropped_population == 10 and w.covered_population == 0
    # A respondent whose cell is not on the roster at all (weight undefined) is merged.
    w = poststratify([A] * 6 + [B] * 6, {A: 30}, min_cell=5)
    assert sum(w.weights) == pytest.approx(30)


def test_raking_converges_to_margins():
    pop = {
        ("M", "18-29", "college"): 300,
        ("M", "50-59", "junior"): 500,
        ("F", "18-29", "college"): 400,
        ("F", "50-59", "junior"): 200,
        ("F", "50-59", "college"): 100,
    }
    cells = (
        [("M", "18-29", "college")] * 30
        + [("M", "50-59", "junior")] * 5
        + [("F", "18-29", "college")] * 40
        + [("F", "50-59", "junior")] * 6
        + [("F", "50-59", "college")] * 9
    )
    w = rake(cells, pop, min_cell=5)
    assert w.converged and w.iterations < 200

    def margin(axis, key):
        return sum(x for c, x in zip(cells, w.weights, strict=True) if c[axis] == key)

    assert margin(0, "M") == pytest.approx(800) and margin(0, "F") == pytest.approx(700)
    assert margin(1, "18-29") == pytest.approx(700) and margin(1, "50-59") == pytest.approx(800)
    assert margin(2, "college") == pytest.approx(800)
    assert margin(2, "junior") == pytest.approx(700)
    assert math.isclose(sum(w.weights), 1500)


def test_raking_without_roster_gives_no_weights():
    w = rake([A, A], {}, min_cell=1)
    assert w.weights == [0.0, 0.0] and not w.converged
    assert estimate([True, False], w.weights, min_n=1).refused
