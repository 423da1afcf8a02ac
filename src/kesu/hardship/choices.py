"""Codes of hardship causes, tiers and file states, assistance kinds and fund sources."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Cause(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    DISASTER = "disaster", _("因灾")
    SCHOOLING = "schooling", _("子女就学")
    UNEMPLOYMENT = "unemployment", _("失业")
    OTHER = "other", _("其他")


class Tier(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")


class Status(models.TextChoices):
    FILED = "filed", _("已建档")
    ASSISTING = "assisting", _("帮扶中")
    OUT = "out", _("解困脱困")
    CLOSED = "closed", _("已销档")


class AssistanceKind(models.TextChoices):
    SPRING_RELIEF = "spring_relief", _("春节送温暖")
    GOLDEN_AUTUMN = "golden_autumn", _("金秋助学")
    MEDICAL_AID = "medical_aid", _("医疗救助")
    LIVING_AID = "living_aid", _("生活救助")
    SUMMER_COOLING = "summer_cooling", _("夏季送清凉")
    WOMEN_CARE = "women_care", _("女职工关爱/体检")
    OTHER = "other", _("其他")


class RecipientKind(models.TextChoices):
    MEMBER = "member", _("职工")
    HOUSEHOLD = "household", _("困难家庭")
    EMPLOYER = "employer", _("企业")
    GROUP = "group", _("群体")


class AdmissionLevel(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("本科")
    COLLEGE = "college", _("专科")
    SENIOR = "senior", _("高中/中职")
    OTHER = "other", _("其他")


class FundKind(models.TextChoices):
    SUPERIOR = "superior", _("上级拨付")
    OWN = "own", _("本级工会经费")
    DONATION = "donation", _("社会募集/捐赠")
    OTHER = "other", _("其他")
