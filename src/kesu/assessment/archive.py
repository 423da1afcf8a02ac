"""A member's literacy assessments as archive entries: assessment, score, tier and the
conclusion (具备/不具备科学素质), so the archive's years show the member's tier each year they
took one. Of several attempts at one assessment in a year, the latest is the year's result
(as on the results page); the earlier ones are marked as re-sat."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kesu.assessment import selectors
from kesu.assessment.models import LiteracyAssessment
from kesu.assessment.scoring import SchemeRule
from kesu.core.dates import day_bounds
from kesu.members.archive import ArchiveEntry
from kesu.quiz.models import Attempt


def archive_entries(
    member: Any, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    by_paper: dict[int, list[LiteracyAssessment]] = {}
    for a in LiteracyAssessment.objects.select_related("scheme", "org").order_by("period_end"):
        by_paper.setdefault(a.paper_id, []).append(a)
    if not by_paper:
        return []
    attempts = Attempt.objects.filter(
        member=member,
        paper_id__in=list(by_paper),
        status__in=selectors.DONE,
        submitted_at__isnull=False,
    )
    if date_from or date_to:
        start, end = day_bounds(date_from or dt.date(1900, 1, 1), date_to or dt.date(9999, 12, 30))
        attempts = attempts.filter(submitted_at__gte=start, submitted_at__lt=end)
    found = []
    for at in attempts.order_by("submitted_at", "id"):
        day = timezone.localtime(at.submitted_at).date()
        candidates = by_paper[at.paper_id]
        assessment = next(
            (a for a in candidates if a.period_start <= day <= a.period_end), candidates[-1]
        )
        found.append((at, day, assessment))
    latest = {(a.pk, day.year): at.pk for at, day, a in found}  # the last one of each year wins
    entries = []
    for at, day, assessment in found:
        result = SchemeRule(assessment.scheme).evaluate(at.dimension_scores, at.score, at.max_score)
        figures = {}
        if result:
            figures = {
                "得分": f"{result.score_display}",
                "等级": result.tier,
                "结论": "具备科学素质" if result.is_literate else "不具备科学素质",
            }
        if latest[(assessment.pk, day.year)] != at.pk:
            figures["说明"] = "已重测，以本年最近一次为准"
        detail = f"{assessment.scheme.name} · {at.get_source_display()}"
        entries.append(
            ArchiveEntry.of(
                assessment,
                "assessment:results",
                kind="assessment",
                date=day,
                detail=detail,
                figures=figures,
            )
        )
    return entries
