"""Knowledge contests (知识竞赛): a paper, an eligible subtree, a period and ranking rules.

Design notes:
- A contest owns exactly one paper (purpose "contest"); the paper's audience rule
  (`paper.org`'s subtree) is the contest's eligibility rule, so `paper.org == contest.org`.
- Nothing about results is stored: leaderboards are computed from `quiz.Attempt` on every
  read (kesu.contests.ranking), so they can never drift from the attempts.
- Certificates are stored once issued so their code can be verified later.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import ordered, unique
from kesu.core.fields import AuthoredTimestamped, org_fk, parent_fk
from kesu.core.labels import Titled
from kesu.members.models import Member
from kesu.quiz.models import Paper


def default_prize_rules() -> list[dict]:
    """一等奖 for the top 3, 二等奖 to rank 10, 三等奖 to rank 30, 优秀奖 for 90%+."""
    return [
        {"name": "一等奖", "top": 3},
        {"name": "二等奖", "top": 10},
        {"name": "三等奖", "top": 30},
        {"name": "优秀奖", "min_percent": "90"},
    ]


class Contest(AuthoredTimestamped, Titled):
    class Status(models.TextChoices):
        DRAFT = "draft", _("筹备中")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")

    org = org_fk(_("主办组织"))
    paper = models.OneToOneField(
        Paper, verbose_name=_("竞赛试卷"), on_delete=models.PROTECT, related_name="contest"
    )
    title = models.CharField(_("竞赛名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # [{"name": "一等奖", "top": 3} | {"name": "优秀奖", "min_percent": "90"}], first match wins.
    prize_rules = models.JSONField(_("奖项规则"), default=default_prize_rules, blank=True)
    weight_participation = models.PositiveSmallIntegerField(_("参与率权重"), default=40)
    weight_average = models.PositiveSmallIntegerField(_("平均分权重"), default=40)
    weight_high_score = models.PositiveSmallIntegerField(_("高分率权重"), default=20)
    high_score_percent = models.DecimalField(
        _("高分线（得分率%）"), max_digits=5, decimal_places=2, default=Decimal("90")
    )

    class Meta:
        verbose_name = verbose_name_plural = _("知识竞赛")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            ordered(
                "starts_at",
                "ends_at",
                "contest_end_after_start",
                _("结束时间应晚于开始时间"),
                strict=True,
            ),
        ]


class Certificate(models.Model):
    """An issued certificate; its code is printed on the PDF and can be checked."""

    class Kind(models.TextChoices):
        PARTICIPATION = "participation", _("参与证书")
        PRIZE = "prize", _("获奖证书")

    contest = parent_fk(Contest, "certificates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("证书类型"), max_length=14, choices=Kind.choices)
    prize = models.CharField(_("奖项"), max_length=40, blank=True)
    code = models.CharField(_("证书编号"), max_length=24, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("竞赛证书")
        constraints = [unique(["contest", "member", "kind"], "contest_certificate_unique")]

    def __str__(self) -> str:
        return self.code


class ContestEntry(models.Model):
    """The contest roll-up (kesu.contests.tally): one row per contest, participant and
    organisation the participant's counted attempts were filed under; the row holding the
    participant's best attempt has `is_best` and that attempt's score and maximum."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    member_id = models.BigIntegerField()
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    is_best = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, null=True)

    class Meta:
        indexes = [models.Index(fields=["contest", "member_id"], name="contest_entry_member_idx")]

    def __str__(self) -> str:
        return f"{self.contest_id}:{self.member_id}@{self.org_id}"


class ContestTallied(models.Model):
    """A contest counted into ContestEntry, with what its counting depended on then (paper,
    period, host organisation's path): a contest without one, or edited since, is recounted."""

    contest = models.OneToOneField(
        Contest, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    stamp = models.CharField(max_length=250)

    def __str__(self) -> str:
        return self.stamp


class ContestTallyStale(models.Model):
    """A paper and member whose attempts were written since they were counted (database
    triggers on the attempts, migration 0002); the next read recounts them."""

    paper_id = models.BigIntegerField()
    member_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.paper_id}:{self.member_id}"


class ContestTallyState(models.Model):
    """One row, locked by whoever recounts (one refresher at a time)."""

    refreshed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return str(self.refreshed_at)
