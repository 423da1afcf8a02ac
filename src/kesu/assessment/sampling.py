"""Sample size for a literacy survey (样本量估算): how many to assess so that the share's
95% margin of error stays within ±e.

    n₀ = deff · z² · p(1 − p) / e²        (p = 0.5 unless known: the largest n)
    n  = n₀ / (1 + (n₀ − 1) / N)          (finite population correction for a roster of N)

rounded up. deff is the design effect (1 for simple random sampling; weighting raises it:
the results page uses n / n_eff of the assessment).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kesu.assessment.weighting import Z95


def sample_size(
    *,
    margin: float,
    p: float = 0.5,
    z: float = Z95,
    deff: float = 1.0,
    population: int | None = None,
) -> int:
    """Respondents needed for a margin of error `margin` (a fraction, 0.03 = ±3 points)."""
    if not 0 < margin < 1:
        raise ValueError("误差应在0到1之间")
    n0 = max(deff, 1.0) * z * z * p * (1 - p) / (margin * margin)
    if population:
        n0 = n0 / (1 + (n0 - 1) / population)
    return math.ceil(n0 - 1e-9)


@dataclass(frozen=True)
class SampleAdvice:
    margin_points: int
    n: int
    text: str


def sample_advice(
    *, population: int | None, deff: float = 1.0, margins: tuple[int, ...] = (3, 5)
) -> list[SampleAdvice]:
    """One sentence per margin (in percentage points) for the assessment page."""
    out = []
    for points in margins:
        n = sample_size(margin=points / 100, deff=deff, population=population or None)
        if population:
            n = min(n, population)
        out.append(SampleAdvice(points, n, f"为使误差不超过±{points}个百分点，需抽取约 {n:,} 人"))
    return out
