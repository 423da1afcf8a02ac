"""The customary ways of writing figures (exact and approximate)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kesu.reports.numbers import fmt, fmt_approx, fmt_exact

CASES = [
    # value, unit, exact, approximate
    (0, "份", "0份", "0份"),
    (9, "人", "9人", "9人"),
    (10, "人", "10人", "10人"),
    (35, "人", "35人", "30余人"),
    (90, "人", "90人", "90人"),
    (96, "人", "96人", "近100人"),
    (99, "人", "99人", "近100人"),
    (100, "人", "100人", "100人"),
    (103, "人", "103人", "100余人"),
    (196, "人", "196人", "近200人"),
    (203, "场", "203场", "200余场"),
    (480, "场", "480场", "近500场"),
    (4032, "人次", "4032人次", "4000余人次"),
    (4317, "份", "4317份", "4300多份"),
    (6500, "份", "6500份", "6500份"),
    (6532, "份", "6532份", "6500多份"),
    (1_234_567, "人", "1234567人", "120多万人"),
    (1_003_000, "人", "1003000人", "100余万人"),
    (995_000, "人", "995000人", "近100万人"),
    (Decimal("800"), "元", "800元", "800元"),
    (Decimal("1250.50"), "元", "1250.50元", "1200多元"),
    (Decimal("5.5"), "元", "5.50元", "5.50元"),
    (Decimal("113600"), "元", "11.36万元", "约11万元"),
    (Decimal("110000"), "元", "11.00万元", "11万元"),
    (Decimal("12500"), "元", "1.25万元", "约1.3万元"),
    (Decimal("122.345"), "%", "122.3%", "122.3%"),
    (0, "%", "0.0%", "0.0%"),
    (87.25, "%", "87.3%", "87.3%"),
]


@pytest.mark.parametrize(("value", "unit", "exact", "approx"), CASES)
def test_number_styles(value, unit, exact, approx):
    assert fmt_exact(value, unit) == exact
    assert fmt_approx(value, unit) == approx
    assert fmt(value, unit, "exact") == exact
    assert fmt(value, unit, "approx") == approx


def test_negative_values_are_written_exactly():
    assert fmt_approx(-35, "人") == "-35人"


def test_unknown_style():
    with pytest.raises(ValueError, match="数字写法无效"):
        fmt(1, "人", "roughly")
