"""Demo training (a `kesu demo` step): a few courses per district including a teacher-training
course, sessions across this year with their check-in activities, enrolments and check-ins
for a sample of members, certificates for some of those who completed.

Deterministic with the step's RNG; bulk inserts and a capped number of districts and
members keep the city scale quick.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kesu.activities import tally
from kesu.activities.models import Activity, Attendance
from kesu.core.codes import encode_codes
from kesu.demo.services import DemoContext
from kesu.members.models import Member
from kesu.orgs.models import Level
from kesu.training.certificates import new_code
from kesu.training.models import Certificate, Course, Enrolment, Session
from kesu.training.progress import progress_for

MAX_DISTRICTS = {"small": 4, "district": 8, "city": 16}
PER_COURSE = {"small": 25, "district": 40, "city": 60}
# title, topics, target groups, teacher training, provider
COURSES = [
    ("职工科普宣讲员培训班", ["tech", "health"], ["workers"], True, "区科协"),
    ("安全生产知识培训", ["safety"], ["workers", "migrant"], False, "区应急管理局"),
    ("职工健康生活知识培训", ["health"], ["workers", "women"], False, "区疾控中心"),
    ("数字技能提升培训班", ["skills", "tech"], ["workers", "youth"], False, "市职业技术学院"),
]
PLACES = ["职工之家", "职工学校多功能厅", "会议室", "科普基地报告厅"]


def _short(name: str) -> str:
    return name.removesuffix("工会").removesuffix("总") or name


def training_demo(ctx: DemoContext) -> None:
    rng = ctx.rng("training")
    now = timezone.now()
    year = timezone.localdate().year
    staff = ctx.users.get("qu_staff")
    districts = [n for n in ctx.nodes if n.level == Level.DISTRICT and n.code in ctx.org_ids]
    districts = districts[: ctx.scaled(MAX_DISTRICTS, 4)]
    courses: list[Course] = []
    plans: list[tuple[Course, Any, int]] = []
    for node in districts:
        for title, topics, groups, teacher, provider in rng.sample(COURSES[1:], 2) + [COURSES[0]]:
            sessions = rng.choice([3, 4])
            course = Course(
                org_id=ctx.org_ids[node.code],
                title=f"{_short(node.name)}{year}年{title}",
                topics=encode_codes(topics),
                target_groups=encode_codes(groups),
                is_teacher_training=teacher,
                provider=provider,
                teachers=rng.choice(["张老师", "李工程师", "王医生", "赵讲师"]),
                planned_hours=Decimal(2 * sessions),
                capacity=rng.choice([None, 60, 80, 100]),
                self_enrol=True,
                pass_percent=rng.choice([75, 80]),
                description=f"面向职工开展{title}，每讲2学时，出勤达标后颁发结业证书。",
                created_by=staff,
            )
            courses.append(course)
            plans.append((course, node, sessions))
    Course.objects.bulk_create(courses)
    activities: list[Activity] = []
    sessions: list[Session] = []
    for course, node, count in plans:
        month = rng.randint(1, 9)
        day = rng.randint(1, 20)
        for number in range(1, count + 1):
            start = timezone.make_aware(dt.datetime(year, month, day, 14, 0)) + dt.timedelta(  # noqa: DTZ001
                days=7 * (number - 1)
            )
            end = start + dt.timedelta(hours=2)
            place = f"{node.name}{rng.choice(PLACES)}"
            activity = Activity(
                title=f"{course.title} · 第{number}讲"[:200],
                kind="training",
                org_id=course.org_id,
                start=start,
                end=end,
                place=place,
                topics=course.topics,
                target_groups=course.target_groups,
                partners=course.provider,
                description=course.description,
                created_by=staff,
            )
            activities.append(activity)
            sessions.append(
                Session(
                    course=course,
                    number=number,
                    start=start,
                    end=end,
                    place=place,
                    hours=Decimal("2.0"),
                )
            )
    Activity.objects.bulk_create(activities, batch_size=1000)
    for session, activity in zip(sessions, activities, strict=True):
        session.activity = activity
    Session.objects.bulk_create(sessions, batch_size=1000)

    enrolments, attendances = _enrol_and_attend(ctx, rng, plans, sessions, now)
    # The last step to write activities (AFTER): the activity roll-up counted once, not day
    # by day on the first dashboard.
    tally.rebuild()
    certificates = _certificates(rng, enrolments, staff)
    ctx.counts["training_courses"] = len(courses)
    ctx.counts["training_sessions"] = len(sessions)
    ctx.counts["training_enrolments"] = len(enrolments)
    ctx.counts["training_attendances"] = attendances
    ctx.counts["training_certificates"] = certificates
    ctx.log(
        f"  培训课程 {len(courses):,} 门，{len(sessions):,} 讲，报名 {len(enrolments):,} 人次，"
        f"签到 {attendances:,} 人次，结业证书 {certificates:,} 份"
    )


def _enrol_and_attend(
    ctx: DemoContext, rng: Any, plans: list, sessions: list[Session], now: dt.datetime
) -> tuple[list[Enrolment], int]:
    by_course: dict[int, list[Session]] = {}
    for s in sessions:
        by_course.setdefault(s.course_id, []).append(s)
    member_user = ctx.users.get("huiyuan")
    own = getattr(member_user, "member", None) if member_user else None
    enrolments: list[Enrolment] = []
    attendance: list[Attendance] = []
    pools: dict[str, list[int]] = {}
    for course, node, _count in plans:
        if node.code not in pools:
            pools[node.code] = list(
                Member.objects.current()
                .filter(org__path__startswith=node.path)
                .order_by("id")
                .values_list("pk", flat=True)[:400]
            )
        pool = pools[node.code]
        size = min(len(pool), PER_COURSE.get(ctx.scale, 25), course.capacity or 10_000)
        chosen = rng.sample(pool, size) if size else []
        if own is not None and own.org.path.startswith(node.path) and own.pk not in chosen:
            chosen = [own.pk, *chosen[: max(0, size - 1)]]
        for member_id in chosen:
            enrolments.append(Enrolment(course=course, member_id=member_id, source="staff"))
            diligence = rng.random()
            for session in by_course[course.pk]:
                if session.start < now and rng.random() < 0.55 + 0.45 * diligence:
                    attendance.append(
                        Attendance(
                            activity_id=session.activity_id, member_id=member_id, source="staff"
                        )
                    )
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    Attendance.objects.bulk_create(attendance, batch_size=2000)
    return enrolments, len(attendance)


def _certificates(rng: Any, enrolments: list[Enrolment], staff: Any) -> int:
    ids = [e.pk for e in enrolments]
    progress = progress_for(Enrolment.objects.filter(pk__in=ids))
    rows = [
        Certificate(
            enrolment_id=pk,
            code=new_code(),
            hours=p.hours,
            completed_on=p.completed_on,
            issued_by=staff,
        )
        for pk, p in progress.items()
        if p.completed and rng.random() < 0.6
    ]
    Certificate.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# The `kesu demo` steps of this app (kesu.demo.services.demo_steps), run after the steps of
# the apps named in AFTER.
STEPS = (("training", training_demo),)
AFTER = ("activities", "resources", "quiz")
