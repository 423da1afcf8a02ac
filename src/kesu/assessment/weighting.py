"""Weighting assessed members to their roster: post-stratification (default) or raking, with
Kish's effective sample size and a Wilson interval. Pure Python on purpose: the sums below
are all the statistics needed, and the survey libraries (samplics pulls pandas, statsmodels,
numpy) would add ~100 MB for them. Checked against hand-worked examples in
tests/assessment/test_weighting.py.

Cells are gender × age band × education group (`Cell`). Population counts come from the
roster of the scope (selectors.roster_cells, from the roster roll-up), respondent counts
from the assessed members of the same scope.

Cell collapsing (post-stratification), with `min_cell` respondents (default 5):
1. genders: if one gender has fewer than `min_cell` respondents in all, or none of its
   respondents is on the roster, both genders are pooled;
2. age bands, within each gender (set): a band with fewer than `min_cell` respondents is pooled
   with its adjacent band — the neighbour with fewer respondents, the younger on a tie — and
   this repeats until every band (group) has `min_cell` or only one is left;
3. education, within each gender × age band group: the same rule over the ordered levels
   小学及以下 < 初中 < 高中 < 大专 < 本科及以上 < 未填写.
A group is also "too small" when it has respondents but no roster members (weight undefined).
A group with roster members but no respondent left after collapsing (possible only when the
whole scope has none) is reported in `dropped` and its population share is dropped: the
estimate then describes the covered part of the roster (the shares of the others are
scaled up — i.e. redistributed proportionally).

Raking (iterative proportional fitting) adjusts weights until they match the three margins
(gender, age band, education) of the roster; categories with fewer than `min_cell`
respondents are merged with a neighbour first (same rule), categories without respondents
are dropped and the margin is rescaled to the covered total.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

GENDERS = ("M", "F")
AGE_BANDS = ("18-29", "30-39", "40-49", "50-59", "60+")
EDU_GROUPS = ("primary", "junior", "senior", "college", "bachelor_plus", "unknown")
Z95 = 1.959963984540054

Cell = tuple[str, str, str]  # (gender, age band, education group)


# ---------------------------------------------------------------- interval and n_eff


def kish_n_eff(weights: Sequence[float]) -> float:
    """(Σw)² / Σw²: the sample size a simple random sample of equal precision would need.
    Exact sums (math.fsum): the result does not depend on the respondents' order."""
    total = math.fsum(weights)
    squares = math.fsum(w * w for w in weights)
    return total * total / squares if squares > 0 else 0.0


