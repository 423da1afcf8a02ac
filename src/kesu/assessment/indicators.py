"""Figures of 科学素质测评 (see kesu.indicators.registry). Evidence: submitted attempts on
the paper of any literacy assessment, by submission date in the range, filed under the
organisation the member belonged to when sitting (Attempt.org).

The literate shares count each member once — their latest evidence attempt, scored by the
scheme of the assessment that uses its paper — and are percentages (two decimals).
`assessment.literate_share_weighted` post-stratifies those members to the active roster of
the scope (gender × age band × education, ages at the end of the range; see
kesu.assessment.weighting); with fewer than 30 assessed members it is 0 (no weighted
estimate is made from so few).

Computed cold, without a memo, at city scale (a million members, tens of thousands of
attempts): one query reads each member's latest evidence attempt (DISTINCT ON on
PostgreSQL), each distinct combination of sub-scores is scored once, and the roster's
cells come from the roster roll-up.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Expression, F, QuerySet

from kesu.assessment import selectors, tally
from kesu.assessment.models import LiteracyAssessment, LiteracyEntry
from kesu.assessment.national import EDUCATION_GROUPS
from kesu.assessment.results import DEFAULT_MIN_N
from kesu.assessment.schemas import AssessmentAttemptEvidenceOut
from kesu.assessment.scored import Scorer
from kesu.assessment.weighting import Cell, Estimate, estimate, poststratify
from kesu.core import oneview
from kesu.core.dates import day_bounds, during
from kesu.indicators.declare import distinct
from kesu.indicators.registry import Dimension, Scope, check_rollup, month_dimension, register
from kesu.indicators.schemas import EVIDENCE_SCHEMAS
from kesu.members.ages import band_expression
from kesu.orgs import subtree
from kesu.quiz.models import Attempt

EVIDENCE_SCHEMAS.setdefault(
    Attempt, AssessmentAttemptEvidenceOut
)  # quiz/contests may declare theirs

T = TypeVar("T")
SOURCE = Dimension("source", "来源", "source", dict(Attempt.Source.choices))


def _attempts(scope: Scope) -> QuerySet[Attempt]:
    start, end = day_bounds(scope.start, scope.end)
    # The papers as literal ids (one tiny query): PostgreSQL then sees how few attempts match
    # and reads members by primary key instead of scanning the roster.
    papers = set(LiteracyAssessment.objects.order_by().values_list("paper_id", flat=True))
    return Attempt.objects.filter(
        paper_id__in=sorted(papers),
        status__in=selectors.DONE,
        submitted_at__gte=start,
        submitted_at__lt=end,
    ).select_related("member", "org", "paper")


def _latest(scope: Scope, scorer: Scorer, **member: Expression) -> QuerySet:
    """Each member's latest evidence attempt of the scope, in member order, as rows of
    scorer.columns and then `member`'s. The dimension scores come as JSON text (the
    attempt's dimension_key): equal sub-scores are equal keys, so each distinct combination
    is scored once."""
    evidence = subtree.under(_attempts(scope), "org", scope.org.path)
    return (
        selectors.latest_per_member(evidence)
        .annotate(dims=F("dimension_key"), **member)
        .values_list(*scorer.columns, *member)
    )


def _percent(value: float | None) -> Decimal:
    if value is None:
        return Decimal(0)
    return (Decimal(str(value)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _combos(scope: Scope, scorer: Scorer) -> list[tuple]:
    """How many members' latest attempts share each (paper, sub-scores…) key, counted by the
    database over the latest-attempt query: a few thousand keys travel instead of one row
    per member."""
    try:
        select, params = _latest(scope, scorer).query.sql_with_params()
    except EmptyResultSet:  # no assessment, no evidence
        return []
    keys = ", ".join(connection.ops.quote_name(c) for c in scorer.columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {keys}, COUNT(*) FROM ({select}) latest GROUP BY {keys}",  # noqa: S608 (compiled query, fixed names)
            params,
        )
        return cursor.fetchall()


def _raw_direct(scope: Scope) -> Decimal:
    """The raw share scored from the attempts themselves (what the roll-up must equal)."""
    score = Scorer()
    hits = total = 0
    for *key, n in _combos(scope, score):
        key = tuple(key)
        result = score(key)
        if result is not None:
            total += n
            hits += n if result.is_literate else 0
    return _percent(hits / total if total else None)


def _raw_rolled(scope: Scope) -> Decimal:
    hits = total = 0
    for scored, literate, n in tally.latest_counts(scope.org, scope.start, scope.end):
        if scored:
            total += n
            hits += n if literate else 0
    return _percent(hits / total if total else None)


def _participants(scope: Scope, only_org: bool) -> int:
    """Members with an attempt in the range: the groups of their latest attempts in the
    subtree count each once (the raw share's groups); of the organisation itself, counted
    from the roll-up's rows."""
    if only_org:
        tally.refresh()
        within = during("submitted_at", scope.start, scope.end)
        rows = LiteracyEntry.objects.filter(org=scope.org, **within)
        return rows.aggregate(n=Count("member_id", distinct=True))["n"]
    return sum(n for *_group, n in tally.latest_counts(scope.org, scope.start, scope.end))


def _checked(rolled: Callable[[Scope], T], direct: Callable[[Scope], T]) -> Callable[[Scope], T]:
    """`rolled` (read from the literacy roll-up, kesu.assessment.tally); with
    settings.KESU_ROLLUP_CHECK (the test suite) `direct` too, and a difference is an error —
    as the registry checks its roll-ups."""

    def compute(scope: Scope) -> T:
        value = rolled(scope)
        check_rollup("科学素质", value, lambda: direct(scope))
        return value

    return compute


def _weighted_estimate(scope: Scope) -> Estimate:
    """The post-stratified estimate of the scope, computed once per view (its share and
    interval bounds are three indicators)."""
    key = ("literacy weighted estimate", scope.org.pk, scope.start, scope.end)
    return oneview.recall(key, lambda: _estimate(scope))


def _weighted(scope: Scope) -> Estimate:
    """The estimate from the attempts themselves, respondents in member order (what the
    roll-up must equal: the estimate's sums do not depend on the order)."""
    score = Scorer()
    band = band_expression(scope.end, "member__birth_date")
    rows = list(
        _latest(
            scope, score, gender=F("member__gender"), education=F("member__education"), band=band
        )
    )
    width = len(score.columns)
    results = {key: score(key) for key in dict.fromkeys(row[:width] for row in rows)}
    groups = {tail: _cell(*tail) for tail in {row[width:] for row in rows}}
    scored = [(results[row[:width]], groups[row[width:]]) for row in rows]
    literate = [result.is_literate for result, _cell in scored if result is not None]
    cells = [cell for result, cell in scored if result is not None]
    weights = poststratify(cells, selectors.roster_cells(scope.org, scope.end))
    return estimate(literate, weights.weights, min_n=DEFAULT_MIN_N)


def _weighted_rolled(scope: Scope) -> Estimate:
    """The estimate from the roll-up's groups: each group's respondents, as many as it
    counts."""
    literate: list[bool] = []
    cells: list[Cell | None] = []
    for scored, hit, gender, education, band, n in tally.latest_groups(
        scope.org, scope.start, scope.end
    ):
        if scored:
            literate += [hit] * n
            cells += [_cell(gender, education, band)] * n
    weights = poststratify(cells, selectors.roster_cells(scope.org, scope.end))
    return estimate(literate, weights.weights, min_n=DEFAULT_MIN_N)


_raw_share = _checked(_raw_rolled, _raw_direct)
_estimate = _checked(_weighted_rolled, _weighted)


def _weighted_share(scope: Scope) -> Decimal:
    return _percent(_weighted_estimate(scope).weighted_share)


def _ci_low(scope: Scope) -> Decimal:
    return _percent(_weighted_estimate(scope).ci_low)


def _ci_high(scope: Scope) -> Decimal:
    return _percent(_weighted_estimate(scope).ci_high)


def _cell(gender: str, education: str, band: str) -> Cell | None:
    """A respondent's weighting cell; None under 18 (outside every cell)."""
    group = EDUCATION_GROUPS.get(education or "", "unknown")
    return None if band == "-17" else (gender, band, group)


register(
    "assessment.attempts",
    name="科学素质测评答卷",
    unit="份",
    description="交卷日期在起止日期之间（含）的科学素质测评答卷（线上、纸质导入、维度得分导入）。",
    dimensions=(SOURCE, month_dimension("submitted_at", "交卷月份")),
    evidence=_attempts,
)
register(
    "assessment.participants",
    name="参加科学素质测评",
    unit="人",
    description="起止日期内交过科学素质测评答卷的会员人数（每人只计一次）。",
    aggregate=distinct("member"),
    dimensions=(SOURCE,),
    evidence=_attempts,
    rollup=_participants,
)
register(
    "assessment.literate_share",
    name="具备科学素质比例（原始）",
    unit="%",
    description="参测会员中具备科学素质者的比例：每人取起止日期内最近一次测评答卷，"
    "按所属测评的方案判定（全国方法为70分及以上）。",
    compute=_raw_share,
    evidence=_attempts,
)
register(
    "assessment.literate_share_weighted",
    name="具备科学素质比例（加权）",
    unit="%",
    description="同“具备科学素质比例（原始）”，但按本组织在册会员的性别×年龄段×文化程度结构"
    "事后分层加权；参测不足30人时为0（不作加权估计）。",
    compute=_weighted_share,
    evidence=_attempts,
)
register(
    "assessment.literate_share_ci_low",
    name="具备科学素质比例（加权）95%置信区间下限",
    unit="%",
    description="加权比例的95%置信区间（按有效样本量的Wilson区间）下限；参测不足30人时为0。",
    compute=_ci_low,
    evidence=_attempts,
)
register(
    "assessment.literate_share_ci_high",
    name="具备科学素质比例（加权）95%置信区间上限",
    unit="%",
    description="加权比例的95%置信区间（按有效样本量的Wilson区间）上限；参测不足30人时为0。",
    compute=_ci_high,
    evidence=_attempts,
)
