from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.fields import Timestamped, notes_field, optional_fk, parent_fk
from kesu.core.jobs import JobStatus, RowsJob
from kesu.members.choices import (
    CURRENT_STATUSES,
    ETHNICITY_CHOICES,
    Education,
    Gender,
    MemberStatus,
    PoliticalStatus,
)


class MemberQuerySet(models.QuerySet):
    def current(self) -> MemberQuerySet:
        """Current members (在册会员): the one definition (members.choices.CURRENT_STATUSES)."""
        return self.filter(status__in=CURRENT_STATUSES)


class Member(Timestamped):
    """A worker on a union's roster.

    The ID number and phone are never stored in clear: `*_enc` holds AES-GCM ciphertext,
    `*_hash` a keyed hash for uniqueness and exact lookup, `*_masked` the display form
    (which is also what tail search reads).
    """

    org = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("所属工会"),
        on_delete=models.PROTECT,
        related_name="members",
        # member_org_status_idx (org, status) serves every lookup by org: a second index
        # on org alone would only slow down writes (large imports).
        db_index=False,
    )
    name = models.CharField(_("姓名"), max_length=60, db_index=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_number_enc = models.TextField(editable=False)
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("身份证号"), max_length=18, editable=False)
    id_tail = models.CharField(max_length=4, db_index=True, editable=False)
    phone_enc = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("手机号"), max_length=11, blank=True, editable=False)
    phone_tail = models.CharField(max_length=4, blank=True, db_index=True, editable=False)
    ethnicity = models.CharField(_("民族"), max_length=8, choices=ETHNICITY_CHOICES, default="汉族")
    education = models.CharField(
        _("文化程度"), max_length=16, choices=Education.choices, blank=True
    )
    political_status = models.CharField(
        _("政治面貌"), max_length=20, choices=PoliticalStatus.choices, blank=True
    )
    employer_name = models.CharField(_("工作单位"), max_length=120, blank=True)
    occupation = models.CharField(_("职业/行业"), max_length=60, blank=True)
    is_migrant_worker = models.BooleanField(_("农民工"), default=False)
    joined_on = models.DateField(_("入会时间"), null=True, blank=True)
    status = models.CharField(
        _("会籍状态"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    notes = notes_field()
    # Set when a member who left has been stripped of what identifies them (PIPL, irreversible;
    # kesu.members.privacy).
    anonymised_at = models.DateTimeField(
        _("个人信息注销时间"), null=True, blank=True, editable=False
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("会员")
        ordering = ["org_id", "id"]
        indexes = [
            # The roster is listed unit by unit: (org, id) serves that order for any subtree
            # with an index scan, and also every lookup by organisation.
            models.Index(fields=["org", "id"], name="member_org_id_idx"),
            models.Index(fields=["birth_date"], name="member_birth_idx"),
            # members.joined and the roster tally's "joined after" correction.
            models.Index(fields=["joined_on"], name="member_joined_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number_masked}）"

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES


class Transfer(models.Model):
    """A member moving between organisations (转会); the history is never rewritten."""

    member = parent_fk(Member, "transfers")
    from_org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    to_org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    transferred_on = models.DateField(_("转会日期"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("转会记录")
        ordering = ["-transferred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_org_id} → {self.to_org_id}"


class ImportJob(RowsJob):
    """One roster upload: validated (dry run) or applied in the background, with progress."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")
        CANCELLING = "cancelling", _("正在取消")
        CANCELLED = "cancelled", _("已取消")

    # A cancel asked while running leaves the row in CANCELLING until the runner stops.
    LIVE_STATUSES = (Status.RUNNING, Status.CANCELLING)

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=200)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    error_file = models.FileField(upload_to="imports/errors/%Y/%m/", blank=True)
    started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        # An upload that ended without rows (rejected file, cancelled) shows as complete.
        if not self.total_rows:
            return 0 if self.status in ("pending", "running") else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ExportJob(RowsJob):
    """A large roster export written in the background. Only its requester may download it:
    the file holds what that user could see (and unmasked only if their role allowed)."""

    Status = JobStatus

    # The requester's organisation when asked: the audit rows are filed under its path.
    org = optional_fk("orgs.Organization", on_delete=models.PROTECT)
    filters = models.JSONField(default=dict, blank=True)
    masked = models.BooleanField(default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)

    def __str__(self) -> str:
        return f"export {self.pk} ({self.status})"


class RosterTally(models.Model):
    """The roster's roll-up: active members attached to one organisation (not its subtree),
    counted per cell (gender, education, age band), ages as of RosterTallyState.as_of. Database triggers mark an
    organisation stale whenever one of its members is written; kesu.members.tally recounts
    stale organisations before every read, so the roll-up is never behind the roster."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(max_length=1)
    education = models.CharField(max_length=16, blank=True)
    band = models.CharField(max_length=8)  # age band at as_of ("-17", "18-29" … "60+")
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.org_id} {self.gender}/{self.education}/{self.band}: {self.count}"


class RosterTotal(models.Model):
    """RosterTally summed over education and age band (at most four rows per organisation):
    what the roster totals read, refreshed together with the tally."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    gender = models.CharField(max_length=1)
    is_migrant_worker = models.BooleanField()
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.org_id} {self.gender}/{self.is_migrant_worker}: {self.count}"


class RosterTallyStale(models.Model):
    """An organisation whose RosterTally rows are behind its members (written by triggers)."""

    org_id = models.BigIntegerField(primary_key=True)

    def __str__(self) -> str:
        return str(self.org_id)


class RosterTallyState(models.Model):
    """One row: the date the tally's age bands refer to; null until the first full count.
    `version` changes with every recount: figures cached under it are never behind."""

    as_of = models.DateField(null=True)
    version = models.CharField(max_length=16, blank=True)

    def __str__(self) -> str:
        return str(self.as_of)


class RosterStatus(models.Model):
    """Every member of one organisation (whatever the status), counted per status, gender and
    migrant flag: the roster list's totals without counting the subtree (recounted with
    RosterTally, kesu.members.tally)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=16)
    gender = models.CharField(max_length=1)
    is_migrant_worker = models.BooleanField()
    count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.org_id} {self.status}/{self.gender}/{self.is_migrant_worker}: {self.count}"
