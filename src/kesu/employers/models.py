"""Employers (企业/单位) served by grassroots unions. Union founding, wage agreements and
mutual medical enrolments hang off an employer; assistance may name one as recipient.

The serving union (`org`) is what scopes an employer: a user sees the employers of the
unions in their subtree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import newest_by_org, ordered, unique
from kesu.core.fields import (
    AuthoredTimestamped,
    Timestamped,
    money,
    notes_field,
    optional_fk,
    org_fk,
)
from kesu.core.labels import Named, Titled
from kesu.employers.choices import AgreementKind, HomeRating, Ownership


class Employer(AuthoredTimestamped, Named):
    org = org_fk(_("服务工会"))
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

    class Meta:
        verbose_name = verbose_name_plural = _("企业/单位")
        ordering = ["org_id", "name"]
        constraints = [
            unique(
                ["credit_code"],
                "employer_unique_credit_code",
                _("该统一社会信用代码已登记"),
                condition=~models.Q(credit_code=""),
            ),
        ]


class UnionFounding(models.Model):
    """建会: the union established in an employer, with the "三亮" and 职工之家 status."""

    employer = models.OneToOneField(
        Employer, verbose_name=_("企业/单位"), on_delete=models.CASCADE, related_name="founding"
    )
    founded_on = models.DateField(_("建会日期"))
    # The grassroots union (or federation) that serves the employer's workers; usually the
    # employer's own `org`, sometimes a regional/industry federation.
    union = org_fk(_("所属工会"))
    sign_hung = models.BooleanField(_("牌子挂起来"), default=False)
    identity_shown = models.BooleanField(_("身份亮出来"), default=False)
    duties_shown = models.BooleanField(_("职责显出来"), default=False)
    home_rating = models.CharField(
        _("职工之家"), max_length=12, choices=HomeRating.choices, blank=True, default=""
    )
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("建会情况")
        ordering = ["-founded_on", "id"]

    def __str__(self) -> str:
        return f"{self.employer} 建会 {self.founded_on}"

    @property
    def three_shown(self) -> bool:
        """ "三亮" fully done."""
        return self.sign_hung and self.identity_shown and self.duties_shown


class WageAgreement(Timestamped, Titled):
    """工资集体协商: one signed collective wage agreement covering one or more employers."""

    org = org_fk(_("协商工会"))
    kind = models.CharField(_("协商类型"), max_length=10, choices=AgreementKind.choices)
    title = models.CharField(_("协议名称"), max_length=200)
    employers = models.ManyToManyField(
        Employer, verbose_name=_("覆盖企业"), related_name="wage_agreements", blank=True
    )
    signed_on = models.DateField(_("签订日期"))
    term_start = models.DateField(_("期限起"))
    term_end = models.DateField(_("期限止"))
    workers_covered = models.PositiveIntegerField(_("覆盖职工人数"), default=0)
    wage_increase_pct = models.DecimalField(
        _("工资增长幅度（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    notes = notes_field()

    class Meta(newest_by_org("signed_on", "wageagr_org_signed_idx")):
        verbose_name = verbose_name_plural = _("工资集体协议")
        constraints = [
            ordered(
                "term_start", "term_end", "wageagr_term_end_after_start", _("期限止不能早于期限起")
            ),
        ]


class MutualMedicalEnrolment(Timestamped):
    """职工医疗互助: shares (份) enrolled by an employer's workers for one year."""

    org = org_fk(_("工会"))
    employer = optional_fk(
        Employer, _("企业/单位"), on_delete=models.PROTECT, related_name="medical_enrolments"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    shares = models.PositiveIntegerField(_("参保份数"))
    amount = money(_("金额（元）"), null=True, blank=True)
    notes = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("医疗互助参保")
        ordering = ["-year", "org_id", "id"]
        indexes = [models.Index(fields=["org", "year"], name="medmutual_org_year_idx")]
        constraints = [
            unique(
                ["employer", "year"],
                "medmutual_unique_employer_year",
                _("该单位本年度已登记参保份数"),
                condition=models.Q(employer__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.shares}份"
