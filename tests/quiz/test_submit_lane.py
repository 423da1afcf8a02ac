"""The submit lane (kesu.quiz.attempts.submit_lane) answers exactly as the endpoint does, and hands
everything else to it."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kesu.accounts.services import token_create
from kesu.quiz.models import Attempt
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Type",
)


def _started(user, paper):
    _, plain = token_create(user=user, name="t")
    me = ApiClient(plain)
    aid = me.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]
    me.call("PUT", f"/api/v1/attempts/{aid}/answers", {"answers": {}})  # token now used
    return me, aid


def _by_lane(queries) -> bool:
    """Answered by the lane: it reads token and attempt in one statement, and the endpoint
    (which reads the token alone) never ran. (Either may then refresh the token's last use.)"""
    tokens = [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and "accounts_apitoken" in q["sql"]
    ]
    return bool(tokens) and all("quiz_attempt" in sql for sql in tokens)


def _submit(client, aid, answers):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(f"/api/v1/attempts/{aid}/submit", {"answers": answers})
    return response, _by_lane(ctx.captured_queries)


def test_lane_answer_equals_the_endpoints(member_user, paper, qs):
    me, aid = _started(member_user, paper)
    first, lane = _submit(me, aid, {str(qs.judge.pk): [0], str(qs.single.pk): [1]})
    assert lane and first.status_code == 200
    body = first.json()
    stored = Attempt.objects.get(pk=aid)
    assert body["status"] == "submitted" and body["id"] == aid
    assert body["score"] == str(stored.score) and body["item_count"] == stored.item_count
    # Submitting again is the endpoint's (the attempt is no longer in progress): the same
    # answer, with the same headers.
    again, lane = _submit(me, aid, {str(qs.judge.pk): [1]})
    assert not lane and again.status_code == 200
    assert again.json() == body and again.content == first.content  # the same bytes
    for name in SECURITY_HEADERS:
        assert first.headers.get(name) == again.headers.get(name), name
        assert first.headers.get(name), name


def test_service_refusal_is_the_endpoints_error(member_user, paper, qs):
    me, aid = _started(member_user, paper)
    lane_answer, lane = _submit(me, aid, {"999999": [0]})  # not a question of this attempt
    assert lane and lane_answer.status_code == 400
    browser = Client()
    browser.force_login(member_user)
    endpoint_answer = browser.post(
        f"/api/v1/attempts/{aid}/submit",
        {"answers": {"999999": [0]}},
        content_type="application/json",
    )
    assert endpoint_answer.status_code == 400
    assert lane_answer.json() == endpoint_answer.json()
    assert lane_answer.json()["error"]["code"] == "bad_answers"
    assert Attempt.objects.get(pk=aid).status == "in_progress"


@pytest.mark.parametrize("body", ['{"answers": "x"', '{"answers": 3}', '{"other": 1}', "[]"])
def test_bodies_the_endpoint_refuses_are_handed_to_it(member_user, paper, body):
    me, aid = _started(member_user, paper)
    with CaptureQueriesContext(connection) as ctx:
        response = me.client.post(
            f"/api/v1/attempts/{aid}/submit",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {me.token}",
        )
    assert not _by_lane(ctx.captured_queries)
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"]
    assert Attempt.objects.get(pk=aid).status == "in_progress"


def test_the_lane_refreshes_a_token_as_the_api_does(member_user, paper, qs):
    # A member answers for minutes: at submission the token's last use is usually due.
    me, aid = _started(member_user, paper)
    token = member_user.api_tokens.get()
    token.last_used_at = timezone.now() - dt.timedelta(minutes=5)
    token.save(update_fields=["last_used_at"])
    response, lane = _submit(me, aid, {str(qs.judge.pk): [0]})
    assert lane and response.status_code == 200
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=30)
    stale = token.last_used_at
    me2, aid2 = _started(member_user, paper)  # a second token, used just now: not touched
    response, lane = _submit(me2, aid2, {})
    assert lane and response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == stale


def test_an_inactive_member_login_is_refused_by_the_endpoint(member_user, paper):
    me, aid = _started(member_user, paper)
    member_user.is_active = False
    member_user.save(update_fields=["is_active"])
    response, lane = _submit(me, aid, {})
    assert not lane and response.status_code == 401
    assert Attempt.objects.get(pk=aid).status == "in_progress"


def test_disallowed_host_is_refused(member_user, paper, settings):
    me, aid = _started(member_user, paper)
    settings.ALLOWED_HOSTS = ["testserver"]
    response = me.client.post(
        f"/api/v1/attempts/{aid}/submit",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {me.token}",
        HTTP_HOST="evil.example",
    )
    assert response.status_code == 400
    assert Attempt.objects.get(pk=aid).status == "in_progress"


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_hot_statements_are_prepared_on_postgresql(member_user, paper, qs, settings):
    from kesu.accounts.lean_rows import hot_fetchone

    me, aid = _started(member_user, paper)
    response = me.post(f"/api/v1/attempts/{aid}/submit", {"answers": {str(qs.judge.pk): [0]}})
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert str(Attempt.objects.get(pk=aid).score) == response.json()["score"]
    assert hot_fetchone("SELECT 42 AS kesu_probe_on", []) == (42,)
    settings.KESU_PREPARED_STATEMENTS = False
    assert hot_fetchone("SELECT 43 AS kesu_probe_off", []) == (43,)
    if connection.vendor == "postgresql":
        prepared = _prepared()
        assert any("accounts_apitoken" in s and "quiz_attempt" in s for s in prepared)
        assert any("kesu_probe_on" in s for s in prepared)
        assert not any("kesu_probe_off" in s for s in prepared)
        # Only the hot statements are (the token and attempt reads, the start's insert and
        # its prepared pool's bank stamp): Django's own stay unprepared (pooler-safe).
        ours = (
            "accounts_apitoken",
            "quiz_attempt",
            "quiz_questionbank",
            "kesu_probe_on",
        )
        assert all(any(mark in s for mark in ours) for s in prepared), prepared
    else:
        assert connection.vendor == "sqlite"  # no prepared statements to keep


def test_lane_path_is_the_routers():
    from django.urls import resolve, reverse

    from kesu.quiz.api import attempt_submit
    from kesu.quiz.attempts.submit_lane import PATH

    url = reverse("api:attempt_submit", args=[123])
    assert PATH.fullmatch(url) and PATH.fullmatch(url)[1] == "123"
    assert resolve(url).url_name == "attempt_submit"
    assert attempt_submit.__name__ == "attempt_submit"


def test_lane_can_be_turned_off(member_user, paper, qs, settings):
    settings.KESU_SUBMIT_LANE = False
    me, aid = _started(member_user, paper)  # a new client: its handler loads the middleware
    response, lane = _submit(me, aid, {str(qs.judge.pk): [0]})
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert not lane
