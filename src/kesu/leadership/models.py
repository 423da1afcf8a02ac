"""How the work is organised (DOMAIN.md, "Organisation of the work"): the leading group and
its office, the leader, section and staff of each work area, the meetings held or attended,
and the volunteer and lecturer teams with the service their members gave."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kesu.core.constraints import newest_by_org, once_per_member, yearly
from kesu.core.fields import (
    ProtectedIdNumber,
    ProtectedPhone,
    Timestamped,
    notes_field,
    optional_fk,
    org_fk,
    parent_fk,
    user_fk,
)
from kesu.core.labels import Named
from kesu.leadership.choices import AreaKind, GroupRole, MeetingLevel, MeetingMode, TeamKind

ORG = {
    "to": "orgs.Organization",
    "verbose_name": _("所属组织"),
    "on_delete": models.PROTECT,
    "related_name": "+",
}


class LeadingGroup(Timestamped):
    """An organisation's leading group (领导小组) for one year, with its office (办公室)."""

    org = org_fk(_("所属组织"))
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=60, default="全民科学素质工作领导小组")
    office_section = models.CharField(
        _("办公室设在"), max_length=60, blank=True, help_text=_("如：宣教部")
    )
    office_contact = models.CharField(_("办公室联系人"), max_length=30, blank=True)
    office_phone = models.CharField(_("办公室电话"), max_length=30, blank=True)
    notes = notes_field()

    class Meta(yearly("org", "leadinggroup_one_per_year", _("该组织本年度已有领导小组"))):
        verbose_name = verbose_name_plural = _("领导小组")

    def __str__(self) -> str:
        return f"{self.year}年{self.name}"


class GroupMember(models.Model):
    """One person in a leading group: role in the group, job title, login if any."""

    group = parent_fk(LeadingGroup, "members")
    role = models.CharField(_("小组职务"), max_length=8, choices=GroupRole.choices)
    name = models.CharField(_("姓名"), max_length=30)
    job_title = models.CharField(
        _("职务"), max_length=60, blank=True, help_text=_("如：区总工会主席")
    )
    user = user_fk(verbose_name=_("关联账号"))
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("领导小组成员")
        ordering = ["group_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"


class WorkArea(models.Model):
    """Who answers for one work area in a year: 分管领导, 承办科室, 责任人."""

    org = org_fk(_("所属组织"))
    year = models.PositiveSmallIntegerField(_("年度"))
    area = models.CharField(_("工作领域"), max_length=16, choices=AreaKind.choices)
    leader_in_charge = models.CharField(_("分管领导"), max_length=60)
    lead_section = models.CharField(_("承办科室"), max_length=60)
    responsible_staff = models.CharField(_("责任人"), max_length=100, blank=True)
    notes = notes_field()

    class Meta(
        yearly("org", "workarea_one_per_year", _("该组织本年度已有此项分工"), per=("area",))
    ):
        verbose_name = verbose_name_plural = _("工作分工")

    def __str__(self) -> str:
        return f"{self.year}年{self.get_area_display()}"


class Meeting(models.Model):
    """A meeting the organisation held (专题会议、推进会) or sent someone to (协调会议)."""

    org = org_fk(_("所属组织"))
    mode = models.CharField(_("方式"), max_length=10, choices=MeetingMode.choices)
    held_on = models.DateField(_("日期"))
    level = models.CharField(_("层级"), max_length=10, choices=MeetingLevel.choices)
    topic = models.CharField(_("会议名称/议题"), max_length=200)
    attendees = models.CharField(_("参会人员"), max_length=300, blank=True)
    decisions = models.TextField(_("议定事项"), blank=True)
    minutes = models.FileField(_("会议纪要"), upload_to="meetings/%Y/", max_length=200, blank=True)
    minutes_name = models.CharField(_("纪要文件名"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta(newest_by_org("held_on", "meeting_org_date")):
        verbose_name = verbose_name_plural = _("会议")

    def __str__(self) -> str:
        return self.topic


class Team(Named):
    """A science-volunteer team (科普志愿者队伍) or a lecturers' group (讲师团)."""

    org = org_fk(_("所属组织"))
    kind = models.CharField(_("类型"), max_length=12, choices=TeamKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    founded_on = models.DateField(_("组建日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    notes = notes_field()

    class Meta:
        verbose_name = _("队伍")
        verbose_name_plural = _("志愿者与讲师队伍")
        ordering = ["org_id", "kind", "id"]


class Volunteer(ProtectedPhone, ProtectedIdNumber, Named):
    """A person in a team: a roster member (`member`) or an outside person whose phone and
    ID number are kept like a member's (ciphertext, keyed hash, mask)."""

    team = parent_fk(Team, "volunteers")
    member = optional_fk("members.Member", _("会员"), on_delete=models.PROTECT)
    name = models.CharField(_("姓名"), max_length=30)
    employer = models.CharField(_("工作单位"), max_length=120, blank=True)
    speciality = models.CharField(_("专长"), max_length=120, blank=True)
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)
    is_active = models.BooleanField(_("在队"), default=True)

    class Meta:
        verbose_name = verbose_name_plural = _("队员")
        ordering = ["team_id", "id"]
        constraints = [once_per_member(["team"], "volunteer_member_once", _("该会员已在本队伍中"))]


class VolunteerService(models.Model):
    """Hours one volunteer served, in an activity when it is on record."""

    volunteer = parent_fk(Volunteer, "services")
    activity = optional_fk("activities.Activity", _("服务活动"))
    served_on = models.DateField(_("服务日期"))
    hours = models.DecimalField(_("服务时长（小时）"), max_digits=5, decimal_places=1)
    notes = models.CharField(_("服务内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("志愿服务")
        ordering = ["-served_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="volunteerservice_hours_in_day",
                violation_error_message=_("服务时长应在0到24小时之间"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.served_on} {self.hours}"
