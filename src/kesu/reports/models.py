"""Work summary drafts (工作总结) and the Word templates unions upload.

A draft stores only what records cannot give — the user's narrative — never figures: the
figures are computed again from the records whenever the summary is previewed or exported
(a submitted report freezes its own copy; see kesu.submissions).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import ordered, unique
from kesu.core.fields import Authored, AuthoredTimestamped, org_fk, parent_fk, user_fk
from kesu.core.labels import Named
from kesu.reports.periods import CUSTOM, KINDS


class WorkSummary(AuthoredTimestamped):
    """The narrative of one organisation for one reporting period (see reports.periods);
    its drafts are versions. Any date range opened inside the period finds it."""

    org = org_fk(_("组织"))
    period = models.CharField(_("期间类型"), max_length=8, choices=KINDS, default=CUSTOM)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("截止日期"))
    style = models.CharField(_("数字写法"), max_length=8, default="exact")

    class Meta:
        verbose_name = verbose_name_plural = _("工作总结")
        ordering = ["-end", "org__path"]
        constraints = [
            unique(["org", "start", "end"], "summary_unique_period"),
            ordered("start", "end", "summary_range"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id}:{self.start}~{self.end}"


class SummaryDraft(Authored):
    """One version of the user's narrative parts. Autosaves amend the latest version while
    the same user keeps typing; a manual save or a pause starts a new one."""

    summary = parent_fk(WorkSummary, "drafts")
    version = models.PositiveIntegerField(_("版本"))
    opening = models.TextField(_("开篇段落"), blank=True)
    extra = models.TextField(_("其他工作"), blank=True)
    problems = models.TextField(_("存在的问题"), blank=True)
    next_plan = models.TextField(_("下一步工作计划"), blank=True)
    note = models.CharField(_("版本说明"), max_length=200, blank=True)
    autosaved = models.BooleanField(_("自动保存"), default=False)
    updated_at = models.DateTimeField(_("最后保存"), default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("总结草稿")
        ordering = ["summary_id", "-version"]
        constraints = [unique(["summary", "version"], "draft_unique_version")]

    def __str__(self) -> str:
        return f"v{self.version}"


class SummaryTemplate(Named):
    """A Word template uploaded by an organisation; used by its whole subtree unless a unit
    below uploads its own (the nearest one wins; none: the shipped default)."""

    org = org_fk(_("组织"))
    name = models.CharField(_("模板名称"), max_length=120)
    file = models.FileField(_("模板文件"), upload_to="summary-templates/%Y/")
    is_active = models.BooleanField(_("启用"), default=True)
    uploaded_by = user_fk()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("总结模板")
        ordering = ["-uploaded_at"]
