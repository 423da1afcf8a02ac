"""Codes of the scoring rules of an evaluation item (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rule(models.TextChoices):
    PROPORTIONAL = "proportional", _("按完成率计分")
    STEPS = "steps", _("分档计分")
    PASS_FAIL = "pass_fail", _("达标计分")
