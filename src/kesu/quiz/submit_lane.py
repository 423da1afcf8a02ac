"""Contest submissions answered before the rest of the middleware, the URL resolver and
ninja (bench/contest_submit.py: at a contest's peak those cost more than the submission).

`SubmitLane` takes POST /api/v1/attempts/<id>/submit with a member's bearer token when
everything is in order: a body the endpoint accepts, a live token, the member's own attempt
still in progress. One SELECT reads token, user, attempt and paper together
(`lean.token_and_attempt`); then the endpoint's own service (`attempts.submit_attempt`: rate
limit, deadline, answers, scoring, the conditional UPDATE) with its own answer shape and
refusals (`api.submit`), rendered by the API and its error handler.

The token's last use is refreshed as the API's token check refreshes it (once a minute).
Every other request goes on through Django unchanged: one with an `Idempotency-Key` (kept
by kesu.web.idempotency, further in), no token or another kind of login,
an unknown or revoked token, an inactive user, another member's or a finished attempt, a
body the schema refuses. Until the service runs the lane only reads, so handing a request on
is always safe; the endpoint then answers exactly as it would have
(tests/quiz/test_submit_lane.py holds the two paths equal).

KESU_SUBMIT_LANE=false turns the lane off (Django then skips this middleware). Its path
pattern is checked against the API's own route by tests/quiz/test_submit_lane.py.

Placed after the middleware that only decorate responses (security headers, CSP, frame
options), so the lane's answers carry the same headers as the API's.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, UnreadablePostError

from kesu.accounts.services import token_digest, token_seen
from kesu.core.errors import ServiceError
from kesu.quiz import lean
from kesu.quiz.api import submit
from kesu.quiz.models import Attempt
from kesu.quiz.schemas import SubmitIn
from kesu.web.idempotency import HEADER as IDEMPOTENCY_HEADER

logger = logging.getLogger(__name__)

PATH = re.compile(r"/api/v1/attempts/(\d{1,19})/submit")


class SubmitLane:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not settings.KESU_SUBMIT_LANE:
            raise MiddlewareNotUsed("KESU_SUBMIT_LANE is off")
        from kesu.api import api  # the API's renderer: the same bytes as the endpoint's

        self.get_response, self.api = get_response, api

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and IDEMPOTENCY_HEADER not in request.META:
            found = PATH.fullmatch(request.path_info)
            if found is not None:
                response = self._submit(request, int(found[1]))
                if response is not None:
                    return response
        return self.get_response(request)

    def _submit(self, request: HttpRequest, attempt_id: int) -> HttpResponse | None:
        """The answer, or None to hand the request on."""
        request.get_host()  # DisallowedHost as for any request (Django answers 400)
        digest = token_digest(_bearer(request.META.get("HTTP_AUTHORIZATION", "")))
        payload = _payload(request) if digest else None
        if payload is None:
            return None
        found = lean.token_and_attempt(digest, attempt_id)
        if (
            found is None
            or not found.user_is_active
            or found.attempt.status != Attempt.Status.IN_PROGRESS
        ):
            return None
        token_seen(found.token_id, found.token_last_used_at)  # as token_authenticate does
        try:
            out = submit(found.attempt, payload.get("answers"))
        except ServiceError as exc:  # the service's refusal, answered by the API's own handler
            return self.api.on_exception(request, exc)
        except Exception:  # the endpoint meets it again and answers as the API does
            logger.exception("submit lane handed on attempt %s", attempt_id)
            return None
        # `submit` returns SubmitOut's fields with their types already (Decimal, datetime…):
        # rendered as the endpoint renders its validated answer, the same bytes.
        return self.api.create_response(request, out, status=200)


def _bearer(header: str) -> str:
    """The token of `Authorization: Bearer <token>`, read as ninja's HttpBearer does."""
    parts = header.split(" ")
    if len(parts) < 2 or parts[0].lower() != "bearer":
        return ""
    return " ".join(parts[1:]).strip()


def _payload(request: HttpRequest) -> dict[str, Any] | None:
    """The body when SubmitIn takes it as it is (an object with at most `answers`, itself an
    object or null); None for anything else (bad JSON, other keys, a body over the size
    limit…: the endpoint answers those itself, or coerces what it can)."""
    try:
        data: Any = json.loads(request.body)
    except (ValueError, SuspiciousOperation, UnreadablePostError):
        return None
    if not isinstance(data, dict) or not data.keys() <= SubmitIn.model_fields.keys():
        return None
    answers = data.get("answers")
    return data if answers is None or isinstance(answers, dict) else None
