"""Codes of the roles a login holds in its organisation (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("单位管理员")
    STAFF = "staff", _("工作人员")
    VIEWER = "viewer", _("领导查阅")
    MEMBER = "member", _("会员")
