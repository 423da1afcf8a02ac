"""Labour and skill competitions (劳动竞赛, 技能比赛, 安康杯), worker libraries (职工书屋)
and sports and culture events (文体活动)."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from kesu.competitions.choices import CompetitionKind, CultureKind, Level, LibraryRecognition
from kesu.core.constraints import END_BEFORE_START, newest_by_org, once_per_member, ordered, yearly
from kesu.core.fields import Timestamped, notes_field, optional_fk, org_fk, parent_fk
from kesu.core.labels import Named, Titled
from kesu.employers.models import Employer


class Competition(Timestamped, Titled):
    """A competition organised by a union; participants are the entries plus a head count
    of people who are not on a roster (`extra_participants`)."""

    org = org_fk(_("主办工会"))
    kind = models.CharField(_("类型"), max_length=10, choices=CompetitionKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    level = models.CharField(
        _("级别"), max_length=12, choices=Level.choices, default=Level.DISTRICT
    )
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    employers = models.ManyToManyField(
        Employer, verbose_name=_("参赛企业"), related_name="competitions", blank=True
    )
    extra_participants = models.PositiveIntegerField(
        _("其他参赛人数"), default=0, help_text=_("未在名册中登记的参赛职工人数")
    )
    notes = notes_field()

    class Meta(newest_by_org("start_on", "competition_org_start_idx")):
        verbose_name = verbose_name_plural = _("劳动/技能竞赛")
        constraints = [
            ordered("start_on", "end_on", "competition_end_after_start", END_BEFORE_START),
        ]


class CompetitionEntry(Named):
    """One contestant: a roster member or a named non-member, with the result."""

    competition = parent_fk(Competition, "entries")
    member = optional_fk("members.Member", _("会员"))
    name = models.CharField(_("姓名"), max_length=60)
    employer = optional_fk(Employer, _("单位"))
    score = models.DecimalField(_("成绩"), max_digits=8, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    result = models.CharField(_("获奖情况"), max_length=100, blank=True)
    sent_on = models.BooleanField(_("推荐参加上级比赛"), default=False)

    class Meta:
        verbose_name = verbose_name_plural = _("参赛记录")
        ordering = ["competition_id", F("rank").asc(nulls_last=True), "id"]
        constraints = [
            once_per_member(["competition"], "entry_unique_member", _("该会员已在参赛名单中"))
        ]


class LibraryRecord(models.Model):
    """A worker library's (职工书屋, a resources Venue) figures for one year."""

    venue = parent_fk("resources.Venue", "library_records", _("职工书屋"))
    year = models.PositiveSmallIntegerField(_("年度"))
    books = models.PositiveIntegerField(_("藏书（册）"), default=0)
    new_books = models.PositiveIntegerField(_("新增图书（册）"), default=0)
    borrowings = models.PositiveIntegerField(_("借阅（人次）"), null=True, blank=True)
    is_new = models.BooleanField(_("本年新建"), default=False)
    recognition = models.CharField(
        _("示范点级别"),
        max_length=12,
        choices=LibraryRecognition.choices,
        blank=True,
        default="",
    )
    notes = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(yearly("venue", "library_unique_venue_year", _("该职工书屋本年度已有记录"))):
        verbose_name = verbose_name_plural = _("职工书屋年度情况")

    def __str__(self) -> str:
        return f"{self.venue} {self.year}"


class CultureEvent(Timestamped, Titled):
    """A sports or culture event (文体活动) with its teams, participants and results."""

    org = org_fk(_("主办工会"))
    kind = models.CharField(_("类型"), max_length=12, choices=CultureKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"))
    teams = models.PositiveIntegerField(_("参赛队伍"), default=0)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    results = models.TextField(_("比赛结果"), blank=True)

    class Meta(newest_by_org("start_on", "culture_org_start_idx")):
        verbose_name = verbose_name_plural = _("文体活动")
        constraints = [ordered("start_on", "end_on", "culture_end_after_start", END_BEFORE_START)]
