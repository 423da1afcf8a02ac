"""Science-literacy assessment (科学素质测评) by the national method.

- `LiteracyScheme`: how an attempt becomes a 100-point score, a tier and "literate" (具备).
  Two ship with the platform (kesu.assessment.schemes, created on first use): the national survey's since 2022 and the older
  基准 scheme. Thresholds are compared as exact Decimals (69.9 → 不具备, 70 → 具备).
- `LiteracyAssessment`: an instrument (a quiz `Paper` with dimension-tagged items) given to
  the subtree of `org` in a period, scored by a scheme. Attempts live in kesu.quiz.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.orgs.models import Organization
from kesu.quiz.models import Paper


class LiteracyScheme(models.Model):
    class Method(models.TextChoices):
        # Σ weight_d × earned_d / possible_d over the four dimensions (weights sum to 100).
        DIMENSIONS = "dimensions", _("按维度加权计分")
        # earned / possible over the whole paper × 100 (基准: 50 题 × 2 分, 60% 正确 = 具备).
        CORRECT_SHARE = "correct_share", _("按总正确率计分")

    code = models.SlugField(_("编码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    method = models.CharField(_("计分方法"), max_length=16, choices=Method.choices)
    # {"knowledge": "40", "method": "20", "spirit": "20", "application": "20"}
    weights = models.JSONField(_("维度权重"), default=dict, blank=True)
    # Highest first: [{"min": "85", "name": "具备高阶科学素质", "literate": true}, …]; the last
    # tier has min "0".
    tiers = models.JSONField(_("等级"), default=list)
    description = models.TextField(_("说明"), blank=True)
    is_builtin = models.BooleanField(_("系统内置"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("测评方案")
        verbose_name_plural = _("测评方案")
        ordering = ["-is_builtin", "code"]

    def __str__(self) -> str:
        return self.name


class LiteracyAssessment(models.Model):
    """An assessment given to `org`'s subtree in a period. A member's result is their latest
    submitted attempt on `paper` in the period (re-sits replace earlier results)."""

    org = models.ForeignKey(
        Organization, verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("测评名称"), max_length=200)
    paper = models.ForeignKey(
        Paper, verbose_name=_("测评试卷"), on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        LiteracyScheme, verbose_name=_("测评方案"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    description = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("科学素质测评")
        verbose_name_plural = _("科学素质测评")
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="assessment_period_order",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.title
