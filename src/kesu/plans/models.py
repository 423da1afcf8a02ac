"""Yearly plans: targets for registered indicators and the tasks that carry them out.

No figure is stored here except the target itself: progress is always read from the
indicator registry (kesu.plans.selectors.plan_progress).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import YEAR_MAX as YEAR_MAX
from kesu.core.constraints import YEAR_MIN as YEAR_MIN
from kesu.core.constraints import at_least, unique, year_in_range
from kesu.core.fields import AuthoredTimestamped, notes_field, optional_fk, org_fk, parent_fk
from kesu.core.labels import Titled
from kesu.orgs.models import Organization
from kesu.plans.choices import TaskStatus


class Plan(AuthoredTimestamped):
    """An organisation's plan for one calendar year (one per organisation and year)."""

    org = org_fk(_("组织"), related_name="plans")
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200, blank=True)
    notes = notes_field()

    class Meta:
        verbose_name = verbose_name_plural = _("年度计划")
        ordering = ["-year", "org__path"]
        constraints = [
            unique(["org", "year"], "plan_unique_org_year", _("该组织本年度已有计划")),
            year_in_range(name="plan_year_range"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.year}年度计划"


class Target(models.Model):
    """A target value for one registered indicator (code validated by plans.services)."""

    plan = parent_fk(Plan, "targets", _("计划"))
    indicator = models.CharField(_("指标编码"), max_length=60)
    value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    # Set when the parent organisation assigned the target (下达), empty when set by the org.
    handed_down_by = optional_fk(Organization, _("下达组织"))
    notes = notes_field()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("目标")
        ordering = ["plan", "indicator"]
        constraints = [
            unique(
                ["plan", "indicator"], "target_unique_plan_indicator", _("本计划已有该指标的目标")
            ),
            at_least("value", name="target_value_not_negative", message=_("目标值不能为负数")),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ≥ {self.value}"


class Task(AuthoredTimestamped, Titled):
    """A piece of the plan (任务分解) with a responsible user and a deadline."""

    plan = parent_fk(Plan, "tasks", _("计划"))
    target = optional_fk(Target, _("对应目标"), related_name="tasks")
    title = models.CharField(_("任务名称"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("负责人"),
        on_delete=models.PROTECT,
        related_name="plan_tasks",
    )
    deadline = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    notes = notes_field()

    class Meta:
        verbose_name = verbose_name_plural = _("任务")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["todo", "doing", "done"]),
                name="task_status_valid",
                violation_error_message=_("任务状态无效"),
            ),
        ]

    def is_overdue(self, today: dt.date) -> bool:
        return self.deadline < today and self.status != TaskStatus.DONE
