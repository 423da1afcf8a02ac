"""From an attempt's figures to a 100-point score, a tier and "literate" (具备科学素质).

Exact Decimal arithmetic; thresholds are compared before any rounding, so 69.9 is never
rounded up into 具备 and 85 is 高阶. Rounding (2 places) is for display only.

National method (LiteracyScheme.Method.DIMENSIONS): each dimension contributes
weight × earned / possible. A dimension the paper does not test (possible 0) is left out and
the weights of the others are scaled up to 100, so a paper without 应用 items still scores on
100 points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from kesu.assessment.models import LiteracyScheme

HUNDRED = Decimal(100)
DIMENSIONS = ("knowledge", "method", "spirit", "application")


@dataclass(frozen=True)
class Tier:
    min: Decimal
    name: str
    literate: bool


@dataclass(frozen=True)
class Result:
    score: Decimal  # unrounded, 0–100
    tier: str
    is_literate: bool

    @property
    def score_display(self) -> Decimal:
        return self.score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def to_decimal(value: Any) -> Decimal | None:
    """Numbers and numeric strings (as H1's scoring stores them) → Decimal; None if not."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def parse_tiers(raw: Sequence[Mapping[str, Any]]) -> list[Tier]:
    tiers = [
        Tier(
            to_decimal(t.get("min")) or Decimal(0), str(t.get("name", "")), bool(t.get("literate"))
        )
        for t in raw
    ]
    return sorted(tiers, key=lambda t: t.min, reverse=True)


class SchemeRule:
    """A scheme read once (weights and tiers parsed), applied to many attempts."""

    def __init__(self, scheme: LiteracyScheme) -> None:
        self.scheme = scheme
        self.method = scheme.method
        self.weights = {d: to_decimal(w) or Decimal(0) for d, w in (scheme.weights or {}).items()}
        self.tiers = parse_tiers(scheme.tiers or [])
        self.tier_names = [t.name for t in self.tiers]
        self._memo: dict[object, Result | None] = {}

    def score(
        self, dimension_scores: Mapping[str, Any] | None, score: Any = None, max_score: Any = None
    ) -> Decimal | None:
        """The 100-point score, or None when the attempt has nothing to score."""
        dims = _dimension_pairs(dimension_scores or {})
        if self.method == LiteracyScheme.Method.DIMENSIONS:
            # Σ over the dimensions with a weight and points to earn, in their order.
            used, total_weight, points = False, Decimal(0), Decimal(0)
            for d, (e, p) in dims.items():
                weight = self.weights.get(d)
                if weight and p > 0:
                    used, total_weight, points = (
                        True,
                        total_weight + weight,
                        points + weight * e / p,
                    )
            if not used or total_weight <= 0:
                return None
            return _clamp(points * HUNDRED / total_weight)
        earned, possible = to_decimal(score), to_decimal(max_score)
        if not possible or possible <= 0 or earned is None:
            earned = sum((e for e, _ in dims.values()), Decimal(0))
            possible = sum((p for _, p in dims.values()), Decimal(0))
        if possible <= 0:
            return None
        return _clamp(earned * HUNDRED / possible)

    def tier_of(self, score: Decimal) -> Tier:
        for tier in self.tiers:
            if score >= tier.min:
                return tier
        return self.tiers[-1]

    def evaluate(
        self, dimension_scores: Mapping[str, Any] | None, score: Any = None, max_score: Any = None
    ) -> Result | None:
        """The result of one attempt. Memoised: a paper's attempts repeat the same few
        sub-score combinations, and results pages evaluate tens of thousands of them."""
        try:
            key: object = (_freeze(dimension_scores), str(score), str(max_score))
        except TypeError:
            return self.result(dimension_scores, score, max_score)
        if key not in self._memo:
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[key] = self.result(dimension_scores, score, max_score)
        return self._memo[key]

    def result(
        self, dimension_scores: Mapping[str, Any] | None, score: Any = None, max_score: Any = None
    ) -> Result | None:
        """evaluate without the memo (for callers that score distinct combinations)."""
        value = self.score(dimension_scores, score, max_score)
        if value is None or not self.tiers:
            return None
        tier = self.tier_of(value)
        return Result(value, tier.name, tier.literate)


def _freeze(raw: Mapping[str, Any] | None) -> tuple:
    if not raw:
        return ()
    return tuple(
        sorted((str(k), tuple(v) if isinstance(v, list | tuple) else v) for k, v in raw.items())
    )


def _clamp(value: Decimal) -> Decimal:
    return max(Decimal(0), min(HUNDRED, value))


def _dimension_pairs(raw: Mapping[str, Any]) -> dict[str, tuple[Decimal, Decimal]]:
    """{dimension: [earned, possible]} with numbers or numeric strings; bad entries skipped."""
    pairs: dict[str, tuple[Decimal, Decimal]] = {}
    for dim, value in raw.items():
        if not isinstance(value, list | tuple) or len(value) != 2:
            continue
        try:
            pair = _pair(*value)
        except TypeError:  # unhashable (a list or an object in place of a number)
            pair = _pair.__wrapped__(*value)
        if pair is not None:
            pairs[str(dim)] = pair
    return pairs


@lru_cache(maxsize=4096, typed=True)  # typed: True is no number, 1 is
def _pair(earned_raw: Any, possible_raw: Any) -> tuple[Decimal, Decimal] | None:
    """(earned within 0–possible, possible), or None; cached, as sub-scores repeat."""
    earned, possible = to_decimal(earned_raw), to_decimal(possible_raw)
    if earned is None or possible is None or possible < 0:
        return None
    return (max(Decimal(0), min(earned, possible)), possible)
