"""Science-popularisation resources (科普资源): venues and their visits, the expert pool,
and publicity items (信息发布)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.core.codes import decode_codes
from kesu.core.constraints import at_least, newest_by_org, ordered
from kesu.core.fields import ProtectedPhone, Timestamped, notes_field, org_fk, parent_fk
from kesu.core.labels import Named, Titled
from kesu.resources.choices import Channel, ExpertField, VenueKind


class Venue(Timestamped, Named):
    """A science-popularisation venue (科普阵地) owned by an organisation."""

    org = org_fk(_("所属组织"), related_name="venues")
    name = models.CharField(_("名称"), max_length=120)
    kind = models.CharField(_("类型"), max_length=20, choices=VenueKind.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    opened_on = models.DateField(_("建成/启用日期"), null=True, blank=True)
    books_held = models.IntegerField(_("藏书（册）"), null=True, blank=True)
    area_m2 = models.DecimalField(
        _("面积（平方米）"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    is_active = models.BooleanField(_("在用"), default=True)
    notes = notes_field()

    class Meta:
        verbose_name = verbose_name_plural = _("科普阵地")
        ordering = ["org_id", "id"]
        indexes = [models.Index(fields=["org", "kind"], name="venue_org_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(books_held__gte=0) | Q(books_held__isnull=True),
                name="venue_books_held_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(area_m2__gte=0) | Q(area_m2__isnull=True),
                name="venue_area_not_negative",
            ),
        ]


class VenueVisit(models.Model):
    """Visitors (人次) to a venue during one period (a month, a quarter…)."""

    venue = parent_fk(Venue, "visits")
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    visitors = models.IntegerField(_("参观人次"))
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("阵地参观记录")
        ordering = ["-period_start", "-id"]
        constraints = [
            at_least("visitors", name="venuevisit_visitors_not_negative"),
            ordered("period_start", "period_end", "venuevisit_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.venue_id}: {self.period_start}–{self.period_end} {self.visitors}"


class Expert(Timestamped, ProtectedPhone, Named):
    """A lecturer or adviser in an organisation's expert pool (专家库).

    `fields` holds codes wrapped in commas (",health,safety,") so one field is one LIKE.
    The phone is stored like a member's: ciphertext, keyed hash and a masked display form.
    """

    org = org_fk(_("所属组织"), related_name="experts")
    name = models.CharField(_("姓名"), max_length=60)
    fields = models.CharField(_("专业领域"), max_length=200, blank=True)
    title = models.CharField(_("职称"), max_length=60, blank=True)
    employer = models.CharField(_("工作单位"), max_length=120, blank=True)
    notes = notes_field()
    is_active = models.BooleanField(_("在库"), default=True)
    lectures = models.ManyToManyField(
        "activities.Activity", verbose_name=_("讲座活动"), related_name="experts", blank=True
    )

    class Meta:
        verbose_name = _("专家")
        verbose_name_plural = _("专家库")
        ordering = ["org_id", "id"]

    @property
    def field_codes(self) -> list[str]:
        return decode_codes(self.fields)

    @property
    def field_labels(self) -> list[str]:
        labels = dict(ExpertField.choices)
        return [str(labels.get(code, code)) for code in self.field_codes]


class Publication(Timestamped, Titled):
    """One item published on a channel (信息发布)."""

    org = org_fk(_("发布组织"), related_name="publications")
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=200)
    published_on = models.DateField(_("发布日期"))
    link = models.URLField(_("链接"), max_length=500, blank=True)
    notes = notes_field()

    class Meta(newest_by_org("published_on", "publication_org_date_idx")):
        verbose_name = verbose_name_plural = _("信息发布")
