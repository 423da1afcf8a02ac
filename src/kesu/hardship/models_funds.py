"""Assistance records (帮扶台账) and funds (资金来源、到账). Imported by kesu.hardship.models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import at_least
from kesu.core.fields import Authored, money, optional_fk, org_fk, parent_fk
from kesu.core.labels import Named
from kesu.hardship.choices import AdmissionLevel, AssistanceKind, FundKind, RecipientKind


class FundingSource(Named):
    """Where assistance money comes from (e.g. 2026年市总送温暖专项)."""

    org = org_fk(_("所属组织"))
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("来源类型"), max_length=10, choices=FundKind.choices)
    notes = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("资金来源")
        ordering = ["org_id", "id"]


class FundReceipt(models.Model):
    """Money raised or received for a source on a date (筹集/到账)."""

    source = parent_fk(FundingSource, "receipts")
    received_on = models.DateField(_("到账日期"))
    amount = money(_("金额（元）"))
    notes = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("资金到账")
        ordering = ["-received_on", "-id"]
        constraints = [at_least("amount", name="fundreceipt_amount_nonneg")]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount}"


class Assistance(Authored):
    """One assistance record (帮扶/慰问) in the ledger.

    `recipients` is how many households, employers or people the record reaches: 1 for a
    single member or household, 8 for "慰问8家困难企业" recorded at once, 330 for a group of
    困难乡村保洁员. `amount` is cash; goods are described with their value.
    """

    org = org_fk(_("实施组织"))
    kind = models.CharField(_("帮扶类型"), max_length=16, choices=AssistanceKind.choices)
    given_on = models.DateField(_("日期"))
    amount = money(_("金额（元）"), default=0)
    goods = models.CharField(_("物资"), max_length=200, blank=True)
    goods_value = money(_("物资折价（元）"), default=0)
    recipient_kind = models.CharField(_("对象类型"), max_length=10, choices=RecipientKind.choices)
    recipients = models.PositiveIntegerField(_("对象数（户/家/人）"), default=1)
    group_name = models.CharField(_("群体名称"), max_length=100, blank=True)
    case = optional_fk(
        "hardship.HardshipCase", _("困难档案"), on_delete=models.PROTECT, related_name="assistance"
    )
    member = optional_fk("members.Member", _("职工"), on_delete=models.PROTECT)
    employer = optional_fk("employers.Employer", _("企业"), on_delete=models.PROTECT)
    campaign = optional_fk("activities.Campaign", _("所属活动"))
    funding_source = optional_fk(
        FundingSource, _("资金来源"), on_delete=models.PROTECT, related_name="payments"
    )
    description = models.CharField(_("说明"), max_length=500, blank=True)
    # 金秋助学 only
    student_name = models.CharField(_("学生姓名"), max_length=60, blank=True)
    school = models.CharField(_("录取学校"), max_length=120, blank=True)
    admission_level = models.CharField(
        _("录取层次"), max_length=14, choices=AdmissionLevel.choices, blank=True
    )

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶台账")
        ordering = ["-given_on", "-id"]
        indexes = [
            models.Index(fields=["org", "given_on"], name="assistance_org_date"),
            models.Index(fields=["kind", "given_on"], name="assistance_kind_date"),
        ]
        constraints = [
            at_least("amount", name="assistance_amount_nonneg"),
            at_least("goods_value", name="assistance_goods_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.given_on} {self.get_kind_display()}"

    @property
    def total_value(self):
        return self.amount + self.goods_value
