from decimal import Decimal

import pytest

from kesu.assessment.scoring import SchemeRule

pytestmark = pytest.mark.django_db


def dims(pct):
    return {d: [str(pct), "100"] for d in ("knowledge", "method", "spirit", "application")}


@pytest.mark.parametrize(
    ("pct", "tier", "literate"),
    [
        ("69.9", "基本具备科学素质", False),
        ("69.99", "基本具备科学素质", False),
        ("70", "具备科学素质", True),
        ("84.99", "具备科学素质", True),
        ("85", "具备高阶科学素质", True),
        ("100", "具备高阶科学素质", True),
        ("55", "基本具备科学素质", False),
        ("54.99", "科学素质较低", False),
        ("0", "科学素质较低", False),
    ],
)
def test_national_tier_boundaries(national, pct, tier, literate):
    result = SchemeRule(national).evaluate(dims(pct))
    assert result.score == Decimal(pct)
    assert (result.tier, result.is_literate) == (tier, literate)


def test_dimension_weighting_40_20_20_20(national):
    rule = SchemeRule(national)
    scores = {
        "knowledge": [30, 40],
        "method": ["10", "20"],
        "spirit": [20, 20],
        "application": [0, 20],
    }
    # 0.75×40 + 0.5×20 + 1×20 + 0×20 = 60
    assert rule.score(scores) == Decimal(60)
    # A paper without 应用 items: the other weights are scaled up to 100 → 60/80×100 = 75.
    del scores["application"]
    assert rule.score(scores) == Decimal(75)
    # Earned above possible is capped; garbage entries are ignored; nothing → None.
    assert rule.score({"knowledge": [50, 40]}) == Decimal(100)
    assert rule.score({"knowledge": ["x", 40], "method": [1]}) is None
    assert rule.evaluate({}) is None


@pytest.mark.parametrize(
    ("score", "literate"),
    [("58", False), ("59.5", False), ("59.99", False), ("60", True), ("100", True)],
)
def test_benchmark_scheme_sixty_percent(benchmark_scheme, score, literate):
    # 50 items × 2 points: 30 correct = 60 points = 60%.
    result = SchemeRule(benchmark_scheme).evaluate({}, score, "100")
    assert result.is_literate is literate
    assert result.tier == ("具备科学素质" if literate else "不具备科学素质")


def test_benchmark_from_dimension_sums_when_no_total(benchmark_scheme):
    # Imported score sheets carry only dimensions: 30+6+12+12 = 60 of 100.
    scores = {"knowledge": [30, 40], "method": [6, 20], "spirit": [12, 20], "application": [12, 20]}
    assert SchemeRule(benchmark_scheme).evaluate(scores, None, 0).is_literate


def test_odd_values_are_skipped_not_fatal(national):
    """Sub-scores are parsed through a cache: unhashable or boolean entries are skipped like
    any other non-number, and True is not read as 1."""
    rule = SchemeRule(national)
    assert rule.score({"knowledge": [[1], 40], "method": [{"a": 1}, 20]}) is None
    assert rule.score({"knowledge": [True, 40], "method": [10, 20]}) == Decimal(50)
    # (40 × 1/40 + 20 × 10/20) × 100 / 60
    assert rule.score({"knowledge": [1, 40], "method": [10, 20]}) == Decimal(1100) / 60
    assert rule.result(dims("70")) == rule.evaluate(dims("70"))
