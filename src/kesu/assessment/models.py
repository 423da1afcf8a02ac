"""Science-literacy assessment (科学素质测评) by the national method.

- `LiteracyScheme`: how an attempt becomes a 100-point score, a tier and "literate" (具备).
  Two ship with the platform (kesu.assessment.schemes, created on first use): the national survey's since 2022 and the older
  基准 scheme. Thresholds are compared as exact Decimals (69.9 → 不具备, 70 → 具备).
- `LiteracyAssessment`: an instrument (a quiz `Paper` with dimension-tagged items) given to
  the subtree of `org` in a period, scored by a scheme. Attempts live in kesu.quiz.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import END_BEFORE_START, ordered, unique
from kesu.core.fields import Authored, optional_fk, org_fk, parent_fk, user_fk
from kesu.core.labels import Named, Titled
from kesu.quiz.models import Paper


class LiteracyScheme(Named):
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
        verbose_name = verbose_name_plural = _("测评方案")
        ordering = ["-is_builtin", "code"]


class LiteracyAssessment(Authored, Titled):
    """An assessment given to `org`'s subtree in a period. A member's result is their latest
    submitted attempt on `paper` in the period (re-sits replace earlier results)."""

    org = org_fk(_("组织单位"))
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

    class Meta:
        verbose_name = verbose_name_plural = _("科学素质测评")
        ordering = ["-period_end", "-id"]
        constraints = [
            ordered("period_start", "period_end", "assessment_period_order", END_BEFORE_START),
        ]


class SampleDesign(models.Model):
    """A stratified random sample of the roster of the assessment's organisation (抽样设计):
    how it was stratified and allocated, the seed, and each stratum's frame size and share
    (`strata`: [{"key", "label", "population", "sd", "allocated", "reserve"}]). Drawing it
    again from the same roster with the same seed gives the same members (kesu.assessment.design)."""

    class Stratify(models.TextChoices):
        UNIT = "unit", _("按下级单位")
        CELLS = "cells", _("按性别×年龄段×文化程度")
        UNIT_CELLS = "unit_cells", _("按下级单位及性别×年龄段×文化程度")

    class Allocation(models.TextChoices):
        PROPORTIONAL = "proportional", _("按比例分配")
        NEYMAN = "neyman", _("最优分配（奈曼）")

    assessment = models.OneToOneField(
        LiteracyAssessment,
        verbose_name=_("科学素质测评"),
        on_delete=models.CASCADE,
        related_name="sample_design",
    )
    stratify_by = models.CharField(_("分层方式"), max_length=16, choices=Stratify.choices)
    allocation = models.CharField(_("分配方式"), max_length=16, choices=Allocation.choices)
    size = models.PositiveIntegerField(_("样本量"))
    min_per_stratum = models.PositiveIntegerField(_("每层最少人数"), default=0)
    reserve_per_stratum = models.PositiveIntegerField(_("每层备选人数"), default=0)
    seed = models.BigIntegerField(_("随机种子"))
    frame_on = models.DateField(_("年龄计算日期"))
    frame_size = models.PositiveIntegerField(_("抽样框人数"))
    margin_points = models.DecimalField(
        _("目标误差（百分点）"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    confidence = models.PositiveSmallIntegerField(_("置信度（%）"), default=95)
    response_rate = models.PositiveSmallIntegerField(_("预计应答率（%）"), default=100)
    deff = models.FloatField(_("设计效应"), default=1.0)
    prior = optional_fk(LiteracyAssessment, _("往期测评（最优分配的依据）"))
    strata = models.JSONField(_("各层"), default=list)
    drawn_by = user_fk()
    drawn_at = models.DateTimeField(_("抽样时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("抽样设计")

    def __str__(self) -> str:
        return f"{self.assessment}（{self.size}人）"


class SampleMember(models.Model):
    """A member drawn into the sample or the reserve of a stratum. A sampled member who cannot
    take part is `replaced` (with the reason) by the next reserve of the same stratum."""

    class Status(models.TextChoices):
        SAMPLED = "sampled", _("入样")
        RESERVE = "reserve", _("备选")
        REPLACED = "replaced", _("已替换")

    design = parent_fk(SampleDesign, "members")
    member = models.ForeignKey(
        "members.Member", verbose_name=_("会员"), on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.CharField(_("分层"), max_length=200)
    position = models.PositiveIntegerField(_("抽取顺序"))  # within the stratum's draw
    drawn_as = models.CharField(_("抽取为"), max_length=8, choices=Status.choices[:2])
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices)
    invited_at = models.DateTimeField(_("邀请时间"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )
    replaced_reason = models.CharField(_("替换原因"), max_length=200, blank=True)
    replaced_at = models.DateTimeField(_("替换时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("样本成员")
        ordering = ["design", "stratum", "position"]
        constraints = [
            unique(["design", "member"], "sample_member_once", _("该会员已在本次抽样中"))
        ]
        indexes = [models.Index(fields=["member", "status"], name="sample_member_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.stratum} #{self.position}"


class SampleReminder(models.Model):
    """A reminder sent to a sampled member who has not answered yet (shown to the member)."""

    sample_member = parent_fk(SampleMember, "reminders")
    note = models.CharField(_("提醒内容"), max_length=200, blank=True)
    sent_by = user_fk()
    sent_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("答题提醒")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"提醒 {self.sent_at:%Y-%m-%d %H:%M}"


class LiteracyEntry(models.Model):
    """The literacy roll-up (kesu.assessment.tally): one row per attempt handed in on an
    assessment's paper, with what the literacy shares need of it — its result by the scheme
    of the assessment using the paper, and the member's gender, education and birth date —
    so that the figures neither score attempts nor join the roster."""

    attempt_id = models.BigIntegerField(primary_key=True)
    member_id = models.BigIntegerField()
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField()
    # When the member's next attempt (by submission time, then id) was handed in; null for
    # their latest. A row is its member's latest of a range ending before `hi` when this is
    # null or not before `hi`: no sort of the range's rows per figure.
    superseded_at = models.DateTimeField(null=True)
    scored = models.BooleanField()  # False: nothing the scheme can score
    literate = models.BooleanField()
    gender = models.CharField(max_length=1)
    education = models.CharField(max_length=16, blank=True)
    birth_date = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["submitted_at"], name="literacy_entry_submitted_idx"),
            models.Index(fields=["member_id"], name="literacy_entry_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.member_id}"


class LiteracyTallyStale(models.Model):
    """A member whose LiteracyEntry rows may be behind: one of their attempts, or their
    gender, education or birth date, was written (database triggers, migration 0003)."""

    member_id = models.BigIntegerField()

    def __str__(self) -> str:
        return str(self.member_id)


class LiteracyTallyState(models.Model):
    """One row: the schemes the entries were scored by (paper → scheme definition, as JSON);
    empty until the first full count. Any other set of schemes recounts everything."""

    schemes = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.schemes[:60]
