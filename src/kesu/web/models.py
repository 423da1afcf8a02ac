from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class IdempotencyKey(models.Model):
    """The first answer to an API write sent with an `Idempotency-Key` header (kesu.web.
    idempotency): a retry with the same key gets it again instead of writing twice.

    Kept in the database, so every app node sees the same keys. A key belongs to its user (an
    anonymous caller's keys to no user); `fingerprint` covers the request's method, path,
    query and body, so the same key with another request is refused.
    """

    key = models.CharField("幂等键", max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    request_line = models.CharField("请求", max_length=600)  # "POST /api/v1/…"
    fingerprint = models.CharField("请求摘要", max_length=64)
    status = models.PositiveSmallIntegerField("响应状态")
    content_type = models.CharField("响应类型", max_length=100)
    body = models.BinaryField("响应内容")
    created_at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "幂等键"
        verbose_name_plural = "幂等键"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=Q(user__isnull=False),
                name="web_idempotency_user_key",
            ),
            models.UniqueConstraint(
                fields=["key"], condition=Q(user__isnull=True), name="web_idempotency_anon_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_line} ({self.key})"
