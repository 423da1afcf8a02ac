from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kesu.core.fields import user_fk


class AuditImmutableError(RuntimeError):
    """Audit rows are written once (kesu.audit.services.audit_record) and never changed."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AuditImmutableError("审计日志只能追加，不能修改或删除")


class AuditQuerySet(models.QuerySet):
    """Bulk writers refused: a row is added only through `audit_record`, which chains it."""

    update = delete = bulk_update = bulk_create = _refuse


class AuditEntry(models.Model):
    """Who did what to which record, when and from where, with before/after values.

    `org_path` is a snapshot of the owning organisation's path at the time of the action,
    so unit admins see the entries of their subtree even after records move or vanish.
    Rows are append-only and chained: `row_hash` covers the row and `prev_hash`, the hash
    of the row before it (kesu.audit.chain).
    """

    # Set before the insert (not auto_now_add) because the row's hash covers it.
    created_at = models.DateTimeField(
        _("时间"), default=timezone.now, editable=False, db_index=True
    )
    actor = user_fk()
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=40, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=40)
    target_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    org_path = models.CharField(max_length=800, db_index=True, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("来源IP"), null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    row_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse()
