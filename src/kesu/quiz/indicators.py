"""Figures of quizzes (see kesu.indicators.registry): submitted attempts (人次) and distinct
participants (人), counted by the local date of submission and the organisation the member
belonged to when the attempt started. Online and paper-based sittings both count."""

from __future__ import annotations

from django.db.models import QuerySet

from kesu.core.dates import day_bounds
from kesu.indicators.declare import distinct
from kesu.indicators.registry import Dimension, Scope, month_dimension, register
from kesu.indicators.schemas import register_evidence_schema
from kesu.quiz.models import Attempt, Paper
from kesu.quiz.schemas import AttemptEvidenceOut

register_evidence_schema(Attempt, AttemptEvidenceOut)

PURPOSE = Dimension("purpose", "用途", "paper__purpose", dict(Paper.Purpose.choices))
SOURCE = Dimension("source", "来源", "source", dict(Attempt.Source.choices))


def _submitted(scope: Scope) -> QuerySet[Attempt]:
    # The local dates start–end as a half-open range of instants (what `__date__range`
    # means), so the database reads an index range instead of converting every row's time.
    lo, hi = day_bounds(scope.start, scope.end)
    return Attempt.objects.filter(
        status__in=(Attempt.Status.SUBMITTED, Attempt.Status.EXPIRED),
        submitted_at__gte=lo,
        submitted_at__lt=hi,
    ).select_related("paper", "member", "org")


register(
    "quiz.attempts",
    name="答题人次",
    unit="人次",
    description="交卷日期在起止日期之间（含）的答题（含超时交卷和纸质答卷导入），按答题时的所属组织计。",
    dimensions=(PURPOSE, SOURCE, month_dimension("submitted_at", "交卷月份")),
    evidence=_submitted,
)
register(
    "quiz.participants",
    name="答题人数",
    unit="人",
    description="起止日期之间（含）交过卷的会员去重计数。",
    aggregate=distinct("member"),
    dimensions=(PURPOSE, SOURCE),
    evidence=_submitted,
)
