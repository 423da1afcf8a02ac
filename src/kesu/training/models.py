"""Training (培训): courses, their sessions, enrolments and certificates of completion.

Attendance is not stored here: each Session owns an Activity (kind 培训) and members check in
to it with the ordinary check-in links and QR codes (kesu.checkin). Credited hours and
completion are computed from those Attendance rows (kesu.training.progress), never typed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import at_least, ordered, unique
from kesu.core.fields import AuthoredTimestamped, optional_fk, org_fk, parent_fk, user_fk
from kesu.core.labels import Titled
from kesu.training.choices import EnrolmentSource


class Course(AuthoredTimestamped, Titled):
    """A training course (培训课程) organised by one organisation.

    `topics` and `target_groups` hold comma-wrapped codes (see kesu.core.codes).
    A member completes the course when the hours of the sessions they attended reach
    `pass_percent` % of the course's credited hours and, when `quiz_paper` is set, they have
    a passed attempt at that paper.
    """

    org = org_fk(_("主办组织"), related_name="courses")
    title = models.CharField(_("课程名称"), max_length=200)
    topics = models.CharField(_("主题"), max_length=200, blank=True)
    provider = models.CharField(_("承办/合作单位"), max_length=200, blank=True)
    experts = models.ManyToManyField(
        "resources.Expert", verbose_name=_("授课专家"), blank=True, related_name="courses"
    )
    teachers = models.CharField(_("授课教师（其他）"), max_length=200, blank=True)
    planned_hours = models.DecimalField(_("计划学时"), max_digits=6, decimal_places=1)
    target_groups = models.CharField(_("面向人群"), max_length=200, blank=True)
    is_teacher_training = models.BooleanField(_("科普教师/宣讲员培训"), default=False)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True)
    enrol_deadline = models.DateField(_("报名截止日期"), null=True, blank=True)
    self_enrol = models.BooleanField(_("允许会员自行报名"), default=True)
    description = models.TextField(_("课程介绍"), blank=True)
    pass_percent = models.PositiveSmallIntegerField(_("结业要求：出勤学时比例（%）"), default=80)
    quiz_paper = optional_fk("quiz.Paper", _("结业测试试卷"))

    class Meta:
        verbose_name = verbose_name_plural = _("培训课程")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_percent__gte=1, pass_percent__lte=100),
                name="course_pass_percent_valid",
            ),
            at_least("planned_hours", name="course_planned_hours_not_negative"),
        ]


class Session(models.Model):
    """One scheduled session (班次/课时, "第N讲") of a course and the activity members check
    in to. `hours` are the study hours credited to each attendee."""

    course = parent_fk(Course, "sessions")
    number = models.PositiveSmallIntegerField(_("讲次"))
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    online_url = models.URLField(_("线上链接"), max_length=300, blank=True)
    hours = models.DecimalField(_("记学时"), max_digits=4, decimal_places=1)
    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.PROTECT, related_name="training_session"
    )

    class Meta:
        verbose_name = verbose_name_plural = _("班次")
        ordering = ["course_id", "start", "number"]
        constraints = [
            unique(["course", "number"], "session_number_unique"),
            ordered("start", "end", "session_end_after_start", strict=True),
            at_least("hours", name="session_hours_positive", strict=True),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} · 第{self.number}讲"


class Enrolment(models.Model):
    """A member enrolled in a course (报名). One per member and course."""

    course = parent_fk(Course, "enrolments")
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="enrolments"
    )
    source = models.CharField(_("报名方式"), max_length=8, choices=EnrolmentSource.choices)
    enrolled_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    created_by = user_fk()

    class Meta:
        verbose_name = verbose_name_plural = _("报名")
        ordering = ["course_id", "enrolled_at", "id"]
        constraints = [unique(["course", "member"], "enrolment_once_per_course")]

    def __str__(self) -> str:
        return f"{self.course_id}:{self.member_id}"


class Certificate(models.Model):
    """A certificate of completion (结业证书) with an unguessable verification code.

    Issued only for a completed enrolment; `completed_on` is the completion date computed at
    issue time and printed on the certificate.
    """

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("证书编号"), max_length=20, unique=True)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1, default=Decimal("0"))
    completed_on = models.DateField(_("结业日期"))
    issued_at = models.DateTimeField(_("发证时间"), auto_now_add=True)
    issued_by = user_fk()

    class Meta:
        verbose_name = verbose_name_plural = _("结业证书")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.code
