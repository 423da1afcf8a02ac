"""`Idempotency-Key` on the API's writes: a client that retries a POST whose answer it never
got (a node killed, a connection cut) sends the same key again and gets the first answer,
without the write happening twice.

Middleware, after authentication (the key belongs to the caller: the bearer token's user, the
session's user, or no user for an anonymous caller). Requests without the header, and
anything but a POST under /api/ without a file upload, go on untouched: one dict lookup.

A keyed request runs in one transaction that first inserts its `IdempotencyKey` row, so the
row and the request's writes are committed together or not at all:
- a 2xx/3xx answer is stored in the row and sent; a retry with the same key and the same
  request gets it again (header `Idempotent-Replayed: true`), the same key with another
  request gets 422;
- a 4xx answer is sent but not kept (the row is removed, the view's own writes stay as they
  would without a key), so the client may correct the request and send it again;
- a 5xx answer rolls the whole request back: the retry starts afresh.
Two requests with the same key at the same time: the unique constraint lets one insert; the
other waits for it (PostgreSQL's lock on the index entry, SQLite's write lock) and then sends
its answer, or gets 409 should that not settle.

Keys are kept KESU_IDEMPOTENCY_HOURS (24 by default); an expired key may be used again, and
expired rows are removed now and then as new ones are stored (`idempotency_prune`).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from kesu.accounts.services import token_authenticate
from kesu.core.actors import Actor
from kesu.web.api_support import error_body
from kesu.web.models import IdempotencyKey

HEADER = "HTTP_IDEMPOTENCY_KEY"
REPLAYED = "Idempotent-Replayed"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII, as Stripe's and the IETF draft's keys
_PRUNE_SHARE = 0.01  # of stored keys, that also remove the expired ones
_NO_CALLER = object()


def _covered(request: HttpRequest) -> bool:
    return (
        request.method == "POST"
        and request.path_info.startswith("/api/")
        and not request.content_type.startswith("multipart/")
    )


def _caller(request: HttpRequest) -> Any:
    """The key's owner: a user, None (anonymous), or _NO_CALLER for a token we do not know
    (the endpoint answers that one itself)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, token = header.partition(" ")
        user = token_authenticate(token.strip()) if scheme.lower() == "bearer" else None
        return user if user is not None else _NO_CALLER
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.META.get("QUERY_STRING", "").encode(), request.content_type.encode()):
        digest.update(part + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def _stored(key: str, user: Actor) -> IdempotencyKey | None:
    return IdempotencyKey.objects.filter(key=key, user=user).first()


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        error_body(code, message), status=status, json_dumps_params={"ensure_ascii": False}
    )


def _cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(hours=settings.KESU_IDEMPOTENCY_HOURS)


def idempotency_prune(now: datetime | None = None) -> int:
    """Remove the expired keys; how many were removed."""
    removed, _ = IdempotencyKey.objects.filter(created_at__lt=_cutoff(now)).delete()
    return removed


class Idempotency:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(HEADER)
        if key is None or not _covered(request):
            return self.get_response(request)
        if not _KEY.fullmatch(key):
            return _error(400, "idempotency_key_invalid", "幂等键须为 1 至 255 个可见 ASCII 字符")
        user = _caller(request)
        if user is _NO_CALLER:
            return self.get_response(request)
        line = f"{request.method} {request.path_info}"[:600]
        fingerprint = _fingerprint(request)
        for _ in range(3):
            first = _stored(key, user)
            if first is not None and first.created_at < _cutoff():  # expired: free again
                IdempotencyKey.objects.filter(pk=first.pk, created_at=first.created_at).delete()
                first = None
            if first is not None:
                if (first.request_line, first.fingerprint) != (line, fingerprint):
                    return _error(
                        422, "idempotency_key_reused", "该幂等键已用于另一个请求，请换用新的幂等键"
                    )
                return _replay(first)
            try:
                return self._first(request, key=key, user=user, line=line, fingerprint=fingerprint)
            except IntegrityError:
                continue  # the same key, sent at the same time, was stored first: read its answer
        return _error(409, "idempotency_key_busy", "相同幂等键的请求正在处理，请稍后再试")

    def _first(
        self, request: HttpRequest, *, key: str, user: Actor, line: str, fingerprint: str
    ) -> HttpResponse:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(
                key=key,
                user=user,
                request_line=line,
                fingerprint=fingerprint,
                status=0,
                content_type="",
                body=b"",
                created_at=timezone.now(),
            )
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            elif response.status_code >= 400 or response.streaming:
                row.delete()
            else:
                row.status = response.status_code
                row.content_type = response.get("Content-Type", "")
                row.body = response.content
                row.save(update_fields=["status", "content_type", "body"])
        if random.random() < _PRUNE_SHARE:  # noqa: S311 (not a secret: how often to tidy up)
            idempotency_prune()
        return response


def _replay(row: IdempotencyKey) -> HttpResponse:
    response = HttpResponse(bytes(row.body), status=row.status, content_type=row.content_type)
    response[REPLAYED] = "true"
    return response