def wilson(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion p observed on (effective) sample size n."""
    if n <= 0:
        return (0.0, 1.0)
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(max(p * (1 - p) / n + z2 / (4 * n * n), 0.0))
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Estimate:
    """One group's figures. Shares are fractions (0–1); None when refused or undefined."""

    n: int
    literate: int
    raw_share: float | None
    weighted_share: float | None
    n_eff: float | None
    ci_low: float | None
    ci_high: float | None
    refused: bool  # True: fewer than `min_n` respondents, no weighted estimate


def estimate(literate: Sequence[bool], weights: Sequence[float] | None, *, min_n: int) -> Estimate:
    """Raw share, and (when the group has `min_n` respondents and weights) the weighted
    share with n_eff and a 95% Wilson interval at n_eff. Respondents whose weight is 0 (not
    covered by the roster) count in the raw figures only."""
    n = len(literate)
    hits = sum(1 for x in literate if x)
    raw = hits / n if n else None
    if weights is None or n < min_n:
        return Estimate(n, hits, raw, None, None, None, None, refused=weights is not None)
    total = math.fsum(weights)  # exact sums: the same figures in any respondent order
    if total <= 0:
        return Estimate(n, hits, raw, None, None, None, None, refused=True)
    share = math.fsum(w for w, x in zip(weights, literate, strict=True) if x) / total
    n_eff = kish_n_eff([w for w in weights if w > 0])
    low, high = wilson(share, n_eff)
    return Estimate(n, hits, raw, share, n_eff, low, high, refused=False)


# ---------------------------------------------------------------- collapsing


def merge_ordered(
    units: list[list[str]], count: Callable[[list[str]], int], small: Callable[[list[str]], bool]
) -> list[list[str]]:
    """Merge adjacent groups of ordered keys until none is `small` (or one is left): the
    smallest small group (first on a tie) joins its neighbour with fewer respondents (the
    earlier one on a tie)."""
    units = [list(u) for u in units]
    while len(units) > 1:
        candidates = [i for i, u in enumerate(units) if small(u)]
        if not candidates:
            break
        i = min(candidates, key=lambda k: (count(units[k]), k))
        if i == 0:
            j = 1
        elif i == len(units) - 1:
            j = i - 1
        else:
            j = i - 1 if count(units[i - 1]) <= count(units[i + 1]) else i + 1
        lo, hi = sorted((i, j))
        units[lo : hi + 1] = [units[lo] + units[hi]]
    return units


@dataclass
class Stratum:
    cells: list[Cell]
    population: int
    respondents: int

    @property
    def label(self) -> str:
        genders = sorted({c[0] for c in self.cells})
        bands = [b for b in AGE_BANDS if any(c[1] == b for c in self.cells)]
        edus = [e for e in EDU_GROUPS if any(c[2] == e for c in self.cells)]
        return f"{'+'.join(genders)}|{'+'.join(bands)}|{'+'.join(edus)}"


def collapse_cells(
    population: Mapping[Cell, int], respondents: Mapping[Cell, int], *, min_cell: int = 5
) -> list[Stratum]:
    """Strata after the collapsing rule of the module docstring (empty ones left out)."""

    def totals(cells: list[Cell]) -> tuple[int, int]:
        return (sum(population.get(c, 0) for c in cells), sum(respondents.get(c, 0) for c in cells))

    def small_cells(cells: list[Cell]) -> bool:
        big_n, n = totals(cells)
        return n < min_cell or (n > 0 and big_n == 0)

    def cells_of(
        genders: list[str], bands: list[str], edus: tuple[str, ...] | list[str] = EDU_GROUPS
    ):
        return [(g, b, e) for g in genders for b in bands for e in edus]

    strata: list[Stratum] = []
    gender_sets = merge_ordered(
        [[g] for g in GENDERS],
        lambda gs: totals(cells_of(gs, list(AGE_BANDS)))[1],
        lambda gs: small_cells(cells_of(gs, list(AGE_BANDS))),
    )
    for genders in gender_sets:
        band_groups = merge_ordered(
            [[b] for b in AGE_BANDS],
            lambda bs, gs=genders: totals(cells_of(gs, bs))[1],
            lambda bs, gs=genders: small_cells(cells_of(gs, bs)),
        )
        for bands in band_groups:
            edu_groups = merge_ordered(
                [[e] for e in EDU_GROUPS],
                lambda es, gs=genders, bs=bands: totals(cells_of(gs, bs, es))[1],
                lambda es, gs=genders, bs=bands: small_cells(cells_of(gs, bs, es)),
            )
            for edus in edu_groups:
                cells = cells_of(genders, bands, edus)
                big_n, n = totals(cells)
                if big_n or n:
                    strata.append(Stratum(cells, big_n, n))
    return strata


# ---------------------------------------------------------------- weights


@dataclass
class Weights:
    """Per-respondent weights (aligned with the input; 0 = not covered), and what was done."""

    method: str  # "poststrat" | "raking"
    weights: list[float]
    strata: list[Stratum] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # population groups without respondents
    dropped_population: int = 0
    covered_population: int = 0
    iterations: int = 0
    converged: bool = True


def poststratify(
    cells: Sequence[Cell | None], population: Mapping[Cell, int], *, min_cell: int = 5
) -> Weights:
    """Weight each respondent (its cell, None = outside every cell, e.g. under 18) by
    N_s / n_s of its collapsed stratum s."""
    respondents: dict[Cell, int] = defaultdict(int)
    for cell in cells:
        if cell is not None:
            respondents[cell] += 1
    strata = collapse_cells(population, respondents, min_cell=min_cell)
    factor: dict[Cell, float] = {}
    result = Weights("poststrat", [], strata)
    for s in strata:
        if s.respondents and s.population:
            result.covered_population += s.population
            for c in s.cells:
                factor[c] = s.population / s.respondents
        elif s.population:
            result.dropped.append(s.label)
            result.dropped_population += s.population
    result.weights = [factor.get(c, 0.0) if c is not None else 0.0 for c in cells]
    return result


def rake(
    cells: Sequence[Cell | None],
    population: Mapping[Cell, int],
    *,
    min_cell: int = 5,
    tolerance: float = 1e-9,
    max_iterations: int = 200,
) -> Weights:
    """Iterative proportional fitting to the gender, age band and education margins."""
    index = [i for i, c in enumerate(cells) if c is not None]
    total_population = sum(population.values())
    if not total_population or not index:
        return Weights(
            "raking", [0.0] * len(cells), dropped_population=total_population, converged=False
        )
    margins = []  # per dimension: (category of each indexed respondent, target per category)
    dropped: list[str] = []
    for axis, order in ((0, GENDERS), (1, AGE_BANDS), (2, EDU_GROUPS)):
        pop = defaultdict(int)
        for cell, count in population.items():
            pop[cell[axis]] += count
        resp = defaultdict(int)
        for i in index:
            resp[cells[i][axis]] += 1  # type: ignore[index]
        groups = merge_ordered(
            [[k] for k in order],
            lambda ks, r=resp: sum(r[k] for k in ks),
            lambda ks, r=resp: sum(r[k] for k in ks) < min_cell,
        )
        of = {k: "+".join(g) for g in groups for k in g}
        targets = defaultdict(float)
        has_resp = defaultdict(int)
        for k in order:
            targets[of[k]] += pop[k]
            has_resp[of[k]] += resp[k]
        for g, t in list(targets.items()):
            if not has_resp[g] and t:
                dropped.append(g)
            if not has_resp[g]:
                del targets[g]
        covered = sum(targets.values())
        scale = total_population / covered if covered else 0.0
        margins.append(
            (
                [of[cells[i][axis]] for i in index],  # type: ignore[index]
                {g: t * scale for g, t in targets.items()},
            )
        )
    w = [1.0] * len(index)
    iterations, converged = 0, False
    while not converged and iterations < max_iterations:
        iterations += 1
        for categories, targets in margins:
            sums = _sums(categories, w)
            w = [
                w[k] * (targets.get(cat, 0.0) / sums[cat] if sums[cat] else 0.0)
                for k, cat in enumerate(categories)
            ]
        converged = all(
            abs(got - targets.get(cat, 0.0)) <= tolerance * max(targets.get(cat, 0.0), 1.0)
            for cats, targets in margins
            for cat, got in _sums(cats, w).items()
        )
    weights = [0.0] * len(cells)
    for k, i in enumerate(index):
        weights[i] = w[k]
    return Weights(
        "raking",
        weights,
        dropped=dropped,
        covered_population=total_population,
        iterations=iterations,
        converged=converged,
    )


def _sums(categories: Sequence[str], w: Sequence[float]) -> dict[str, float]:
    sums: dict[str, float] = defaultdict(float)
    for cat, weight in zip(categories, w, strict=True):
        sums[cat] += weight
    return sums
