"""Hardship-worker files (困难职工档案), their life cycle and reviews, assistance (帮扶)
records and the funds behind them.

A file belongs to one household and is applied for by a member (members only: a worker
must be on a roster to be filed). ID numbers of household members are stored like the
roster's: ciphertext, keyed hash (for the duplicate check and exact search) and a mask.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import at_least, unique
from kesu.core.fields import ProtectedIdNumber, Timestamped, notes_field, org_fk, parent_fk, user_fk
from kesu.core.stored_files import StoredFile
from kesu.hardship.choices import Cause, Status, Tier


class LivingStandard(models.Model):
    """The local minimum-living standard (低保标准, 元/人·月) of an area for one year.

    The standard of an organisation's nearest ancestor applies where it has none. The
    multiplier is the ceiling of 相对困难 as a multiple of the standard (1.5 by default)."""

    org = org_fk(_("地区（组织）"))
    year = models.PositiveSmallIntegerField(_("年度"))
    monthly_amount = models.DecimalField(_("低保标准（元/人·月）"), max_digits=10, decimal_places=2)
    relative_multiplier = models.DecimalField(
        _("相对困难上限倍数"), max_digits=4, decimal_places=2, default=Decimal("1.50")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("低保标准")
        ordering = ["org_id", "-year"]
        constraints = [
            unique(["org", "year"], "livingstandard_org_year"),
            at_least("monthly_amount", name="livingstandard_amount_positive", strict=True),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.monthly_amount}"


class HardshipCase(Timestamped):
    """One household's hardship file (困难职工档案)."""

    org = org_fk(_("建档组织"))
    applicant = models.ForeignKey(
        "members.Member", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    # The applicant's ID hash, copied at filing: duplicate check and search by ID number.
    applicant_id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    # …so `kesu keys rotate --rehash` recomputes it from the applicant (kesu.core.keyring).
    hash_copies = {"applicant_id_hash": "applicant__id_number_hash"}
    household_size = models.PositiveSmallIntegerField(_("家庭人口"))
    income_per_head = models.DecimalField(
        _("家庭月人均收入（元）"), max_digits=10, decimal_places=2
    )
    standard_amount = models.DecimalField(
        _("适用低保标准（元/人·月）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    cause = models.CharField(_("致困原因"), max_length=16, choices=Cause.choices)
    tier = models.CharField(_("困难类别"), max_length=10, choices=Tier.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.FILED
    )
    is_temporary = models.BooleanField(_("临时档案"), default=False)
    filed_on = models.DateField(_("建档日期"))
    out_on = models.DateField(_("解困脱困日期"), null=True, blank=True)
    closed_on = models.DateField(_("销档日期"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("最近复核日期"), null=True, blank=True)
    review_due_on = models.DateField(_("下次复核到期"), db_index=True)
    phone_masked = models.CharField(_("联系电话"), max_length=11, blank=True)
    address = models.CharField(_("家庭住址"), max_length=200, blank=True)
    notes = notes_field(_("困难情况说明"))

    class Meta:
        verbose_name = verbose_name_plural = _("困难职工档案")
        ordering = ["org_id", "id"]
        indexes = [models.Index(fields=["org", "status"], name="hardship_case_org_status")]
        constraints = [
            unique(
                ["applicant"],
                "hardship_one_open_file_per_applicant",
                _("该职工已有未销档的困难档案"),
                condition=~Q(status="closed"),
            ),
            at_least("income_per_head", name="hardship_income_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant.name}家庭困难档案"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED


class HouseholdMember(ProtectedIdNumber):
    """A person in the household of a file (the applicant included or not, as entered)."""

    case = parent_fk(HardshipCase, "household")
    name = models.CharField(_("姓名"), max_length=60)
    relation = models.CharField(_("与申请人关系"), max_length=20)

    class Meta:
        verbose_name = verbose_name_plural = _("家庭成员")
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.relation}）"


class CaseEvent(models.Model):
    """A life-cycle step of a file: filing, a status change, becoming regular. Audited too;
    this row is what `hardship.out_of_hardship` counts."""

    case = parent_fk(HardshipCase, "events")
    on = models.DateField(_("日期"))
    from_status = models.CharField(_("原状态"), max_length=10, blank=True)
    to_status = models.CharField(_("新状态"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("原因"), max_length=500)
    actor = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("档案变动")
        ordering = ["case_id", "on", "id"]
        indexes = [models.Index(fields=["to_status", "on"], name="hardship_event_status_on")]

    def __str__(self) -> str:
        return f"{self.on} {self.from_status}→{self.to_status}"


class Review(models.Model):
    """An annual review (复核) of a file; the next one falls due a year later."""

    class Conclusion(models.TextChoices):
        KEEP = "keep", _("维持")
        ADJUST = "adjust", _("调整信息")
        OUT = "out", _("建议解困脱困")
        CLOSE = "close", _("建议销档")

    case = parent_fk(HardshipCase, "reviews")
    reviewed_on = models.DateField(_("复核日期"))
    conclusion = models.CharField(_("复核结论"), max_length=10, choices=Conclusion.choices)
    income_per_head = models.DecimalField(
        _("复核时月人均收入（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    notes = models.CharField(_("说明"), max_length=500, blank=True)
    reviewer = user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("复核记录")
        ordering = ["case_id", "-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reviewed_on} {self.get_conclusion_display()}"


class CaseDocument(StoredFile):
    """A photo or PDF proving a file (收入证明, 病历…); served only by a scoped view."""

    case = parent_fk(HardshipCase, "documents")
    file = models.FileField(_("文件"), upload_to="hardship/%Y/%m/", max_length=200)
    is_image = models.BooleanField(default=False)

    class Meta(StoredFile.Meta):
        verbose_name = verbose_name_plural = _("档案材料")


from kesu.hardship.models_funds import (  # noqa: E402  (split for size; one models module)
    AdmissionLevel,
    Assistance,
    AssistanceKind,
    FundingSource,
    FundKind,
    FundReceipt,
    RecipientKind,
)

__all__ = [
    "AdmissionLevel",
    "Assistance",
    "AssistanceKind",
    "CaseDocument",
    "CaseEvent",
    "Cause",
    "FundKind",
    "FundReceipt",
    "FundingSource",
    "HardshipCase",
    "HouseholdMember",
    "LivingStandard",
    "RecipientKind",
    "Review",
    "Status",
    "Tier",
]
