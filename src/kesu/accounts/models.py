from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kesu.accounts.choices import Role
from kesu.core.fields import optional_fk, parent_fk


class User(AbstractUser):
    """A login. Belongs to one organisation with one role; superusers operate the platform."""

    org = optional_fk(
        "orgs.Organization", _("所属组织"), on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    display_name = models.CharField(_("姓名"), max_length=60, blank=True)
    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("对应会员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )

    class Meta:
        verbose_name = verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored; the value is shown once."""

    user = parent_fk(settings.AUTH_USER_MODEL, "api_tokens")
    name = models.CharField(_("名称"), max_length=60)
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("API令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
