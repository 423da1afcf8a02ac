"""Codes of ownership, 职工之家 ratings and wage-agreement kinds (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ownership(models.TextChoices):
    NON_PUBLIC = "non_public", _("非公有制")
    STATE = "state", _("国有")
    COLLECTIVE = "collective", _("集体")
    PUBLIC_INSTITUTION = "institution", _("机关事业")
    OTHER = "other", _("其他")


class HomeRating(models.TextChoices):
    """职工之家 recognition, highest first."""

    NATIONAL = "national", _("全国模范职工之家")
    PROVINCIAL = "provincial", _("省级模范职工之家")
    CITY = "city", _("市级模范职工之家")
    DISTRICT = "district", _("区级模范职工之家")
    NONE = "", _("无")


class AgreementKind(models.TextChoices):
    EMPLOYER = "employer", _("单独协商")
    REGIONAL = "regional", _("区域性协商")
    INDUSTRY = "industry", _("行业性协商")
