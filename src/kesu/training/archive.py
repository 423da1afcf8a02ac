"""Training's contribution to a member's archive (科学素质档案): one entry per course and
year the member attended (hours credited that year, completion, certificate code), plus
one per certificate. Built from the source records on every read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from kesu.members.archive import ArchiveEntry
from kesu.members.models import Member
from kesu.training.models import Course, Enrolment
from kesu.training.progress import progress_for, training_attendance


def archive_entries(
    member: Member, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[ArchiveEntry]:
    # (course, year) -> [hours, sessions, last date]
    per_year: dict[tuple[int, int], list] = defaultdict(lambda: [Decimal("0"), 0, None])
    rows = (
        training_attendance()
        .filter(member=member)
        .values_list(
            "activity__training_session__course_id",
            "activity__training_session__hours",
            "activity__training_session__start",
        )
    )
    for course_id, hours, start in rows:
        day = timezone.localtime(start).date()
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        slot = per_year[(course_id, day.year)]
        slot[0] += hours
        slot[1] += 1
        slot[2] = max(slot[2], day) if slot[2] else day
    enrolments = Enrolment.objects.filter(member=member).select_related("certificate")
    progress = progress_for(enrolments)
    by_course = {e.course_id: e for e in enrolments}
    course_ids = {c for c, _y in per_year} | set(by_course)
    courses = Course.objects.select_related("org").in_bulk(course_ids)
    entries: list[ArchiveEntry] = []
    for (course_id, year), (hours, sessions, last) in per_year.items():
        course = courses[course_id]
        enrolment = by_course.get(course_id)
        p = progress.get(enrolment.pk) if enrolment else None
        figures = {"学时": f"{hours.normalize():f}", "讲数": str(sessions)}
        if p is not None:
            figures["结业"] = "已结业" if p.completed else f"未结业（{p.percent}%）"
        title = f"{year}年 参加培训：{course.title}"
        detail = "科普教师/宣讲员培训" if course.is_teacher_training else ""
        entries.append(
            ArchiveEntry.of(
                course,
                "training:detail",
                kind="training",
                title=title,
                date=last,
                detail=detail,
                figures=figures,
            )
        )
    for enrolment in enrolments:
        cert = getattr(enrolment, "certificate", None)
        if cert is None:
            continue
        if (date_from and cert.completed_on < date_from) or (
            date_to and cert.completed_on > date_to
        ):
            continue
        course = courses[enrolment.course_id]
        title, day = f"结业证书：{course.title}", cert.completed_on
        figures = {"学时": f"{cert.hours.normalize():f}", "证书编号": cert.code}
        entries.append(
            ArchiveEntry.of(
                course,
                "training:detail",
                kind="certificate",
                title=title,
                date=day,
                detail=f"证书编号 {cert.code}",
                figures=figures,
            )
        )
    entries.sort(key=lambda e: e.date, reverse=True)
    return entries
