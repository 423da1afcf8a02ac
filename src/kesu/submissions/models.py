"""Upward reporting (信息报送): a unit sends its period report — figures and summary — to its
parent, which accepts it or returns it with a comment.

The figures are frozen at submission (`figures` JSON: code → value, name, unit) together with
the summary text, so later record changes do not alter what was reported; resubmitting after
a return freezes them again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import ordered, unique
from kesu.core.fields import org_fk, user_fk


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已报")
        RETURNED = "returned", _("退回")
        ACCEPTED = "accepted", _("已接收")

    org = org_fk(_("报送单位"))
    parent = org_fk(_("接收单位"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    figures = models.JSONField(_("报送数据"), default=list)  # [{code, name, unit, value}]
    summary_text = models.TextField(_("工作总结"), blank=True)
    summary_docx = models.FileField(_("总结文件"), upload_to="submissions/%Y/", blank=True)
    note = models.TextField(_("报送说明"), blank=True)
    comment = models.TextField(_("退回意见"), blank=True)
    submitted_by = user_fk()
    submitted_at = models.DateTimeField(_("报送时间"))
    reviewed_by = user_fk()
    reviewed_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("报送次数"), default=1)

    class Meta:
        verbose_name = verbose_name_plural = _("信息报送")
        ordering = ["-submitted_at"]
        constraints = [
            unique(["org", "start", "end"], "submission_unique"),
            ordered("start", "end", "submission_range"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}:{self.start}~{self.end}"
