"""Writes to courses and sessions. Each session owns an Activity (kind 培训, same organiser,
time and place, title "课程名 · 第N讲") kept in step here, so the ordinary check-in links,
QR codes, phone check-in and attendance import work on it unchanged.

Enrolments are in kesu.training.enrolling, certificates in kesu.training.certificates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest

from kesu.activities.choices import Kind
from kesu.activities.models import Activity
from kesu.audit.services import diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Paper
from kesu.resources.models import Expert
from kesu.training.models import Course, Session
from kesu.training.validation import TrainingError, clean_course_data, clean_session_data

COURSE_FIELDS = (
    "title",
    "topics",
    "provider",
    "teachers",
    "planned_hours",
    "target_groups",
    "is_teacher_training",
    "capacity",
    "enrol_deadline",
    "self_enrol",
    "description",
    "pass_percent",
)


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal | dt.date | dt.datetime):
        return str(value)
    return value


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: jsonable(getattr(obj, f)) for f in fields}


def _experts(actor: Actor, org: Organization, raw: Any) -> list[Expert] | None:
    """Experts from the pool of the organiser, its ancestors or the actor's scope."""
    if raw is None:
        return None
    ids = []
    for item in raw if isinstance(raw, list | tuple | set) else str(raw).split(","):
        text = str(getattr(item, "pk", item)).strip()
        if text:
            if not text.isdigit():
                raise TrainingError({"experts": "应为专家库中的专家编号"})
            ids.append(int(text))
    experts = list(access.restrict(Expert.objects.filter(pk__in=ids), actor))
    if len(experts) != len(set(ids)):
        raise TrainingError({"experts": "专家不存在或不在您的管辖范围内"})
    return experts


def _paper(actor: Actor, raw: Any) -> Paper | None:
    if raw in (None, "", 0):
        return None
    if isinstance(raw, Paper):
        return raw
    try:
        return access.get_for_user(Paper.objects.all(), actor, pk=int(raw))
    except (access.NotFound, TypeError, ValueError):
        raise TrainingError({"quiz_paper": "试卷不存在或不在您的管辖范围内"}) from None


def course_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Course:
    """Create a course organised by `org` (which must be in the actor's scope)."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean = clean_course_data(data)
    experts = _experts(actor, org, data.get("experts"))
    paper = _paper(actor, data.get("quiz_paper"))
    with transaction.atomic():
        course = Course(org=org, created_by=actor if actor.pk else None, quiz_paper=paper, **clean)
        course.full_clean()
        course.save()
        if experts:
            course.experts.set(experts)
        audit_object(
            actor,
            "course.create",
            course,
            _snapshot(course, COURSE_FIELDS),
            request,
            label=course.title,
            org=org,
        )
    return course


def course_update(
    *, actor: Actor, course: Course, data: dict[str, Any], request: HttpRequest | None = None
) -> Course:
    """Change a course; keys absent from `data` stay as they are."""
    access.ensure_org_in_scope(actor, course.org, access.CHANGE)
    clean = clean_course_data(data, partial=True)
    experts = _experts(actor, course.org, data.get("experts")) if "experts" in data else None
    before = _snapshot(course, COURSE_FIELDS)
    with transaction.atomic():
        locked = Course.objects.select_for_update().get(pk=course.pk)
        for key, value in clean.items():
            setattr(locked, key, value)
        if "quiz_paper" in data:
            locked.quiz_paper = _paper(actor, data.get("quiz_paper"))
        locked.full_clean()
        locked.save()
        if experts is not None:
            locked.experts.set(experts)
        if "title" in clean:
            for session in locked.sessions.select_related("activity"):
                _sync_activity(session.activity, locked, session)
                session.activity.save()
        audit_object(
            actor,
            "course.update",
            locked,
            diff(before, _snapshot(locked, COURSE_FIELDS)),
            request,
            target_type="course",
            label=locked.title,
        )
    return locked


# ---------------------------------------------------------------- sessions

SESSION_FIELDS = ("number", "start", "end", "place", "online_url", "hours")


def session_title(course: Course, number: int) -> str:
    return f"{course.title} · 第{number}讲"[:200]


def _sync_activity(activity: Activity, course: Course, session: Session) -> None:
    activity.title = session_title(course, session.number)
    activity.kind = Kind.TRAINING
    activity.org = course.org
    activity.start, activity.end = session.start, session.end
    activity.place = (session.place or session.online_url)[:200]
    activity.topics = course.topics
    activity.target_groups = course.target_groups
    activity.partners = course.provider[:300]
    activity.description = course.description


def session_create(
    *, actor: Actor, course: Course, data: dict[str, Any], request: HttpRequest | None = None
) -> Session:
    """Add the next session (第N讲) to a course, with its check-in activity."""
    access.ensure_org_in_scope(actor, course.org, access.CHANGE)
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()
        number = (course.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
        clean = clean_session_data(data, number=number)
        session = Session(course=course, number=number, **clean)
        activity = Activity(created_by=actor if actor.pk else None)
        _sync_activity(activity, course, session)
        activity.save()
        session.activity = activity
        session.save()
        audit_object(
            actor,
            "session.create",
            session,
            _snapshot(session, SESSION_FIELDS),
            request,
            label=activity.title,
            org=course.org,
        )
    return session


def session_update(
    *, actor: Actor, session: Session, data: dict[str, Any], request: HttpRequest | None = None
) -> Session:
    """Change a session's time, place or hours; its activity follows."""
    course = session.course
    access.ensure_org_in_scope(actor, course.org, access.CHANGE)
    current = {f: getattr(session, f) for f in ("start", "end", "place", "online_url", "hours")}
    clean = clean_session_data({**current, **data}, number=session.number)
    before = _snapshot(session, SESSION_FIELDS)
    with transaction.atomic():
        for key, value in clean.items():
            setattr(session, key, value)
        session.save()
        _sync_activity(session.activity, course, session)
        session.activity.save()
        audit_object(
            actor,
            "session.update",
            session,
            diff(before, _snapshot(session, SESSION_FIELDS)),
            request,
            label=session.activity.title,
            org=course.org,
        )
    return session


def session_delete(*, actor: Actor, session: Session, request: HttpRequest | None = None) -> None:
    """Remove a session scheduled by mistake, with its check-in activity; refused once
    anyone has checked in (those hours are on record)."""
    course = session.course
    access.ensure_org_in_scope(actor, course.org, access.CHANGE)
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()
        if session.activity.attendances.exists():
            raise TrainingError({"session": f"第{session.number}讲已有签到记录，不能删除"})
        title = session.activity.title
        activity = session.activity
        session.delete()
        activity.delete()
        audit_object(
            actor,
            "session.delete",
            session,
            {"number": session.number},
            request,
            label=title,
            org=course.org,
        )
