"""The archive itself stores nothing about members (it reads the source records); it keeps
only the yearly evaluation rules (定期评估规则) and the background export jobs."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import yearly
from kesu.core.fields import org_fk, user_fk
from kesu.core.jobs import JobStatus, RowsJob


class ArchiveRule(models.Model):
    """The participation a member should reach in a year, set by an organisation for its
    whole subtree; a descendant's own rule for the same year overrides it."""

    org = org_fk(_("制定组织"), related_name="archive_rules")
    year = models.PositiveSmallIntegerField(_("年度"))
    min_hours = models.DecimalField(
        _("最低学时"), max_digits=6, decimal_places=1, default=Decimal("0")
    )
    min_activities = models.PositiveSmallIntegerField(_("最少参加活动（场）"), default=0)
    assessment_required = models.BooleanField(_("须参加科学素质测评"), default=False)
    min_achievements = models.PositiveSmallIntegerField(
        _("最少创新成果（项）"), null=True, blank=True
    )
    created_by = user_fk()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(yearly("org", "archive_rule_one_per_org_year")):
        verbose_name = verbose_name_plural = _("定期评估规则")

    def __str__(self) -> str:
        return f"{self.year} {self.org_id}"


class SummaryExport(RowsJob):
    """An archive-summary workbook for an organisation subtree, written in the background
    when large. Only its requester may download it."""

    Status = JobStatus

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    masked = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="archive-exports/%Y/%m/", blank=True)

    def __str__(self) -> str:
        return f"archive export {self.pk} ({self.status})"
