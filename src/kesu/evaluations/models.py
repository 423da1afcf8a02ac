"""Target evaluation (目标考评): schemes, their scored items, manual adjustments, and the
published, frozen versions. Actual figures are never stored except inside a published
Evaluation (kesu.evaluations.services.evaluation_publish)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import YEAR_MAX as YEAR_MAX
from kesu.core.constraints import YEAR_MIN as YEAR_MIN
from kesu.core.constraints import unique, year_in_range
from kesu.core.fields import Authored, org_fk, parent_fk, user_fk
from kesu.core.labels import Titled
from kesu.evaluations.choices import Rule
from kesu.orgs.models import Level


class EvaluationScheme(Authored, Titled):
    """An upper organisation's scheme for evaluating its units of one level in one year."""

    org = org_fk(_("考评组织"))
    year = models.PositiveSmallIntegerField(_("年度"))
    level = models.CharField(_("被考评层级"), max_length=12, choices=Level.choices)
    title = models.CharField(_("标题"), max_length=200)

    class Meta:
        verbose_name = verbose_name_plural = _("考评方案")
        ordering = ["-year", "org__path", "level"]
        constraints = [
            unique(
                ["org", "year", "level"],
                "evalscheme_unique_org_year_level",
                _("该组织本年度已有此层级的考评方案"),
            ),
            year_in_range(name="evalscheme_year_range"),
        ]


class SchemeItem(models.Model):
    """One scored indicator: points (weight) and the rule that turns completion into score."""

    scheme = parent_fk(EvaluationScheme, "items", _("考评方案"))
    indicator = models.CharField(_("指标编码"), max_length=60)
    points = models.DecimalField(_("分值"), max_digits=8, decimal_places=2)
    rule = models.CharField(_("计分规则"), max_length=16, choices=Rule.choices)
    # proportional: score = points × min(completion, cap) / 100
    cap = models.DecimalField(_("封顶完成率(%)"), max_digits=6, decimal_places=1, default=100)
    # steps: [[threshold %, points], ...]; the highest threshold reached gives the points
    steps = models.JSONField(_("分档"), default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("考评项目")
        ordering = ["scheme", "pk"]
        constraints = [
            unique(["scheme", "indicator"], "schemeitem_unique_indicator", _("本方案已有该指标")),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}（{self.points}分）"


class ManualAdjustment(models.Model):
    """加分/扣分 for one unit, with a reason and evidence, entered by the evaluator."""

    scheme = parent_fk(EvaluationScheme, "adjustments", _("考评方案"))
    unit = org_fk(_("被考评单位"))
    points = models.DecimalField(_("加减分"), max_digits=8, decimal_places=2)
    reason = models.CharField(_("理由"), max_length=500)
    evidence = models.TextField(_("佐证材料"), blank=True)
    entered_by = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("加减分")
        ordering = ["scheme", "unit__code", "pk"]

    def __str__(self) -> str:
        return f"{self.points:+}（{self.reason}）"


class Evaluation(models.Model):
    """A published, frozen version of a scheme's results."""

    scheme = parent_fk(EvaluationScheme, "evaluations", _("考评方案"))
    version = models.PositiveIntegerField(_("版本"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    published_by = user_fk()
    results = models.JSONField(_("考评结果"), default=dict)

    class Meta:
        verbose_name = verbose_name_plural = _("考评结果")
        ordering = ["scheme", "-version"]
        constraints = [
            unique(["scheme", "version"], "evaluation_unique_version", _("该版本已存在"))
        ]

    def __str__(self) -> str:
        return f"{self.scheme} 第{self.version}版"
