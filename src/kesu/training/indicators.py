"""Training figures (see kesu.indicators.registry).

Scope: the course organiser's subtree. Sessions, attendance and hours count in the range
their session's start date falls in; a course counts when at least one of its sessions does;
completions count on their completion date (kesu.training.progress).

`training.teachers_trained` is the number of distinct members who completed a teacher
training course (科普教师/宣讲员培训) within the range — people, not completions.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kesu.core.dates import during
from kesu.indicators.declare import Records, by_flag, timed
from kesu.indicators.registry import Dimension, Scope, month_dimension
from kesu.indicators.schemas import register_evidence_schema
from kesu.training.models import Course, Enrolment, Session
from kesu.training.progress import completed_enrolments, training_attendance
from kesu.training.schemas import CourseOut, EnrolmentOut, SessionOut

HOURS_UNIT = "学时"

register_evidence_schema(Course, CourseOut)
register_evidence_schema(Session, SessionOut)
register_evidence_schema(Enrolment, EnrolmentOut)


def _teacher_training(field: str) -> Dimension:
    """Teacher-training courses (科普教师/宣讲员培训) apart from the others, by `field`."""
    return by_flag(
        "teacher_training", "科普教师/宣讲员培训", field, "科普教师/宣讲员培训", "其他培训"
    )


TEACHER = _teacher_training("course__is_teacher_training")
ATT_TEACHER = _teacher_training("activity__training_session__course__is_teacher_training")

sessions_held = timed(Session, "start")


def attendance_held(scope: Scope):
    return training_attendance().filter(
        **during("activity__training_session__start", scope.start, scope.end)
    )


def completions(scope: Scope, *, teacher_only: bool = False) -> QuerySet[Enrolment]:
    # A completion happens on a session day or on a quiz pass day: only courses with a
    # session from the range's start on, or with a quiz, can complete within the range.
    candidates = Course.objects.filter(
        Q(pk__in=Session.objects.filter(start__date__gte=scope.start).values("course_id"))
        | Q(quiz_paper__isnull=False),
        org__path__startswith=scope.org.path,
    )
    enrolments = Enrolment.objects.filter(course__in=candidates)
    if teacher_only:
        enrolments = enrolments.filter(course__is_teacher_training=True)
    done = completed_enrolments(enrolments, start=scope.start, end=scope.end)
    return Enrolment.objects.filter(pk__in=list(done)).select_related("course", "member")


Records(
    lambda scope: Course.objects.filter(
        pk__in=sessions_held(scope).values("course_id")
    ).select_related("org")
).count(
    "training.courses",
    "培训课程",
    "个",
    "起止日期内（含）至少有一讲开课的培训课程，按主办组织计入。",
)
Records(
    lambda scope: sessions_held(scope).select_related("course"),
    "course__org",
    (TEACHER, month_dimension("start", "月份")),
).count(
    "training.sessions",
    "培训班次",
    "场",
    "开始日期在起止日期之间（含）的培训讲次（班次/课时）。",
)
ATTENDED = Records(attendance_held, "activity__org", (ATT_TEACHER,))
ATTENDED.distinct(
    "member",
    "training.trainees",
    "参训人数",
    "人",
    "范围内培训讲次的签到会员去重计数（来宾不计）。",
)
ATTENDED.count("training.person_times", "参训人次", "人次", "范围内培训讲次的会员签到人次。")
ATTENDED.total(
    "activity__training_session__hours",
    "training.hours",
    "培训学时",
    HOURS_UNIT,
    "范围内每人次签到所记学时之和（按讲次的记学时计）。",
)
Records(completions, "course__org", (TEACHER,)).count(
    "training.completions",
    "结业人次",
    "人次",
    "结业日期（达到出勤学时要求并通过结业测试的日期）在起止日期之间的报名。",
)
Records(lambda scope: completions(scope, teacher_only=True), "course__org").distinct(
    "member",
    "training.teachers_trained",
    "培训科普教师/宣讲员",
    "人",
    "起止日期内结业于科普教师/宣讲员培训课程的会员去重人数。",
)
