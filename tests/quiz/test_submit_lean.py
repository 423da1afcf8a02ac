"""The contest submit path stays lean: one SELECT of token and attempt, one UPDATE."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kesu.accounts.services import token_create, token_revoke
from kesu.quiz.models import Attempt
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def _started(member_user, paper):
    _, plain = token_create(user=member_user, name="t")
    me = ApiClient(plain)
    aid = me.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]
    # an earlier save (or another member's submit) has put the answer keys in the cache
    me.call("PUT", f"/api/v1/attempts/{aid}/answers", {"answers": {}})
    return me, aid, plain


def test_submit_queries(member_user, paper, qs):
    me, aid, _ = _started(member_user, paper)
    with CaptureQueriesContext(connection) as ctx:
        response = me.post(f"/api/v1/attempts/{aid}/submit", {"answers": {str(qs.judge.pk): [0]}})
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    # token, user, attempt and paper in one SELECT (kesu.quiz.attempts.submit_lane), then the UPDATE
    assert len(ctx.captured_queries) == 2


def test_submit_refusals_keep_their_answers(member_user, paper, members, users, qs):
    me, aid, plain = _started(member_user, paper)
    for bad in ("abc", "99999999999999999999999", "-1"):
        response = me.post(f"/api/v1/attempts/{bad}/submit", {})
        assert response.status_code in (400, 404, 422), (bad, response.status_code)
    from kesu.quiz.attempts import services as attempts

    other = attempts.start_attempt(member=members.in_a2, paper=paper)
    assert me.post(f"/api/v1/attempts/{other.pk}/submit", {}).status_code == 404
    assert me.post(f"/api/v1/attempts/{aid + 1000}/submit", {}).status_code == 404
    staff = ApiClient(token_create(user=users.staff_a)[1])  # no roster member behind it
    assert staff.post(f"/api/v1/attempts/{aid}/submit", {}).status_code == 403
    assert ApiClient("ksu_wrong").post(f"/api/v1/attempts/{aid}/submit", {}).status_code == 401
    token = member_user.api_tokens.get(name="t")
    token_revoke(user=member_user, token_id=token.pk)
    assert me.post(f"/api/v1/attempts/{aid}/submit", {}).status_code == 401
    assert Attempt.objects.get(pk=aid).status == "in_progress"
    assert Attempt.objects.get(pk=other.pk).status == "in_progress"


def test_browser_session_submit_keeps_csrf(member_user, paper, qs):
    _, aid, _ = _started(member_user, paper)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member_user)
    response = strict.post(f"/api/v1/attempts/{aid}/submit", "{}", content_type="application/json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"
    browser = Client()
    browser.force_login(member_user)
    response = browser.post(f"/api/v1/attempts/{aid}/submit", "{}", content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    # a bad token never falls back to the session
    response = browser.post(
        f"/api/v1/attempts/{aid}/submit",
        "{}",
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer ksu_wrong",
    )
    assert response.status_code == 401
