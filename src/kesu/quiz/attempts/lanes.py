"""What the contest's fast lanes share (kesu.quiz.attempts.submit_lane, start_lane).

A lane is a middleware placed before the URL resolver and ninja: for the one or two API
routes it knows, with a member's bearer token, it reads what it needs in one hand-written
SELECT (kesu.quiz.attempts.lean) and calls the endpoint's own service and answer builder,
rendered by the API object itself (its renderer and its error handlers): the same bytes
and headers as the endpoint. Whenever anything is not the plain case (no token or another
kind of login, an unknown or revoked token, an inactive user, a body the schema would not
take as it is, a refusal the endpoint words itself, an `Idempotency-Key` header) the lane
hands the request on before it has written anything, and Django answers it as if there were
no lane.

Each lane has a setting that turns it off (Django then skips the middleware), and its paths
are checked against the API's routes by its tests. Lanes sit after the middleware that
only decorate responses (security headers, CSP, frame options), so their answers carry the
same headers as the API's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, UnreadablePostError

from kesu.accounts.services import token_digest, token_seen
from kesu.quiz.attempts.lean import Caller
from kesu.web.idempotency import HEADER as IDEMPOTENCY_HEADER

Handler = Callable[[HttpRequest, str, re.Match], HttpResponse | None]


class Lane:
    """Base of a lane: `setting` names its switch; `routes` lists (method, path pattern,
    handler name); a handler gets the request, the token's digest and the path's match, and
    returns the answer or None to hand the request on."""

    setting = ""
    routes: tuple[tuple[str, re.Pattern[str], str], ...] = ()

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not getattr(settings, self.setting):
            raise MiddlewareNotUsed(f"{self.setting} is off")
        from kesu.api import api  # the API's renderer: the same bytes as the endpoint's

        self.get_response, self.api = get_response, api

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if IDEMPOTENCY_HEADER in request.META:  # kept once by kesu.web.idempotency, further in
            return self.get_response(request)
        for method, pattern, name in self.routes:
            if request.method == method:
                found = pattern.fullmatch(request.path_info)
                if found is not None:
                    response = self._answer(request, getattr(self, name), found)
                    if response is not None:
                        return response
        return self.get_response(request)

    def _answer(self, request: HttpRequest, handler: Handler, found: re.Match) -> Any:
        request.get_host()  # DisallowedHost as for any request (Django answers 400)
        digest = token_digest(_bearer(request.META.get("HTTP_AUTHORIZATION", "")))
        return handler(request, digest, found) if digest else None

    def render(self, request: HttpRequest, out: Any, status: int) -> HttpResponse:
        """`out` rendered as the endpoint renders its validated answer: `out` holds the
        response schema's fields with their types already (the lane's tests compare bytes)."""
        return self.api.create_response(request, out, status=status)

    def refuse(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        """A service's refusal, answered by the API's own handler."""
        return self.api.on_exception(request, exc)


def live(caller: Caller | None) -> bool:
    """The token was found and its user is active: the token's last use is refreshed as the
    API's token check refreshes it (once a minute)."""
    if not active(caller):
        return False
    token_seen(caller.token_id, caller.token_last_used_at)
    return True


def active(caller: Caller | None) -> bool:
    """`live` without the refresh, for a lane that writes it itself (or calls `live` when it
    writes nothing)."""
    return caller is not None and caller.user_is_active


def _bearer(header: str) -> str:
    """The token of `Authorization: Bearer <token>`, read as ninja's HttpBearer does."""
    parts = header.split(" ")
    if len(parts) < 2 or parts[0].lower() != "bearer":
        return ""
    return " ".join(parts[1:]).strip()


def json_object(request: HttpRequest) -> dict[str, Any] | None:
    """The body when it is a JSON object; None for anything else (bad JSON, a body over the
    size limit…: the endpoint answers those itself)."""
    try:
        data: Any = json.loads(request.body)
    except (ValueError, SuspiciousOperation, UnreadablePostError):
        return None
    return data if isinstance(data, dict) else None
