"""Stratified random sampling of a roster (抽样设计): allocation, the seeded draw, the sample
size before drawing, and the design-based weights of the respondents. Pure Python on plain
data; the database side is kesu.assessment.sample_services / sample_selectors. Checked
against hand-worked examples in tests/assessment/test_design.py.

Allocation of n over strata h with N_h members (and, for Neyman, an anticipated standard
deviation S_h = √(p_h(1 − p_h)) of the literate indicator):
    proportional  n_h ∝ N_h;      Neyman (optimal)  n_h ∝ N_h·S_h.
A stratum gets at least `minimum` (or all its members when it has fewer) and at most N_h; the
strata pinned at a bound are taken out and the rest of n is shared again until none is
pinned. Fractions are rounded by largest remainder (Hamilton), ties to the earlier stratum.

The draw: in each stratum (members in id order) a random.Random seeded with
"<seed>|<stratum key>" picks n_h + reserve members without replacement; the first n_h are
the sample, the rest the reserve in the order drawn. The same roster and seed give the same
sample, stratum by stratum.

Weights: the design weight of a respondent of stratum h is N_h / n_h (the inverse of the
inclusion probability), raised by n_h / r_h for non-response within the stratum (r_h
respondents), i.e. N_h / r_h; these are post-stratified on top to the roster's gender × age
band × education cells (collapsed as in kesu.assessment.weighting). The design effect of
unequal weights is Kish's n·Σw² / (Σw)², and the interval uses n_eff = (Σw)² / Σw².
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from kesu.assessment.sampling import sample_size
from kesu.assessment.weighting import Cell, collapse_cells

CONFIDENCES = (90, 95, 99)


def z_for(confidence: float) -> float:
    """Two-sided normal quantile for a confidence in percent (95 → 1.96)."""
    return NormalDist().inv_cdf(0.5 + confidence / 200)


# ---------------------------------------------------------------- allocation


def _largest_remainder(shares: Mapping[str, float], total: int) -> dict[str, int]:
    floors = {k: math.floor(v + 1e-9) for k, v in shares.items()}
    left = total - sum(floors.values())
    order = sorted(shares, key=lambda k: -(shares[k] - floors[k]))  # stable: earlier first
    for k in order[: max(left, 0)]:
        floors[k] += 1
    return floors


def allocate(
    population: Mapping[str, int],
    n: int,
    *,
    sd: Mapping[str, float] | None = None,
    minimum: int = 0,
) -> dict[str, int]:
    """n_h per stratum (module docstring); `sd` given → Neyman, else proportional.
    The result sums to min(n, ΣN_h) unless the minimums alone exceed n."""
    keys = [k for k in population if population[k] > 0]
    n = min(n, sum(population[k] for k in keys))
    size = {k: population[k] * (sd.get(k, 0.0) if sd is not None else 1.0) for k in keys}
    if sd is not None and not any(size.values()):  # no spread anywhere: share by N_h
        size = {k: float(population[k]) for k in keys}
    fixed: dict[str, int] = {}
    while True:
        free = [k for k in keys if k not in fixed]
        left = n - sum(fixed.values())
        weight = sum(size[k] for k in free)
        ideal = {k: (left * size[k] / weight if weight else 0.0) for k in free}
        low = {k: min(minimum, population[k]) for k in free}
        pinned = {k: low[k] for k in free if ideal[k] < low[k]}
        pinned |= {k: population[k] for k in free if ideal[k] > population[k]}
        if not pinned:
            break
        fixed.update(pinned)
    out = dict(fixed)
    out.update(_largest_remainder(ideal, max(left, 0)) if free else {})
    return {k: out.get(k, 0) for k in population}


def neyman_sd(p: float) -> float:
    """√(p(1 − p)) with p kept within 5–95% so no stratum is thought certain."""
    p = min(max(p, 0.05), 0.95)
    return math.sqrt(p * (1 - p))


def kish_deff(population: Mapping[str, int], allocation: Mapping[str, int]) -> float:
    """Design effect of the unequal weights N_h/n_h: n·Σ n_h w_h² / (Σ n_h w_h)²."""
    n = sum(v for v in allocation.values() if v)
    big_n = sum(population[k] for k, v in allocation.items() if v)
    if not n or not big_n:
        return 1.0
    squares = sum(population[k] ** 2 / v for k, v in allocation.items() if v)
    return n * squares / (big_n * big_n)


# ---------------------------------------------------------------- the draw


def draw(
    frame: Mapping[str, Sequence[int]], allocation: Mapping[str, int], *, reserve: int, seed: int
) -> dict[str, tuple[list[int], list[int]]]:
    """stratum → (sample, reserve) of member ids (module docstring)."""
    out = {}
    for key in sorted(frame):
        ids = sorted(frame[key])
        n_h = min(allocation.get(key, 0), len(ids))
        if not n_h:
            continue
        picked = random.Random(f"{seed}|{key}").sample(ids, min(len(ids), n_h + reserve))  # noqa: S311
        out[key] = (picked[:n_h], picked[n_h:])
    return out


# ---------------------------------------------------------------- size before drawing


@dataclass(frozen=True)
class Plan:
    """What the calculator proposes: `respondents` needed, `n` to invite, per stratum."""

    margin_points: float
    confidence: int
    response_rate: float
    respondents: int
    n: int
    deff: float
    allocation: dict[str, int]

    @property
    def text(self) -> str:
        return (
            f"为使误差不超过±{self.margin_points:g}个百分点（{self.confidence}%置信度），"
            f"需抽取约 {self.n:,} 人（预计应答率{self.response_rate * 100:.0f}%，"
            f"约 {self.respondents:,} 人作答；设计效应 {self.deff:.2f}）"
        )


def plan_size(
    population: Mapping[str, int],
    *,
    margin_points: float,
    confidence: int = 95,
    response_rate: float = 1.0,
    sd: Mapping[str, float] | None = None,
    minimum: int = 0,
) -> Plan:
    """The sample to invite for a margin of ±`margin_points` at `confidence`: respondents
    = sample_size at the allocation's design effect (found by a few rounds, since the
    allocation depends on n), invited = respondents / expected response rate."""
    total = sum(population.values())
    z = z_for(confidence)
    rate = min(max(response_rate, 0.05), 1.0)
    deff, respondents, n, alloc = 1.0, 0, 0, {}
    for _ in range(6):
        respondents = sample_size(
            margin=margin_points / 100, z=z, deff=deff, population=total or None
        )
        n = min(math.ceil(respondents / rate - 1e-9), total)
        alloc = allocate(population, n, sd=sd, minimum=minimum)
        new = max(kish_deff(population, alloc), 1.0)
        if abs(new - deff) < 1e-6:
            break
        deff = new
    return Plan(margin_points, confidence, rate, min(respondents, total), n, deff, alloc)


# ---------------------------------------------------------------- weights and rates


def design_weights(strata: Sequence[str], population: Mapping[str, int]) -> list[float]:
    """N_h / r_h for each respondent (its stratum in `strata`): design weight N_h/n_h with
    the within-stratum non-response adjustment n_h/r_h."""
    r: dict[str, int] = defaultdict(int)
    for key in strata:
        r[key] += 1
    return [population.get(key, 0) / r[key] for key in strata]


def poststratify_weighted(
    cells: Sequence[Cell | None],
    base: Sequence[float],
    population: Mapping[Cell, int],
    *,
    min_cell: int = 5,
) -> list[float]:
    """Base weights scaled, in each collapsed cell s, by N_s / Σ base of its respondents;
    respondents outside every cell (under 18) or in a cell without roster members get 0."""
    counts: dict[Cell, int] = defaultdict(int)
    for cell in cells:
        if cell is not None:
            counts[cell] += 1
    factor: dict[Cell, float] = {}
    for s in collapse_cells(population, counts, min_cell=min_cell):
        mass = sum(b for c, b in zip(cells, base, strict=True) if c in s.cells)
        for c in s.cells:
            factor[c] = s.population / mass if mass > 0 and s.population else 0.0
    return [
        b * factor.get(c, 0.0) if c is not None else 0.0 for c, b in zip(cells, base, strict=True)
    ]


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    sampled: int  # in the sample now (replaced members left out, replacements in)
    responded: int
    replaced: int

    @property
    def rate(self) -> float | None:
        return self.responded / self.sampled if self.sampled else None


def response_rates(
    rows: Sequence[tuple[str, bool, bool]], labels: Mapping[str, str]
) -> tuple[Rate, list[Rate]]:
    """rows: (stratum, in the sample now, responded) per sample member (a replaced member
    is not in the sample now). Overall and per stratum, in the order of `labels`."""
    sampled: dict[str, int] = defaultdict(int)
    responded: dict[str, int] = defaultdict(int)
    replaced: dict[str, int] = defaultdict(int)
    for key, active, answered in rows:
        if active:
            sampled[key] += 1
            responded[key] += answered
        else:
            replaced[key] += 1
    per = [Rate(k, labels[k], sampled[k], responded[k], replaced[k]) for k in labels]
    overall = Rate(
        "all", "全部", sum(sampled.values()), sum(responded.values()), sum(replaced.values())
    )
    return overall, per
