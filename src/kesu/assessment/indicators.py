"""Figures of 科学素质测评 (see kesu.indicators.registry). Evidence: submitted attempts on
the paper of any literacy assessment, by submission date in the range, filed under the
organisation the member belonged to when sitting (Attempt.org).

The literate shares count each member once — their latest evidence attempt, scored by the
scheme of the assessment that uses its paper — and are percentages (two decimals).
`assessment.literate_share_weighted` post-stratifies those members to the active roster of
the scope (gender × age band × education, ages at the end of the range; see
kesu.assessment.weighting); with fewer than 30 assessed members it is 0 (no weighted
estimate is made from so few).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, QuerySet, Sum

from kesu.assessment import selectors
from kesu.assessment.models import LiteracyAssessment
from kesu.assessment.national import EDUCATION_GROUPS
from kesu.assessment.results import DEFAULT_MIN_N
from kesu.assessment.schemas import AttemptEvidenceOut
from kesu.assessment.scoring import SchemeRule
from kesu.assessment.weighting import estimate, poststratify
from kesu.core.memo import remember
from kesu.indicators.registry import Dimension, Scope, in_subtree, month_dimension, register
from kesu.indicators.schemas import EVIDENCE_SCHEMAS
from kesu.members.models import Member
from kesu.quiz.models import Attempt

EVIDENCE_SCHEMAS.setdefault(Attempt, AttemptEvidenceOut)  # quiz/contests may declare theirs

SOURCE = Dimension("source", "来源", "source", dict(Attempt.Source.choices))


def _attempts(scope: Scope) -> QuerySet[Attempt]:
    start, end = selectors.day_bounds(scope.start, scope.end)
    papers = LiteracyAssessment.objects.values_list("paper_id", flat=True)
    return Attempt.objects.filter(
        paper_id__in=papers, status__in=selectors.DONE, submitted_at__gte=start,
        submitted_at__lt=end,
    ).select_related("member", "org", "paper")  # fmt: skip


def _fingerprint(scope: Scope) -> tuple:
    """What the shares depend on, in two cheap queries: the scope's evidence attempts (how
    many, the newest, the latest member edit) and the assessments' papers and schemes. Any
    change to the records changes it, so a memoised share is never stale."""
    evidence = in_subtree(_attempts(scope), "org", scope.org.path).order_by()
    seen = evidence.aggregate(n=Count("id"), top=Max("id"), last=Max("submitted_at"), total=Sum("score"),
                              edited=Max("member__updated_at"))  # fmt: skip
    setup = LiteracyAssessment.objects.aggregate(
        n=Count("id"), papers=Sum("paper_id"), schemes=Sum("scheme_id"),
        edited=Max("scheme__updated_at"),
    )  # fmt: skip
    return (scope.org.path, scope.start, scope.end, *seen.values(), *setup.values())


def _scored(scope: Scope) -> tuple[list[bool], list]:
    """_score_all, memoised on the fingerprint of the records it reads (the scoring of a
    city's assessed members takes seconds; the fingerprint, milliseconds)."""
    return remember(("scored", _fingerprint(scope)), lambda: _score_all(scope))


def _score_all(scope: Scope) -> tuple[list[bool], list]:
    """(is_literate, cell) of each member's latest evidence attempt that can be scored."""
    rows = (
        in_subtree(_attempts(scope), "org", scope.org.path)
        .order_by("member_id", "submitted_at", "id")
        .values_list("member_id", "paper_id", "dimension_scores", "score", "max_score",
                     "member__gender", "member__birth_date", "member__education")
    )  # fmt: skip
    latest = {row[0]: row for row in rows.iterator(chunk_size=5000)}
    by_paper = selectors.assessment_for_attempts(r[1] for r in latest.values())
    rules: dict[int, SchemeRule] = {}
    literate, cells = [], []
    for _m, paper_id, dims, score, max_score, gender, birth, edu in latest.values():
        scheme = by_paper[paper_id].scheme
        result = rules.setdefault(scheme.pk, SchemeRule(scheme)).evaluate(dims, score, max_score)
        if result is None:
            continue
        literate.append(result.is_literate)
        band = selectors.age_band(birth, scope.end)
        cells.append(
            None if band == "-17" else (gender, band, EDUCATION_GROUPS.get(edu or "", "unknown"))
        )
    return literate, cells


def _percent(value: float | None) -> Decimal:
    if value is None:
        return Decimal(0)
    return (Decimal(str(value)) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _raw_share(scope: Scope) -> Decimal:
    literate, _cells = _scored(scope)
    return _percent(sum(literate) / len(literate) if literate else None)


def _weighted_share(scope: Scope) -> Decimal:
    literate, cells = _scored(scope)
    roster = Member.objects.filter(org__path__startswith=scope.org.path).order_by()
    seen = roster.aggregate(n=Count("id"), edited=Max("updated_at"))
    key = ("roster", scope.org.path, scope.end, *seen.values())
    weights = poststratify(
        cells, remember(key, lambda: selectors.roster_cells(scope.org, scope.end))
    )
    return _percent(estimate(literate, weights.weights, min_n=DEFAULT_MIN_N).weighted_share)


register(
    "assessment.attempts",
    name="科学素质测评答卷",
    unit="份",
    description="交卷日期在起止日期之间（含）的科学素质测评答卷（线上、纸质导入、维度得分导入）。",
    evidence=_attempts,
    dimensions=(SOURCE, month_dimension("submitted_at", "交卷月份")),
)
register(
    "assessment.participants",
    name="参加科学素质测评",
    unit="人",
    description="起止日期内交过科学素质测评答卷的会员人数（每人只计一次）。",
    evidence=_attempts,
    aggregate=lambda: Count("member", distinct=True),
    dimensions=(SOURCE,),
)
register(
    "assessment.literate_share",
    name="具备科学素质比例（原始）",
    unit="%",
    description="参测会员中具备科学素质者的比例：每人取起止日期内最近一次测评答卷，"
    "按所属测评的方案判定（全国方法为70分及以上）。",
    evidence=_attempts,
    compute=_raw_share,
)
register(
    "assessment.literate_share_weighted",
    name="具备科学素质比例（加权）",
    unit="%",
    description="同“具备科学素质比例（原始）”，但按本组织在册会员的性别×年龄段×文化程度结构"
    "事后分层加权；参测不足30人时为0（不作加权估计）。",
    evidence=_attempts,
    compute=_weighted_share,
)
