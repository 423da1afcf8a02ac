"""The customary ways of writing figures (exact and approximate)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    (98_765, "人", "98765人", "近10万人"),
    (123_456, "人", "123456人", "12万余人"),
    (180_000, "人", "180000人", "18万人"),
    (100_500, "人", "100500人", "10万余人"),
    (1_234_567, "人", "1234567人", "120多万人"),
    (1_003_000, "人", "1003000人", "100余万人"),
    (995_000, "人", "995000人", "近100万人"),
    (Decimal("800"), "元", "800元", "800元"),
    (Decimal("1250.50"), "元", "1250.50元", "1200多元"),
    (Decimal("1200.50"), "元", "1200.50元", "1200多元"),
    (Decimal("69800"), "元", "6.98万元", "近7万元"),
    (Decimal("5.5"), "元", "5.50元", "5.50元"),
    (Decimal("113600"), "元", "11.36万元", "11万余元"),
    (Decimal("110000"), "元", "11.00万元", "11万元"),
    (Decimal("12500"), "元", "1.25万元", "1.2万余元"),
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


# ---------------------------------------------------------------- the approximate style's promise

_WRITTEN = re.compile(r"^(近)?(\d+(?:\.\d+)?)(余|多)?(万)?(余)?(?:人|元)$")


def implied_range(text: str) -> tuple[Decimal, Decimal, bool]:
    """What a reader takes an approximate figure to mean: (low, high, high included).

    "近R": a little under R (at least 90% of it); "X余"/"X多"/"X万余": above X by less than
    the place of X's last significant digit ("6500多" → 6500–6600, "200余" → 200–300,
    "12万余" → 120,000–130,000); a bare figure: exactly itself."""
    m = _WRITTEN.match(text)
    assert m, f"unreadable figure {text!r}"
    near, digits, before, wan, after = m.groups()
    x = Decimal(digits) * (10_000 if wan else 1)
    if near:
        return x * Decimal("0.9"), x, False
    if before or after:
        place = Decimal(1)
        while (x / (place * 10)) == (x / (place * 10)).to_integral_value():
            place *= 10
        return x, x + place, False
    return x, x, True


def _assert_holds(value, unit: str) -> None:
    text = fmt_approx(value, unit)
    low, high, closed = implied_range(text)
    v = Decimal(str(value))
    inside = low <= v <= high if closed else low <= v < high and (v != low or low == high)
    assert inside, f"{value} written {text!r} implies {low}–{high}"
    if v >= 100 and not text.startswith("近"):
        # two significant figures kept from 100 on (also in 万): never blurred to one
        place = 10 ** (len(str(int(v))) - 2)
        assert low == int(v) // place * place, f"{value} blurred into {text!r}"


def test_examples_of_a_cadre():
    assert fmt_approx(123_456, "人") == "12万余人"
    assert fmt_approx(180_000, "人") == "18万人"
    assert fmt_approx(98_765, "人") == "近10万人"
    assert fmt_approx(96, "人") == "近100人"
    assert fmt_approx(203, "人") == "200余人"
    assert fmt_approx(6532, "人") == "6500多人"
    assert implied_range("近100人")[:2] == (Decimal(90), Decimal(100))
    assert implied_range("200余人")[:2] == (Decimal(200), Decimal(300))
    assert implied_range("6500多人")[:2] == (Decimal(6500), Decimal(6600))
    assert implied_range("12万余人")[:2] == (Decimal(120_000), Decimal(130_000))


def test_every_written_figure_holds_its_value_dense():
    values = [*range(0, 20_000), *range(20_000, 3_000_000, 997), *(10**k for k in range(1, 9))]
    values += [10**k - 1 for k in range(1, 9)] + [10**k + 1 for k in range(1, 9)]
    for value in values:
        _assert_holds(value, "人")
    for value in range(0, 300_000, 37):
        _assert_holds(Decimal(value) + Decimal("0.5"), "元")
        _assert_holds(value, "元")


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**10))
def test_every_written_figure_holds_its_value(value):
    _assert_holds(value, "人")
    _assert_holds(value, "元")


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**7, places=2))
def test_money_with_cents_is_never_written_as_exact(value):
    _assert_holds(value, "元")
