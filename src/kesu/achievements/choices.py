"""Codes of achievement and honour kinds, levels and review states (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AchievementKind(models.TextChoices):
    PATENT = "patent", _("专利")
    SUGGESTION = "suggestion", _("合理化建议")
    FIVE_SMALL = "five_small", _("五小成果")
    INNOVATION = "innovation", _("技术革新")
    PAPER = "paper", _("论文")
    AWARD = "award", _("竞赛获奖")
    OTHER = "other", _("其他")


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")
    ENTERPRISE = "enterprise", _("企业级")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    VERIFIED = "verified", _("已认定")
    RETURNED = "returned", _("退回")


class HonourKind(models.TextChoices):
    NATIONAL_PIONEER = "national_pioneer", _("全国工人先锋号")
    PROVINCE_PIONEER = "province_pioneer", _("省工人先锋号")
    MAY_DAY_MEDAL = "may_day_medal", _("五一劳动奖章")
    MODEL_WORKER = "model_worker", _("劳动模范")
    TECHNICAL_EXPERT = "technical_expert", _("技术能手")
    OTHER = "other", _("其他")


# Honours that go to a team or an organisation (工人先锋号), never to one person.
TEAM_HONOURS = {HonourKind.NATIONAL_PIONEER, HonourKind.PROVINCE_PIONEER}
