"""Figures of quizzes (see kesu.indicators.registry): submitted attempts (人次) and distinct
participants (人), counted by the local date of submission and the organisation the member
belonged to when the attempt started. Online and paper-based sittings both count."""

from __future__ import annotations

from kesu.indicators.declare import Records, by_choice, timed
from kesu.indicators.registry import month_dimension
from kesu.indicators.schemas import register_evidence_schema
from kesu.quiz.models import Attempt, Paper
from kesu.quiz.schemas import AttemptEvidenceOut

register_evidence_schema(Attempt, AttemptEvidenceOut)

PURPOSE = by_choice("purpose", "用途", Paper.Purpose, "paper__purpose")
SOURCE = by_choice("source", "来源", Attempt.Source)
# The local dates start–end as a half-open range of instants (see kesu.core.dates.during),
# so the database reads an index range instead of converting every row's time.
SUBMITTED = Records(
    timed(
        Attempt,
        "submitted_at",
        related=("paper", "member", "org"),
        status__in=(Attempt.Status.SUBMITTED, Attempt.Status.EXPIRED),
    ),
    dimensions=(PURPOSE, SOURCE),
)
SUBMITTED.count(
    "quiz.attempts",
    "答题人次",
    "人次",
    "交卷日期在起止日期之间（含）的答题（含超时交卷和纸质答卷导入），按答题时的所属组织计。",
    dimensions=(PURPOSE, SOURCE, month_dimension("submitted_at", "交卷月份")),
)
SUBMITTED.distinct(
    "member",
    "quiz.participants",
    "答题人数",
    "人",
    "起止日期之间（含）交过卷的会员去重计数。",
)
