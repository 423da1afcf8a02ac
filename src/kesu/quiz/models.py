"""Question banks, papers and attempts: the records every quiz, contest and literacy
assessment is made of.

Design notes (read before adding fields):
- A question is versioned by `family`: editing a question that has been answered writes a
  new row with the same family and `version + 1`; attempts keep pointing at the row they saw.
- An attempt keeps the drawn questions, their option permutations, the answers and the
  per-item results as JSON on one row, so a submission is one UPDATE (contest load) and a
  result can never drift from what the member saw.
- `Attempt.dimension_scores` holds {dimension: [earned, possible]} so literacy schemes
  (kesu.assessment) can score an attempt without re-reading its questions.
- The audience of a paper is `paper.org`'s subtree; contests and assessments reuse that rule.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import unique
from kesu.core.fields import Authored, AuthoredTimestamped, optional_fk, org_fk, parent_fk
from kesu.core.labels import Named, Titled
from kesu.members.models import Member
from kesu.orgs.models import Organization
from kesu.quiz.choices import Dimension, QuestionType


class QuestionBank(AuthoredTimestamped, Named):
    """A bank owned by an organisation and usable by its whole subtree (shared downward)."""

    org = org_fk(_("所属组织"))
    name = models.CharField(_("题库名称"), max_length=120)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("题库")
        ordering = ["org__path", "name"]
        # The display stamp, the newest of all banks, is read by every contest start and
        # fetch (kesu.quiz.papers.prepared.shown_newest): one index probe.
        indexes = [models.Index(fields=["updated_at"], name="quiz_bank_updated_at")]


class Question(Authored):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ACTIVE = "active", _("启用")
        RETIRED = "retired", _("停用")

    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("题库"), on_delete=models.PROTECT, related_name="questions"
    )
    family = models.PositiveIntegerField(_("试题编号"), db_index=True)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    is_current = models.BooleanField(_("当前版本"), default=True)
    type = models.CharField(_("题型"), max_length=10, choices=QuestionType.choices)
    stem = models.TextField(_("题干"))
    # Option texts in their canonical order; `answer` holds indexes into it (judge: [0] 正确).
    options = models.JSONField(_("选项"), default=list)
    answer = models.JSONField(_("正确答案"), default=list)
    explanation = models.TextField(_("解析"), blank=True)
    topic = models.CharField(_("主题"), max_length=60, blank=True)
    difficulty = models.PositiveSmallIntegerField(_("难度"), default=2)  # 1 易 … 3 难
    dimension = models.CharField(_("维度"), max_length=12, choices=Dimension.choices)
    benchmark_code = models.CharField(_("基准点"), max_length=20, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    # International comparison (NSF S&E Indicators items): code and published % correct,
    # e.g. {"CN2015": 47, "US2018": 86}; empty for other items.
    intl_code = models.CharField(_("国际比较题号"), max_length=20, blank=True)
    intl_rates = models.JSONField(_("国际正确率"), default=dict, blank=True)
    stem_hash = models.CharField(max_length=64, db_index=True)  # normalised stem, for duplicates

    class Meta:
        verbose_name = verbose_name_plural = _("试题")
        ordering = ["bank_id", "family", "version"]
        constraints = [unique(["family", "version"], "question_family_version")]
        indexes = [models.Index(fields=["bank", "is_current", "status"], name="question_bank_idx")]

    def __str__(self) -> str:
        return self.stem[:40]


class Paper(AuthoredTimestamped, Titled):
    class Purpose(models.TextChoices):
        PRACTICE = "practice", _("答题练习")
        CONTEST = "contest", _("知识竞赛")
        ASSESSMENT = "assessment", _("素质测评")

    class Mode(models.TextChoices):
        FIXED = "fixed", _("固定试题")
        RANDOM = "random", _("按规则随机抽题")

    class MultipleRule(models.TextChoices):
        ALL_OR_NOTHING = "all", _("全对得分")
        PARTIAL = "partial", _("少选得一半分，错选不得分")
        PER_OPTION = "per_option", _("按选对比例得分，错选不得分")

    class ShowAnswers(models.TextChoices):
        NEVER = "never", _("不公布")
        AFTER_SUBMIT = "submit", _("交卷后公布")
        AFTER_CLOSE = "close", _("结束后公布")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")

    org = org_fk(_("组织单位"))
    title = models.CharField(_("试卷名称"), max_length=200)
    purpose = models.CharField(
        _("用途"), max_length=12, choices=Purpose.choices, default=Purpose.PRACTICE
    )
    mode = models.CharField(_("组卷方式"), max_length=8, choices=Mode.choices, default=Mode.FIXED)
    multiple_rule = models.CharField(
        _("多选题计分"),
        max_length=12,
        choices=MultipleRule.choices,
        default=MultipleRule.ALL_OR_NOTHING,
    )
    shuffle_options = models.BooleanField(_("选项乱序"), default=True)
    time_limit_seconds = models.PositiveIntegerField(_("限时（秒）"), null=True, blank=True)
    attempts_per_day = models.PositiveSmallIntegerField(_("每日可答次数"), null=True, blank=True)
    attempts_total = models.PositiveSmallIntegerField(_("总可答次数"), null=True, blank=True)
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    pass_mark = models.DecimalField(
        _("及格分"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    show_answers = models.CharField(
        _("答案与解析"),
        max_length=8,
        choices=ShowAnswers.choices,
        default=ShowAnswers.AFTER_SUBMIT,
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("试卷")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="paper_close_after_open",
                violation_error_message=_("截止时间应晚于开始时间"),
            ),
        ]


class PaperItem(models.Model):
    """A fixed question of a paper (mode=fixed), pinned to the version chosen."""

    paper = parent_fk(Paper, "items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=2, default=1)
    position = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        ordering = ["paper_id", "position", "id"]
        constraints = [unique(["paper", "question"], "paperitem_unique")]

    def __str__(self) -> str:
        return f"{self.paper_id}#{self.position}"


class PaperRule(models.Model):
    """A drawing rule (mode=random): `count` current active questions of `type` from the
    banks usable by the paper's organisation, optionally limited to a topic/dimension."""

    paper = parent_fk(Paper, "rules")
    type = models.CharField(_("题型"), max_length=10, choices=QuestionType.choices)
    count = models.PositiveSmallIntegerField(_("题数"))
    points = models.DecimalField(_("每题分值"), max_digits=6, decimal_places=2, default=1)
    bank = optional_fk(QuestionBank, on_delete=models.PROTECT)
    topic = models.CharField(_("主题"), max_length=60, blank=True)
    dimension = models.CharField(_("维度"), max_length=12, choices=Dimension.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        ordering = ["paper_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_type_display()}×{self.count}"


class Attempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("答题中")
        SUBMITTED = "submitted", _("已交卷")
        EXPIRED = "expired", _("超时交卷")

    class Source(models.TextChoices):
        ONLINE = "online", _("线上答题")
        PAPER = "paper", _("纸质答卷导入")
        SCORES = "scores", _("维度得分导入")

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="attempts")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attempts")
    # The member's organisation when the attempt started: unit rankings stay stable
    # after a transfer.
    org = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.ONLINE)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    # [{"q": question_id, "perm": [shown position -> canonical option index], "points": "2"}]
    layout = models.JSONField(default=list)
    answers = models.JSONField(default=dict)  # {question_id: [canonical option indexes]}
    results = models.JSONField(default=dict)  # {question_id: earned points as str}
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    correct_count = models.PositiveSmallIntegerField(default=0)
    item_count = models.PositiveSmallIntegerField(default=0)
    dimension_scores = models.JSONField(default=dict)  # {dimension: [earned, possible]}
    # The same as text, kept by the database: literacy figures group thousands of attempts
    # by their sub-scores, and casting each one there cost more than the rest of the query.
    dimension_key = models.GeneratedField(
        expression=Cast("dimension_scores", models.TextField()),
        output_field=models.TextField(),
        db_persist=True,
    )
    passed = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("答题")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["paper", "member", "started_at"], name="attempt_member_idx"),
            models.Index(fields=["paper", "status", "org"], name="attempt_paper_status_idx"),
            # Submitted attempts, covering (migrations 0002, 0004: what it serves): figures
            # over many attempts and each member's latest one read the index alone.
            # INCLUDE is PostgreSQL's; SQLite builds the same key without it.
            models.Index(
                fields=["paper", "member", "-submitted_at", "-id"],
                name="quiz_attempt_submitted_cover",
                include=[
                    "status",
                    "org",
                    "score",
                    "max_score",
                    "duration_seconds",
                    "dimension_key",
                ],
                condition=models.Q(submitted_at__isnull=False),
            ),
        ]
        constraints = [
            # At most one attempt in progress per member and paper: a start is one
            # INSERT … ON CONFLICT DO NOTHING against it (kesu.quiz.attempts.lean).
            models.UniqueConstraint(
                fields=["member", "paper"],
                condition=models.Q(status="in_progress"),
                name="attempt_one_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paper_id}:{self.member_id}"
