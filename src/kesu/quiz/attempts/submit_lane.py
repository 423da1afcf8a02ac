"""Contest submissions answered before the rest of the middleware, the URL resolver and
ninja (bench/contest_submit.py: at a contest's peak those cost more than the submission).
What every lane shares, and when a lane hands a request on: kesu.quiz.attempts.lanes.

`SubmitLane` takes POST /api/v1/attempts/<id>/submit with a member's bearer token when
everything is in order: a body the endpoint accepts, a live token, the member's own attempt
still in progress. One SELECT reads token, user, attempt and paper together
(`lean.token_and_attempt`); then the endpoint's own service (`attempts.submit_attempt`: rate
limit, deadline, answers, scoring, the conditional UPDATE) with its own answer shape and
refusals (`api.submit`), rendered by the API and its error handler.

Every other request goes on through Django unchanged: no token or another kind of login,
an unknown or revoked token, an inactive user, another member's or a finished attempt, a
body the schema refuses. Until the service runs the lane only reads, so handing a request on
is always safe; the endpoint then answers exactly as it would have
(tests/quiz/test_submit_lane.py holds the two paths equal).

KESU_SUBMIT_LANE=false turns the lane off. Its path pattern is checked against the API's
own route by tests/quiz/test_submit_lane.py.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.http import HttpRequest, HttpResponse

from kesu.core.errors import ServiceError
from kesu.quiz.api import submit
from kesu.quiz.attempts import lean
from kesu.quiz.attempts.lanes import Lane, json_object, live
from kesu.quiz.models import Attempt
from kesu.quiz.schemas import SubmitIn

logger = logging.getLogger(__name__)

PATH = re.compile(r"/api/v1/attempts/(\d{1,19})/submit")


class SubmitLane(Lane):
    setting = "KESU_SUBMIT_LANE"
    routes = (("POST", PATH, "submit"),)

    def submit(self, request: HttpRequest, digest: str, path: re.Match) -> HttpResponse | None:
        """The answer, or None to hand the request on."""
        payload = _payload(request)
        if payload is None:
            return None
        found = lean.token_and_attempt(digest, int(path[1]))
        if found is None or found[1].status != Attempt.Status.IN_PROGRESS or not live(found[0]):
            return None
        try:
            out = submit(found[1], payload.get("answers"))
        except ServiceError as exc:  # the service's refusal, answered by the API's own handler
            return self.refuse(request, exc)
        except Exception:  # the endpoint meets it again and answers as the API does
            logger.exception("submit lane handed on attempt %s", path[1])
            return None
        # `submit` returns SubmitOut's fields with their types already (Decimal, datetime…):
        # rendered as the endpoint renders its validated answer, the same bytes.
        return self.render(request, out, 200)


def _payload(request: HttpRequest) -> dict[str, Any] | None:
    """The body when SubmitIn takes it as it is (an object with at most `answers`, itself an
    object or null); None for anything else (the endpoint answers those itself, or coerces
    what it can)."""
    data = json_object(request)
    if data is None or not data.keys() <= SubmitIn.model_fields.keys():
        return None
    answers = data.get("answers")
    return data if answers is None or isinstance(answers, dict) else None
