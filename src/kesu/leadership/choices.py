"""Codes of work areas, group roles, meeting modes and levels, and team kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    """The work areas a summary writes about; budgets are set per area too (kesu.funds)."""

    PUBLICITY = "publicity", _("科普宣传")
    ACTIVITIES = "activities", _("科普活动")
    VENUES = "venues", _("阵地建设")
    TRAINING = "training", _("教育培训")
    WORKER_SERVICES = "worker_services", _("职工服务")
    OTHER = "other", _("其他")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")


class MeetingMode(models.TextChoices):
    HELD = "held", _("召开")
    ATTENDED = "attended", _("参加")


class MeetingLevel(models.TextChoices):
    OWN = "own", _("本级")
    SUPERIOR = "superior", _("上级")
    JOINT = "joint", _("联席/协调")


class TeamKind(models.TextChoices):
    VOLUNTEERS = "volunteers", _("科普志愿者队伍")
    LECTURERS = "lecturers", _("讲师团")
