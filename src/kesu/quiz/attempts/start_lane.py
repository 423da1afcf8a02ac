"""The contest's opening minute: starting an attempt and showing it, answered before the rest
of the middleware, the URL resolver and ninja (bench/contest_submit.py: tens of thousands of
members start the same paper within a minute; through Django each start and its fetch cost
thirteen queries and most of the CPU went to the framework). Through the lane a start is two
statements (a SELECT and an INSERT, which on PostgreSQL also refreshes the token's last use
when that is due, once a minute) and its fetch one. What every lane shares, and when a lane
hands a request on: kesu.quiz.attempts.lanes.

`StartLane` takes, with a member's bearer token:

- POST /api/v1/attempts with the body {"paper": <id>}: one SELECT reads token, user, member,
  paper and the member's attempts on it (`lean.starter`). When the member may start a new
  attempt now — the paper published (not a draft), the member inside its audience (the
  paper's organisation's subtree), open, within its limits, nothing in progress — the
  endpoint's own service starts it (`attempts.rate_start` and `begin_attempt`: the rate
  limit, the draw from the paper's prepared data, one INSERT … ON CONFLICT DO NOTHING) and
  the endpoint's own answer (`api.attempt_out`: stems and options from the prepared cache)
  is rendered, 201.
  With an attempt in progress (a double tap, the app opened again) that attempt is shown,
  200, as the endpoint resumes it, after one more SELECT (the fetch's); one whose time is
  up is handed on, for the endpoint to expire it and start anew.
  Anything else is the endpoint's: a member outside the audience or a draft (404), a closed
  paper or a limit reached (400), a login without a member (403);
- GET /api/v1/attempts/<id>: one SELECT reads token, user, attempt and paper
  (`lean.token_attempt_shown`, the submit lane's with the display stamp); the endpoint's
  own steps follow (a due
  attempt is expired) and its answer. Another member's attempt is handed on (404).

KESU_START_LANE=false turns the lane off. Its paths are checked against the API's routes,
and its answers against the endpoint's, by tests/quiz/test_start_lane.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from kesu.accounts.services import token_seen_at
from kesu.core.errors import ServiceError
from kesu.core.schemas import BIGINT_MAX
from kesu.quiz.api import attempt_out
from kesu.quiz.attempts import display, lean
from kesu.quiz.attempts import services as attempts
from kesu.quiz.attempts.lanes import Lane, active, json_object, live
from kesu.quiz.models import Attempt, Paper

START_PATH = re.compile(r"/api/v1/attempts")
FETCH_PATH = re.compile(r"/api/v1/attempts/(\d{1,19})")


class StartLane(Lane):
    setting = "KESU_START_LANE"
    routes = (("POST", START_PATH, "start"), ("GET", FETCH_PATH, "fetch"))

    def start(self, request: HttpRequest, digest: str, _path: re.Match) -> HttpResponse | None:
        """The new attempt, or None to hand the request on."""
        paper_id = _paper_id(request)
        if paper_id is None:
            return None
        now = timezone.now()
        found = lean.starter(digest, paper_id, attempts.day_start(now))
        if found is None:
            return None
        caller, mine = found
        paper, member = mine.paper, mine.member
        if (
            paper.status == Paper.Status.DRAFT
            or not attempts.in_audience(paper, member)
            or not active(caller)
        ):
            return None
        if mine.in_progress is not None:
            return self.resume(request, digest, mine.in_progress, member.pk, now)
        if attempts.paper_open_problem(paper, now) or attempts.limits_reached(
            paper, mine.attempts, mine.attempts_since
        ):
            return None
        # The token's last use, when due, is written by the insert's own statement.
        at = token_seen_at(caller.token_last_used_at)
        seen = None if at is None else lean.Seen(caller.token_id, at)
        try:
            attempts.rate_start(member.pk)
            attempt = attempts.begin_attempt(
                member=member,
                paper=paper,
                now=now,
                number=mine.attempts + 1,
                banks=mine.banks,
                seen=seen,
            )
        except ServiceError as exc:  # the service's refusal, answered by the API's own handler
            live(caller)  # refused before the insert: the last use written as any request's
            return self.refuse(request, exc)
        # A concurrent start of the same member (a double tap) is resumed, as the endpoint does.
        status = 201 if attempt.started_at == now else 200
        return self.show(request, attempt, status, mine.shown)

    def resume(
        self, request: HttpRequest, digest: str, attempt_id: int, member_id: int, now: dt.datetime
    ) -> HttpResponse | None:
        """Starting again with an attempt in progress (a double tap, the app opened again):
        that attempt, 200, as the endpoint answers, after one more SELECT (the fetch's). One
        whose time is up is handed on before anything is written: the endpoint expires it
        and starts anew."""
        found = lean.token_attempt_shown(digest, attempt_id)
        if found is None or not active(found[0]):
            return None
        caller, attempt, stamp = found
        if attempt.status != Attempt.Status.IN_PROGRESS or attempts.is_due(attempt, now):
            return None
        live(caller)
        try:
            attempts.rate_start(member_id)  # a resume counts, as at the endpoint
        except ServiceError as exc:
            return self.refuse(request, exc)
        return self.show(request, attempt, 200, stamp)

    def fetch(self, request: HttpRequest, digest: str, path: re.Match) -> HttpResponse | None:
        """The member's attempt, or None to hand the request on."""
        found = lean.token_attempt_shown(digest, int(path[1]))
        if found is None or not live(found[0]):
            return None
        try:
            attempt = attempts.expire_if_due(found[1])
        except ServiceError as exc:
            return self.refuse(request, exc)
        return self.show(request, attempt, 200, found[2])

    def show(
        self, request: HttpRequest, attempt: Attempt, status: int, stamp: float
    ) -> HttpResponse:
        """The endpoint's answer (AttemptOut): an attempt in progress written from the
        prepared displays' JSON (kesu.quiz.attempts.display), any other as the endpoint
        builds it; both as of the display stamp `stamp` read with the request's SELECT."""

        def render(data: dict[str, Any]) -> str:
            return self.api.renderer.render(request, data, response_status=status)

        content = display.in_progress_json(attempt, timezone.now(), render, stamp)
        if content is None:
            return self.render(request, attempt_out(attempt, stamp), status)
        return HttpResponse(content, status=status, content_type=self.api.get_content_type())


def _paper_id(request: HttpRequest) -> int | None:
    """The paper of a body AttemptStartIn takes as it is ({"paper": <id>}); None for
    anything else (the endpoint answers or coerces it itself)."""
    data = json_object(request)
    if data is None or data.keys() != {"paper"}:
        return None
    paper = data["paper"]
    if type(paper) is not int or not 1 <= paper <= BIGINT_MAX:
        return None
    return paper
