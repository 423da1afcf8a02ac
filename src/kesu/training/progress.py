"""Credited hours and completion, computed from check-ins (never typed).

A member's hours for a course are the credited hours of the course's sessions they checked in
to (Attendance rows of the sessions' activities). A member completes a course they enrolled in
when those hours reach `pass_percent` % of the course's total credited hours (the sum over
its sessions) and, if the course links a quiz paper, they have a passed attempt at it. The
completion date is the day of the session that brought them over the threshold (or the day
of the passed attempt, whichever is later).

Everything here is set-based: a handful of queries for any number of courses or members.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Min, QuerySet, Sum
from django.utils import timezone

from kesu.activities.models import Attendance
from kesu.quiz.models import Attempt
from kesu.training.models import Course, Enrolment, Session

ZERO = Decimal("0.0")


@dataclass(frozen=True)
class Progress:
    enrolment_id: int
    course_id: int
    member_id: int
    hours: Decimal  # credited hours attended
    sessions: int  # sessions attended
    total_hours: Decimal  # the course's credited hours (all sessions)
    required_hours: Decimal
    quiz_required: bool
    quiz_passed: bool
    completed_on: dt.date | None

    @property
    def completed(self) -> bool:
        return self.completed_on is not None

    @property
    def percent(self) -> int:
        if not self.total_hours:
            return 0
        return int(self.hours * 100 / self.total_hours)


def required_hours(total: Decimal, pass_percent: int) -> Decimal:
    return (total * pass_percent / Decimal(100)).quantize(Decimal("0.01"))


def training_attendance() -> QuerySet[Attendance]:
    """Check-ins of roster members to training sessions (one per member and session)."""
    return Attendance.objects.filter(member__isnull=False, activity__training_session__isnull=False)


def progress_for(enrolments: QuerySet[Enrolment]) -> dict[int, Progress]:
    """Progress of every enrolment of the queryset, keyed by enrolment id (5 queries)."""
    rows = list(enrolments.values_list("pk", "course_id", "member_id"))
    if not rows:
        return {}
    course_ids = {c for _e, c, _m in rows}
    courses = {
        c["pk"]: c
        for c in Course.objects.filter(pk__in=course_ids).values("pk", "pass_percent", "quiz_paper")
    }
    totals: dict[int, Decimal] = {
        r["course_id"]: r["total"]
        for r in Session.objects.filter(course_id__in=course_ids)
        .values("course_id")
        .annotate(total=Sum("hours"))
        .order_by()
    }
    enrolled = {(c, m) for _e, c, m in rows}
    attended: dict[tuple[int, int], list[tuple[dt.datetime, Decimal]]] = defaultdict(list)
    for course_id, member_id, hours, start in (
        training_attendance()
        .filter(activity__training_session__course_id__in=course_ids)
        .values_list(
            "activity__training_session__course_id",
            "member_id",
            "activity__training_session__hours",
            "activity__training_session__start",
        )
        .order_by("activity__training_session__start")
    ):
        if (course_id, member_id) in enrolled:
            attended[(course_id, member_id)].append((start, hours))
    papers = {c["quiz_paper"] for c in courses.values() if c["quiz_paper"]}
    passed: dict[tuple[int, int], dt.datetime] = {}
    if papers:
        member_ids = {m for _e, _c, m in rows}
        for paper_id, member_id, first in (
            Attempt.objects.filter(paper_id__in=papers, passed=True, member_id__in=member_ids)
            .values("paper_id", "member_id")
            .annotate(first=Min("submitted_at"))
            .values_list("paper_id", "member_id", "first")
            .order_by()
        ):
            passed[(paper_id, member_id)] = first
    result: dict[int, Progress] = {}
    for enrolment_id, course_id, member_id in rows:
        course = courses[course_id]
        total = totals.get(course_id) or ZERO
        need = required_hours(total, course["pass_percent"])
        sessions = attended.get((course_id, member_id), [])
        hours, reached = ZERO, None
        for start, session_hours in sessions:
            hours += session_hours
            if reached is None and total > 0 and hours >= need:
                reached = timezone.localtime(start).date()
        paper = course["quiz_paper"]
        quiz_at = passed.get((paper, member_id)) if paper else None
        quiz_ok = paper is None or quiz_at is not None
        completed_on = None
        if reached is not None and quiz_ok:
            completed_on = reached
            if quiz_at is not None:
                completed_on = max(reached, timezone.localtime(quiz_at).date())
        result[enrolment_id] = Progress(
            enrolment_id=enrolment_id,
            course_id=course_id,
            member_id=member_id,
            hours=hours,
            sessions=len(sessions),
            total_hours=total,
            required_hours=need,
            quiz_required=paper is not None,
            quiz_passed=quiz_at is not None,
            completed_on=completed_on,
        )
    return result


def course_progress(course: Course) -> list[tuple[Enrolment, Progress]]:
    """Every enrolment of the course with its progress, in enrolment order."""
    enrolments = list(
        course.enrolments.select_related("member", "member__org", "certificate").order_by(
            "enrolled_at", "pk"
        )
    )
    progress = progress_for(Enrolment.objects.filter(course=course))
    return [(e, progress[e.pk]) for e in enrolments]


def enrolment_progress(enrolment: Enrolment) -> Progress:
    return progress_for(Enrolment.objects.filter(pk=enrolment.pk))[enrolment.pk]


def completed_enrolments(
    enrolments: QuerySet[Enrolment], *, start: dt.date | None = None, end: dt.date | None = None
) -> dict[int, dt.date]:
    """{enrolment id: completion date} of the completed ones, optionally within a date range."""
    out = {}
    for pk, p in progress_for(enrolments).items():
        if p.completed_on is None:
            continue
        if (start and p.completed_on < start) or (end and p.completed_on > end):
            continue
        out[pk] = p.completed_on
    return out


def member_hours(member_ids: Iterable[int] | QuerySet, year: int) -> dict[int, Decimal]:
    """Credited training hours per member for sessions held in `year` (one query); members
    without any are absent. Used by the archive's bulk export;
    `member_ids` may be a values_list queryset (then it stays a subquery)."""
    ids = member_ids if isinstance(member_ids, QuerySet) else list(member_ids)
    if not isinstance(ids, QuerySet) and not ids:
        return {}
    tz = timezone.get_current_timezone()
    first = dt.datetime(year, 1, 1, tzinfo=tz)
    last = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    rows = (
        training_attendance()
        .filter(
            member_id__in=ids,
            activity__training_session__start__gte=first,
            activity__training_session__start__lt=last,
        )
        .values("member_id")
        .annotate(hours=Sum("activity__training_session__hours"))
        .order_by()
    )
    return {r["member_id"]: r["hours"] for r in rows}
