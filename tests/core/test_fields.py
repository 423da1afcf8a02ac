"""core.fields and core.constraints build exactly what a model would spell out (so migrations
see no change), and the job rows sharing RowsJob keep their own progress rules."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kesu.archive.models import SummaryExport
from kesu.core.constraints import END_BEFORE_START, at_least, ordered, unique, year_in_range
from kesu.core.fields import money, optional_fk, org_fk, parent_fk, user_fk
from kesu.members.models import ExportJob, ImportJob


def _same(built: models.Field, spelled: models.Field) -> None:
    # (name, path, args, kwargs): what the migration autodetector compares.
    assert built.deconstruct() == spelled.deconstruct()


def test_org_fk_is_a_protected_link_to_the_organisation():
    _same(
        org_fk(_("所属组织")),
        models.ForeignKey(
            "orgs.Organization",
            verbose_name=_("所属组织"),
            on_delete=models.PROTECT,
            related_name="+",
        ),
    )
    _same(
        org_fk(_("催报对象"), related_name="reminders", on_delete=models.CASCADE),
        models.ForeignKey(
            "orgs.Organization",
            verbose_name=_("催报对象"),
            on_delete=models.CASCADE,
            related_name="reminders",
        ),
    )


def test_user_parent_and_optional_links():
    _same(
        user_fk(),
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            null=True,
            blank=True,
            on_delete=models.SET_NULL,
            related_name="+",
        ),
    )
    _same(
        parent_fk("plans.Plan", "tasks", _("计划")),
        models.ForeignKey(
            "plans.Plan", verbose_name=_("计划"), on_delete=models.CASCADE, related_name="tasks"
        ),
    )
    _same(
        optional_fk("members.Member", _("职工"), on_delete=models.PROTECT),
        models.ForeignKey(
            "members.Member",
            verbose_name=_("职工"),
            null=True,
            blank=True,
            on_delete=models.PROTECT,
            related_name="+",
        ),
    )
    _same(
        money(_("金额（元）"), default=0),
        models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, default=0),
    )


def test_constraints_equal_the_spelled_out_ones():
    assert ordered("start_on", "end_on", "x_order", END_BEFORE_START) == models.CheckConstraint(
        condition=Q(end_on__gte=F("start_on")),
        name="x_order",
        violation_error_message=_("结束日期不能早于开始日期"),
    )
    assert ordered("starts_at", "ends_at", "x_strict", strict=True) == models.CheckConstraint(
        condition=Q(ends_at__gt=F("starts_at")), name="x_strict"
    )
    assert unique(
        ["team", "member"], "x_once", _("已存在"), condition=Q(member__isnull=False)
    ) == models.UniqueConstraint(
        fields=["team", "member"],
        condition=Q(member__isnull=False),
        name="x_once",
        violation_error_message=_("已存在"),
    )
    assert at_least("hours", name="x_hours", strict=True) == models.CheckConstraint(
        condition=Q(hours__gt=0), name="x_hours"
    )
    assert year_in_range(name="x_year").condition == Q(year__gte=2000, year__lte=2100)


def test_jobs_share_progress_but_keep_their_own_rule_when_empty():
    assert ExportJob(status="running", total_rows=8, processed_rows=2).percent == 25
    assert SummaryExport(status="done").percent == 100
    assert ExportJob(status="failed").percent == 0
    # An upload that ended without rows (rejected, cancelled) reads as finished.
    assert ImportJob(status="cancelled").percent == 100
    assert ImportJob(status="pending").percent == 0
    assert ExportJob.Status.DONE == SummaryExport.Status.DONE == "done"
