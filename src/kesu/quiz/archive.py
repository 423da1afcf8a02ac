"""Quizzes' contribution to a member's archive (科学素质档案): one entry per submitted
attempt (paper title, score, passed), built from the attempts on every read."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from kesu.members.archive import ArchiveEntry
from kesu.members.models import Member
from kesu.quiz.models import Attempt


def archive_entries(
    member: Member, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    rows = Attempt.objects.filter(
        member=member, status__in=(Attempt.Status.SUBMITTED, Attempt.Status.EXPIRED)
    ).select_related("paper", "org")
    if date_from:
        rows = rows.filter(submitted_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(submitted_at__date__lte=date_to)
    entries = []
    for a in rows.order_by("-submitted_at", "-id"):
        figures = {"得分": f"{a.score}/{a.max_score}"}
        if a.passed is not None:
            figures["结果"] = "及格" if a.passed else "未及格"
        detail = f"{a.paper.get_purpose_display()} · {a.get_source_display()}"
        if a.status == Attempt.Status.EXPIRED:
            detail += " · 超时交卷"
        entries.append(
            ArchiveEntry(
                date=timezone.localtime(a.submitted_at).date(),
                kind="attempt",
                title=a.paper.title,
                detail=detail,
                org_name=a.org.name,
                figures=figures,
                url=reverse("quiz:paper_results", args=[a.paper_id]),
            )
        )
    return entries
