"""Innovation achievements (科技创新成果) with evidence files and staff review, and honours
(先进表彰) awarded to members or to a team/organisation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.achievements.choices import AchievementKind, HonourKind, Level, ReviewStatus
from kesu.core.constraints import newest_by_org
from kesu.core.fields import AuthoredTimestamped, notes_field, org_fk, parent_fk, user_fk
from kesu.core.labels import Titled
from kesu.core.stored_files import FileKind, StoredFile


class Achievement(AuthoredTimestamped, Titled):
    """One innovation result of members of an organisation; counted once staff verify it."""

    org = org_fk(_("所属组织"), related_name="achievements")
    kind = models.CharField(_("成果类型"), max_length=16, choices=AchievementKind.choices)
    title = models.CharField(_("成果名称"), max_length=200)
    achieved_on = models.DateField(_("取得日期"))
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("完成人"), blank=True, related_name="achievements"
    )
    description = models.TextField(_("简介"), blank=True)
    status = models.CharField(
        _("认定状态"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    reviewed_by = user_fk()
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta(newest_by_org("achieved_on", "achievement_org_date_idx")):
        verbose_name = verbose_name_plural = _("科技创新成果")


class EvidenceFile(StoredFile):
    """A document or image proving an achievement; served only through a scoped view."""

    Kind = FileKind

    achievement = parent_fk(Achievement, "files")
    file = models.FileField(_("文件"), upload_to="achievements/%Y/%m/", max_length=200)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)

    class Meta(StoredFile.Meta):
        verbose_name = verbose_name_plural = _("证明材料")


class Honour(AuthoredTimestamped):
    """An honour (先进表彰) of a year, to members and/or a team of the organisation."""

    org = org_fk(_("所属组织"), related_name="honours")
    kind = models.CharField(_("荣誉类型"), max_length=20, choices=HonourKind.choices)
    title = models.CharField(_("荣誉名称"), max_length=200, blank=True)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    members = models.ManyToManyField(
        "members.Member", verbose_name=_("获奖会员"), blank=True, related_name="honours"
    )
    team_name = models.CharField(_("获奖集体"), max_length=200, blank=True)
    awarding_body = models.CharField(_("授予单位"), max_length=200)
    notes = notes_field()

    class Meta(newest_by_org("year", "honour_org_year_idx")):
        verbose_name = verbose_name_plural = _("先进表彰")

    def __str__(self) -> str:
        return self.title or self.get_kind_display()
