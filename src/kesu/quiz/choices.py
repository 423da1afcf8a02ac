"""Codes of question types and literacy dimensions (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionType(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    JUDGE = "judge", _("判断")


class Dimension(models.TextChoices):
    KNOWLEDGE = "knowledge", _("科学知识")
    METHOD = "method", _("科学方法")
    SPIRIT = "spirit", _("科学精神与思想")
    APPLICATION = "application", _("应用科学的能力")
