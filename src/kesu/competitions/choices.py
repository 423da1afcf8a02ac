"""Codes of competition kinds and levels, library recognitions and culture-event kinds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionKind(models.TextChoices):
    LABOUR = "labour", _("劳动竞赛")
    SKILL = "skill", _("技能比赛")
    SAFETY = "safety", _("安康杯竞赛")
    OTHER = "other", _("其他")


class Level(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业级")
    DISTRICT = "district", _("区县级")
    CITY = "city", _("市级")
    PROVINCE = "province", _("省级")
    NATIONAL = "national", _("全国")


class LibraryRecognition(models.TextChoices):
    NONE = "", _("无")
    NATIONAL = "national", _("全国职工书屋示范点")
    PROVINCIAL = "provincial", _("省级职工书屋示范点")
    CITY = "city", _("市级职工书屋示范点")


class CultureKind(models.TextChoices):
    BALL = "ball", _("球类")
    CHESS = "chess", _("棋牌")
    PERFORMANCE = "performance", _("文艺汇演")
    WALK = "walk", _("健步走")
    ROPE = "rope", _("跳绳/趣味运动")
    OTHER = "other", _("其他")
