"""Codes of organisation levels and kinds (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区/县")
    TOWNSHIP = "township", _("乡镇/街道")
    GRASSROOTS = "grassroots", _("基层")


class Kind(models.TextChoices):
    UNION = "union", _("工会")
    INDUSTRY_FEDERATION = "industry_federation", _("行业工会联合会")
    REGIONAL_FEDERATION = "regional_federation", _("区域工会联合会")
