"""Change over time (往期比较): two assessments of the same organisation compared, overall
and by gender, age band and education (the weighting cells' groups).

For each group the difference of the weighted shares d = p₂ − p₁ (later minus earlier) is
treated as a difference of two independent samples, each of its Kish effective size:
    se = √(p₁(1 − p₁)/n_eff₁ + p₂(1 − p₂)/n_eff₂),
    95% interval d ± 1.96·se, z = d / se, two-sided p = 2·(1 − Φ(|z|)).
A group refused on either side (fewer than `min_n` respondents) has no difference.
When both assessments were given to a drawn sample (抽样设计) and the comparison is for their
organisation, the design-based shares (kesu.assessment.sample_selectors) are compared the
same way in `design`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from statistics import NormalDist

from kesu.assessment import sample_selectors, selectors
from kesu.assessment.models import LiteracyAssessment
from kesu.assessment.results import GroupRow, Results, assessment_results
from kesu.assessment.weighting import Z95, Estimate
from kesu.core.actors import Actor
from kesu.orgs.models import Organization

COMPARED_GROUPS: list[tuple[str, str]] = [
    ("gender", "性别"),
    ("age", "年龄段"),
    ("education", "文化程度"),
]


@dataclass(frozen=True)
class Difference:
    diff: float
    ci_low: float
    ci_high: float
    z: float | None
    p_value: float | None


def share_difference(
    p1: float, n1: float, p2: float, n2: float, *, z: float = Z95
) -> Difference | None:
    """p₂ − p₁ with its interval and test (module docstring); None without samples."""
    if n1 <= 0 or n2 <= 0:
        return None
    d = p2 - p1
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    if se <= 0:  # both shares 0 % or 100 %: no spread to test against
        return Difference(d, d, d, None, None)
    stat = d / se
    p_value = 2 * (1 - NormalDist().cdf(abs(stat)))
    return Difference(d, d - z * se, d + z * se, stat, p_value)


def estimate_difference(earlier: Estimate | None, later: Estimate | None) -> Difference | None:
    if earlier is None or later is None:
        return None
    if earlier.weighted_share is None or later.weighted_share is None:
        return None
    return share_difference(
        earlier.weighted_share, earlier.n_eff or 0, later.weighted_share, later.n_eff or 0
    )


@dataclass(frozen=True)
class CompareRow:
    group: str
    key: str
    label: str
    earlier: Estimate | None
    later: Estimate | None
    difference: Difference | None


@dataclass(frozen=True)
class Comparison:
    earlier: Results
    later: Results
    overall: CompareRow
    groups: dict[str, list[CompareRow]]
    design: CompareRow | None = None  # both drawn as samples: the design-based shares


def _row(group: str, key: str, label: str, a: GroupRow | None, b: GroupRow | None) -> CompareRow:
    ea = a.estimate if a else None
    eb = b.estimate if b else None
    return CompareRow(group, key, label, ea, eb, estimate_difference(ea, eb))


def compare_results(earlier: Results, later: Results) -> Comparison:
    groups = {}
    for code, _name in COMPARED_GROUPS:
        first = {g.key: g for g in earlier.groups.get(code, [])}
        second = {g.key: g for g in later.groups.get(code, [])}
        keys = list(first) + [k for k in second if k not in first]
        order = {g.key: i for i, g in enumerate(later.groups.get(code, []) or [])}
        keys.sort(key=lambda k: order.get(k, len(order)))
        groups[code] = [
            _row(code, k, (second.get(k) or first[k]).label, first.get(k), second.get(k))
            for k in keys
        ]
    overall = _row("overall", "all", "全体", earlier.overall, later.overall)
    return Comparison(earlier, later, overall, groups)


class NotComparable(ValueError):
    """Two assessments that cannot be compared (another organisation, or the same one)."""


def comparable(*, user: Actor, assessment: LiteracyAssessment):
    """The other assessments of the same organisation that `user` may read."""
    return selectors.assessment_list(user=user).filter(org=assessment.org).exclude(pk=assessment.pk)


def assessment_compare(
    *,
    assessment: LiteracyAssessment,
    other: LiteracyAssessment,
    org: Organization,
    method: str = "poststrat",
    min_n: int = 30,
) -> Comparison:
    """Both assessments (already read through the access layer) for `org`'s part of the
    audience, the earlier (by period end) first."""
    if other.pk == assessment.pk:
        raise NotComparable("请选择另一次测评进行比较")
    if other.org_id != assessment.org_id:
        raise NotComparable(f"只能与{assessment.org.name}的其他测评比较")
    first, second = sorted((assessment, other), key=lambda a: (a.period_end, a.pk))
    results = [assessment_results(a, org=org, method=method, min_n=min_n) for a in (first, second)]
    comparison = compare_results(results[0], results[1])
    designs = [sample_selectors.design_for(a) for a in (first, second)]
    if org.pk == assessment.org_id and all(designs):
        e1, e2 = (sample_selectors.design_results(d, min_n=min_n).estimate for d in designs)  # type: ignore[arg-type]
        row = CompareRow(
            "design", "all", "全体（按抽样设计加权）", e1, e2, estimate_difference(e1, e2)
        )
        comparison = replace(comparison, design=row)
    return comparison
