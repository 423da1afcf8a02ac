"""Codes of how a member came to be enrolled (Chinese in the UI)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EnrolmentSource(models.TextChoices):
    STAFF = "staff", _("工作人员报名")
    SELF = "self", _("会员自行报名")
    IMPORT = "import", _("表格导入")
