"""Codes of venue kinds, publicity channels and expert fields (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VenueKind(models.TextChoices):
    SCIENCE_BASE = "science_base", _("科普基地")
    MUSEUM = "museum", _("场馆/科技馆")
    INNOVATION_CENTRE = "innovation_centre", _("创新工作室/创新中心")
    WORKER_LIBRARY = "worker_library", _("职工书屋")
    READING_ROOM = "reading_room", _("阅览室")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    WEBSITE = "website", _("网站")
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    PRESS = "press", _("报刊")
    TV = "tv", _("电视")
    OTHER = "other", _("其他")


class ExpertField(models.TextChoices):
    TECH = "tech", _("科技知识")
    HEALTH = "health", _("健康")
    SAFETY = "safety", _("安全生产")
    ENVIRONMENT = "environment", _("环境")
    LAW = "law", _("法律")
    SKILLS = "skills", _("职业技能")
    DISASTER = "disaster", _("防灾减灾")
    OTHER = "other", _("其他")
