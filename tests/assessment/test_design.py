"""kesu.assessment.design against hand-worked examples (no database)."""

import math

import pytest

from kesu.assessment.design import (
    allocate,
    design_weights,
    draw,
    kish_deff,
    neyman_sd,
    plan_size,
    poststratify_weighted,
    response_rates,
    z_for,
)
from kesu.assessment.weighting import kish_n_eff

POP = {"a": 500, "b": 300, "c": 150, "d": 50}


def test_proportional_allocation():
    # n_h = 100 × N_h / 1000 exactly
    assert allocate(POP, 100) == {"a": 50, "b": 30, "c": 15, "d": 5}


def test_proportional_with_minimum():
    # d is pinned at 10; the other 90 go to a, b, c by 500:300:150 of 950:
    # 47.37, 28.42, 14.21 → floors 47, 28, 14 (= 89); the largest remainder (.42) takes
    # the last one → b = 29.
    assert allocate(POP, 100, minimum=10) == {"a": 47, "b": 29, "c": 14, "d": 10}


def test_neyman_allocation():
    # S = 0.5, 0.3, 0.4, 0.2 → N·S = 250, 90, 60, 10 (Σ 410); n = 82:
    # 250·82/410 = 50, 90·82/410 = 18, 60·82/410 = 12, 10·82/410 = 2
    sd = {"a": 0.5, "b": 0.3, "c": 0.4, "d": 0.2}
    assert allocate(POP, 82, sd=sd) == {"a": 50, "b": 18, "c": 12, "d": 2}
    # with a minimum of 5: d → 5, the other 77 by 250:90:60 of 400: 48.125, 17.325, 11.55
    # → 48, 17, 11 (= 76), the largest remainder (.55) → c = 12
    assert allocate(POP, 82, sd=sd, minimum=5) == {"a": 48, "b": 17, "c": 12, "d": 5}


def test_allocation_capped_at_stratum_size_and_small_strata_taken_whole():
    # 60 over {a: 10, b: 990}: proportional gives a 0.6 → minimum 20 but a has only 10 →
    # a takes all 10, b the other 50
    assert allocate({"a": 10, "b": 990}, 60, minimum=20) == {"a": 10, "b": 50}
    # Neyman wants 90 of 100 from a stratum of 20: capped at 20, the rest to the other
    sd = {"a": 0.5, "b": 0.0001}
    assert allocate({"a": 20, "b": 80}, 50, sd=sd) == {"a": 20, "b": 30}
    assert sum(allocate(POP, 5000).values()) == 1000  # never more than the roster


def test_kish_deff_and_neyman_sd():
    # proportional: equal weights → 1
    assert kish_deff(POP, {"a": 50, "b": 30, "c": 15, "d": 5}) == pytest.approx(1.0)
    # {a: 100 of 100, b: 100 of 300}: weights 1 and 3; n·Σ N²/n / N² = 200·(100 + 900)/400²
    assert kish_deff({"a": 100, "b": 300}, {"a": 100, "b": 100}) == pytest.approx(1.25)
    assert neyman_sd(0.5) == 0.5 and neyman_sd(1.0) == pytest.approx(math.sqrt(0.95 * 0.05))


def test_seeded_draw_is_reproducible_and_disjoint():
    frame = {"a": list(range(1, 101)), "b": list(range(200, 230))}
    alloc = {"a": 10, "b": 5}
    one = draw(frame, alloc, reserve=3, seed=20260401)
    two = draw({"b": frame["b"][::-1], "a": frame["a"]}, alloc, reserve=3, seed=20260401)
    assert one == two  # the roster's order does not matter, the seed does
    assert draw(frame, alloc, reserve=3, seed=1) != one
    sample, reserve = one["a"]
    assert len(sample) == 10 and len(reserve) == 3 and not set(sample) & set(reserve)
    assert set(sample) <= set(frame["a"])
    # more asked than there are: everyone, no reserve left
    assert draw({"c": [1, 2]}, {"c": 5}, reserve=2, seed=7)["c"][1] == []


def test_sample_size_plan():
    # one stratum, 95 %, ±3 points, p = 0.5, N = 10,000: n₀ = 1.96²·0.25/0.0009 = 1067.1,
    # FPC → 1067.1 / (1 + 1066.1/10000) = 964.3 → 965 respondents; at 80 % response: 1207
    plan = plan_size({"all": 10_000}, margin_points=3, response_rate=0.8)
    assert (plan.respondents, plan.n, plan.deff) == (965, 1207, 1.0)
    assert plan.text.startswith("为使误差不超过±3个百分点（95%置信度），需抽取约 1,207 人")
    assert "设计效应 1.00" in plan.text
    assert z_for(95) == pytest.approx(1.959964, abs=1e-6)
    # a minimum per stratum makes the weights unequal: the design effect shows and n grows
    skewed = plan_size({"a": 9_900, "b": 100}, margin_points=5, minimum=100)
    assert skewed.deff > 1.0 and skewed.allocation["b"] == 100


def test_design_weights_and_kish_n_eff():
    # stratum a: N = 100, 4 respondents → 25 each; b: N = 300, 2 respondents → 150 each
    w = design_weights(["a", "a", "a", "a", "b", "b"], {"a": 100, "b": 300})
    assert w == [25, 25, 25, 25, 150, 150]
    # Kish: (Σw)² / Σw² = 400² / (4·625 + 2·22500) = 160000 / 47500 = 3.368…
    assert kish_n_eff(w) == pytest.approx(160000 / 47500)


def test_poststratification_on_top_of_design_weights():
    men, women = ("M", "30-39", "college"), ("F", "30-39", "college")
    cells = [men] * 5 + [women] * 5
    base = [1.0] * 5 + [3.0] * 5
    # roster: 40 men, 60 women → men 40/5 = 8 each, women 60/15 × 3 = 12 each
    w = poststratify_weighted(cells, base, {men: 40, women: 60}, min_cell=5)
    assert w == pytest.approx([8.0] * 5 + [12.0] * 5)
    assert poststratify_weighted([None], [1.0], {men: 1}) == [0.0]


def test_response_rates():
    rows = [("a", True, True), ("a", True, False), ("a", False, False), ("b", True, True)]
    overall, per = response_rates(rows, {"a": "甲", "b": "乙"})
    assert (overall.sampled, overall.responded, overall.replaced) == (3, 2, 1)
    assert overall.rate == pytest.approx(2 / 3)
    assert [(r.label, r.sampled, r.responded, r.rate) for r in per] == [
        ("甲", 2, 1, 0.5),
        ("乙", 1, 1, 1.0),
    ]
