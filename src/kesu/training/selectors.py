"""Reads of courses, sessions and enrolments, always through the access layer (out-of-scope
ids answer like missing ones). Hours and completion: kesu.training.progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from kesu.core.actors import Actor
from kesu.members.models import Member
from kesu.orgs import access
from kesu.training.models import Course, Enrolment, Session
from kesu.training.progress import course_progress, member_hours, progress_for

# Hours and completion live in kesu.training.progress; offered here too, with the reads.
__all__ = ["course_progress", "member_hours"]

ROSTER_PICK_LIMIT = 50


@dataclass(frozen=True)
class CourseFilters:
    q: str = ""
    org: str = ""
    year: int | None = None
    teacher_training: bool = False

    @classmethod
    def from_mapping(cls, data: Any) -> CourseFilters:
        year = str(data.get("year") or "").strip()
        return cls(
            q=str(data.get("q") or "").strip()[:100],
            org=str(data.get("org") or "").strip(),
            year=int(year) if year.isdigit() and 1900 < int(year) < 3000 else None,
            teacher_training=str(data.get("teacher_training") or "") in ("1", "true", "on"),
        )


def _annotated(qs: QuerySet[Course]) -> QuerySet[Course]:
    return qs.select_related("org").annotate(
        session_count=Count("sessions", distinct=True),
        first_start=Min("sessions__start"),
        last_start=Max("sessions__start"),
    )


def course_list(*, user: Actor, filters: CourseFilters | None = None) -> QuerySet[Course]:
    filters = filters or CourseFilters()
    qs = access.restrict(Course.objects.all(), user)
    if filters.org:
        org = access.get_org_for_user(user, filters.org)
        qs = qs.filter(org__path__startswith=org.path)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(provider__icontains=filters.q))
    if filters.year:
        qs = qs.filter(
            Q(sessions__start__year=filters.year) | Q(created_at__year=filters.year)
        ).distinct()
    if filters.teacher_training:
        qs = qs.filter(is_teacher_training=True)
    return _annotated(qs).order_by("-created_at", "-id")


def course_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Course:
    return access.get_for_user(
        Course.objects.select_related("org", "quiz_paper"), user, action, pk=pk
    )


def course_sessions(course: Course) -> QuerySet[Session]:
    return (
        course.sessions.select_related("activity")
        .annotate(
            attended=Count(
                "activity__attendances", filter=Q(activity__attendances__member__isnull=False)
            )
        )
        .order_by("number")
    )


def course_totals(course: Course) -> dict[str, Any]:
    agg = course.sessions.aggregate(hours=Sum("hours"), count=Count("pk"))
    return {
        "hours": agg["hours"] or 0,
        "sessions": agg["count"],
        "enrolled": course.enrolments.count(),
    }


def session_list(*, user: Actor, course_id: int | None = None) -> QuerySet[Session]:
    qs = access.restrict(Session.objects.all(), user, org_field="course__org")
    if course_id is not None:
        qs = qs.filter(course_id=course_id)
    return qs.select_related("course", "activity").order_by("start", "id")


def session_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Session:
    return access.get_for_user(
        Session.objects.select_related("course", "course__org", "activity"),
        user,
        action,
        org_field="course__org",
        pk=pk,
    )


def enrolment_list(*, user: Actor, course_id: int | None = None) -> QuerySet[Enrolment]:
    """Staff: enrolments of courses in scope. Members: their own."""
    base = Enrolment.objects.select_related("course", "member", "member__org")
    if access.can(user, access.VIEW):
        qs = access.restrict(base, user, org_field="course__org")
    elif getattr(user, "member_id", None):
        qs = base.filter(member_id=user.member_id)
    else:
        qs = base.none()
    if course_id is not None:
        qs = qs.filter(course_id=course_id)
    return qs.order_by("id")


def enrolment_get(*, user: Actor, pk: Any) -> Enrolment:
    try:
        return enrolment_list(user=user).get(pk=pk)
    except (Enrolment.DoesNotExist, ValueError, TypeError):
        raise access.NotFound() from None


def roster_pick(*, user: Actor, course: Course, q: str) -> QuerySet[Member]:
    """Current members of the organiser's subtree (and the user's scope) not yet enrolled."""
    qs = access.restrict(Member.objects.current(), user).filter(
        org__path__startswith=course.org.path
    )
    q = q.strip()
    if q:
        qs = (
            qs.filter(Q(name__icontains=q) | Q(id_tail=q[-4:]) | Q(phone_tail=q[-4:]))
            if q[-4:].isdigit()
            else qs.filter(name__icontains=q)
        )
    enrolled = course.enrolments.values("member_id")
    return qs.exclude(pk__in=enrolled).select_related("org").order_by("org_id", "id")


# ---------------------------------------------------------------- member self-service


def courses_open_for(member: Member) -> QuerySet[Course]:
    """Courses of the member's organisation or its ancestors that accept self-enrolment and
    whose deadline has not passed (full ones are listed too, with their state)."""
    ancestors = [p for p in _ancestor_paths(member.org.path)]
    today = timezone.localdate()
    return (
        _annotated(Course.objects.filter(org__path__in=ancestors, self_enrol=True))
        .filter(Q(enrol_deadline__isnull=True) | Q(enrol_deadline__gte=today))
        .exclude(enrolments__member=member)
        .annotate(enrolled=Count("enrolments", distinct=True))
        .order_by("-created_at", "-id")
    )


def _ancestor_paths(path: str) -> list[str]:
    """ "/HZ/HZ-A/" -> ["/HZ/", "/HZ/HZ-A/"]."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def member_enrolments(member: Member) -> list[tuple[Enrolment, Any]]:
    qs = Enrolment.objects.filter(member=member).select_related(
        "course", "course__org", "certificate"
    )
    progress = progress_for(qs)
    return [(e, progress[e.pk]) for e in qs.order_by("-enrolled_at", "-id")]


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
