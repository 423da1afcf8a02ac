"""Funds put in place for the work (落实经费): a budget per year and work area, and spending
not carried by another record. Activities, assistance and the rest carry their own money;
kesu.funds.selectors adds them up by work area."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import at_least, newest_by_org, unique
from kesu.core.fields import Authored, money, org_fk
from kesu.leadership.models import AreaKind


class Budget(models.Model):
    """The money set aside for one work area in one year (元)."""

    org = org_fk(_("所属组织"))
    year = models.PositiveSmallIntegerField(_("年度"))
    area = models.CharField(_("工作领域"), max_length=16, choices=AreaKind.choices)
    amount = money(_("预算（元）"))
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("经费预算")
        ordering = ["-year", "org_id", "area"]
        constraints = [
            unique(["org", "year", "area"], "budget_one_per_area", _("该组织本年度此领域已有预算")),
            at_least("amount", name="budget_amount_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_area_display()}预算"


class Expense(Authored):
    """Spending no other record carries (办公设备、宣传品制作…), by work area."""

    org = org_fk(_("所属组织"))
    spent_on = models.DateField(_("支出日期"))
    area = models.CharField(_("工作领域"), max_length=16, choices=AreaKind.choices)
    amount = money(_("金额（元）"))
    description = models.CharField(_("用途"), max_length=200)

    class Meta(newest_by_org("spent_on", "expense_org_date")):
        verbose_name = verbose_name_plural = _("其他支出")
        constraints = [at_least("amount", name="expense_amount_positive", strict=True)]

    def __str__(self) -> str:
        return self.description
