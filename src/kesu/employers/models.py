"""Employers (企业/单位) served by grassroots unions. Union founding, wage agreements and
mutual medical enrolments hang off an employer; assistance may name one as recipient.

The serving union (`org`) is what scopes an employer: a user sees the employers of the
unions in their subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.orgs.models import Organization


class Ownership(models.TextChoices):
    NON_PUBLIC = "non_public", _("非公有制")
    STATE = "state", _("国有")
    COLLECTIVE = "collective", _("集体")
    PUBLIC_INSTITUTION = "institution", _("机关事业")
    OTHER = "other", _("其他")


class Employer(models.Model):
    org = models.ForeignKey(
        Organization, verbose_name=_("服务工会"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("单位名称"), max_length=200)
    # 统一社会信用代码 (GB 32100), checksum-validated by kesu.employers.validation; blank for
    # the few units that have none (e.g. some rural collectives).
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    ownership = models.CharField(_("所有制"), max_length=12, choices=Ownership.choices)
    industry = models.CharField(_("行业"), max_length=60, blank=True)
    staff_count = models.PositiveIntegerField(_("职工人数"), default=0)
    township = models.CharField(_("所在乡镇/街道"), max_length=60, blank=True)
    industrial_park = models.CharField(_("所在园区"), max_length=100, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("企业/单位")
        verbose_name_plural = _("企业/单位")
        ordering = ["org_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="employer_unique_credit_code",
                violation_error_message=_("该统一社会信用代码已登记"),
            ),
        ]

    def __str__(self) -> str:
        return self.name
