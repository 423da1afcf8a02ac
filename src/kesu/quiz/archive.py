"""Quizzes' contribution to a member's archive (科学素质档案): one entry per submitted
attempt (paper title, score, passed), built from the attempts on every read."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kesu.members.archive import ArchiveEntry, between
from kesu.members.models import Member
from kesu.quiz.models import Attempt


def archive_entries(
    member: Member, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    rows = Attempt.objects.filter(
        member=member, status__in=(Attempt.Status.SUBMITTED, Attempt.Status.EXPIRED)
    ).select_related("paper", "org")
    rows = between(rows, "submitted_at__date", date_from, date_to)
    entries = []
    for a in rows.order_by("-submitted_at", "-id"):
        figures = {"得分": f"{a.score}/{a.max_score}"}
        if a.passed is not None:
            figures["结果"] = "及格" if a.passed else "未及格"
        detail = f"{a.paper.get_purpose_display()} · {a.get_source_display()}"
        if a.status == Attempt.Status.EXPIRED:
            detail += " · 超时交卷"
        day = timezone.localtime(a.submitted_at).date()
        entries.append(
            ArchiveEntry.of(
                a.paper,
                "quiz:paper_results",
                kind="attempt",
                org_name=a.org.name,
                date=day,
                detail=detail,
                figures=figures,
            )
        )
    return entries
