"""Codes of the states of a plan task (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    TODO = "todo", _("未开始")
    DOING = "doing", _("进行中")
    DONE = "done", _("已完成")
