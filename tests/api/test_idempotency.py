"""Idempotency-Key on the API's writes (kesu.web.idempotency): a retry with the same key gets
the first answer and writes nothing; another request under the same key is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kesu.accounts.services import token_create
from kesu.activities.models import Attendance
from kesu.audit.models import AuditEntry
from kesu.quiz.models import Attempt, QuestionBank
from kesu.resources.models import Venue
from kesu.web import idempotency
from kesu.web.models import IdempotencyKey
from tests.api.conftest import ApiClient, error
from tests.checkin.conftest import make_activity
from tests.quiz.conftest import make_paper, make_question

pytestmark = pytest.mark.django_db

VENUE = {"org": "HZ-A-1", "name": "街道科技馆", "kind": "museum"}


def _keyed(client, path, body, key):
    return client.call("POST", path, body, HTTP_IDEMPOTENCY_KEY=key)


def test_a_retried_record_creation_is_answered_once_and_stored_once(api_as):
    client = api_as("staff_a")
    first = _keyed(client, "/api/v1/venues", VENUE, "venue-1")
    again = _keyed(client, "/api/v1/venues", VENUE, "venue-1")
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert again[idempotency.REPLAYED] == "true" and idempotency.REPLAYED not in first
    assert Venue.objects.filter(name="街道科技馆").count() == 1
    assert (
        AuditEntry.objects.filter(
            target_id=str(first.json()["id"]), action__startswith="venue"
        ).count()
        == 1
    )
    # Without a key, or with another one, the same body is a second record.
    assert _keyed(client, "/api/v1/venues", VENUE, "venue-2").status_code == 201
    assert client.post("/api/v1/venues", VENUE).status_code == 201
    assert Venue.objects.filter(name="街道科技馆").count() == 3


def test_the_same_key_with_another_request_is_refused_in_chinese(api_as):
    client = api_as("staff_a")
    assert _keyed(client, "/api/v1/venues", VENUE, "k").status_code == 201
    other = _keyed(client, "/api/v1/venues", {**VENUE, "name": "另一馆"}, "k")
    assert other.status_code == 422
    err = error(other)
    assert err["code"] == "idempotency_key_reused" and "幂等键" in err["message"]
    elsewhere = _keyed(client, "/api/v1/publications", VENUE, "k")  # another path
    assert elsewhere.status_code == 422
    assert not Venue.objects.filter(name="另一馆").exists()


def test_keys_belong_to_their_user_and_bad_keys_are_refused(api_as):
    assert _keyed(api_as("staff_a"), "/api/v1/venues", VENUE, "shared").status_code == 201
    assert _keyed(api_as("admin_a"), "/api/v1/venues", VENUE, "shared").status_code == 201
    assert Venue.objects.filter(name="街道科技馆").count() == 2
    bad = _keyed(api_as("staff_a"), "/api/v1/venues", VENUE, "有中文")
    assert bad.status_code == 400 and error(bad)["code"] == "idempotency_key_invalid"
    assert Venue.objects.filter(name="街道科技馆").count() == 2


def test_a_refused_request_keeps_no_key_so_the_corrected_one_goes_through(api_as):
    client = api_as("staff_a")
    refused = _keyed(client, "/api/v1/venues", {**VENUE, "books_held": -1}, "fix-me")
    assert refused.status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert _keyed(client, "/api/v1/venues", VENUE, "fix-me").status_code == 201


def test_an_expired_key_is_free_again_and_pruned(api_as):
    client = api_as("staff_a")
    assert _keyed(client, "/api/v1/venues", VENUE, "old").status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))
    again = _keyed(client, "/api/v1/venues", VENUE, "old")
    assert again.status_code == 201 and idempotency.REPLAYED not in again
    assert Venue.objects.filter(name="街道科技馆").count() == 2
    assert IdempotencyKey.objects.count() == 1  # the expired row gave way to the new one
    assert idempotency.idempotency_prune() == 0
    later = timezone.now() + dt.timedelta(hours=25)
    assert idempotency.idempotency_prune(later) == 1 and not IdempotencyKey.objects.exists()


def test_a_contest_submission_retried_with_its_key_gets_the_first_answer(tree, users, members):
    member_user = users.member_a
    member_user.member = members.in_a
    member_user.save()
    judge = make_question(QuestionBank.objects.create(org=tree.city, name="题库"), "judge")
    paper = make_paper(tree.a, [(judge, 2)])
    _, plain = token_create(user=member_user, name="t")
    me = ApiClient(plain)
    started = _keyed(me, "/api/v1/attempts", {"paper": paper.pk}, "start-1")
    assert _keyed(me, "/api/v1/attempts", {"paper": paper.pk}, "start-1").content == started.content
    aid = started.json()["id"]
    path = f"/api/v1/attempts/{aid}/submit"
    answers = {"answers": {str(judge.pk): [0]}}
    first = _keyed(me, path, answers, "submit-1")
    assert first.status_code == 200 and first.json()["status"] == "submitted"
    with CaptureQueriesContext(connection) as replay:
        again = _keyed(me, path, answers, "submit-1")
    assert again.content == first.content and again[idempotency.REPLAYED] == "true"
    assert not any("quiz_attempt" in q["sql"] for q in replay.captured_queries)
    assert Attempt.objects.filter(paper=paper, member=member_user.member).count() == 1


def test_a_checkin_retried_with_its_key_gets_the_first_answer(api_as, tree, members):
    activity = make_activity(tree.a)
    path = f"/api/v1/activities/{activity.pk}/attendance"
    body = {"member_ids": [members.in_a.pk]}
    client = api_as("staff_a")
    first = _keyed(client, path, body, "checkin-1")
    assert first.json() == {"added": 1, "already": 0}
    assert _keyed(client, path, body, "checkin-1").json() == {"added": 1, "already": 0}
    assert client.post(path, body).json() == {"added": 0, "already": 1}  # no key: the endpoint
    assert Attendance.objects.filter(activity=activity).count() == 1


def test_a_duplicate_sent_at_the_same_time_waits_for_the_winner_and_gets_its_answer(
    api_as, monkeypatch
):
    client = api_as("staff_a")
    first = _keyed(client, "/api/v1/venues", VENUE, "race")
    # The second request looks before the first has committed (sees nothing), then loses the
    # insert on the unique constraint: it answers with what the winner stored.
    looked = []
    stored = idempotency._stored

    def before_the_winner_committed(key, user):
        looked.append(key)
        return None if len(looked) == 1 else stored(key, user)

    monkeypatch.setattr(idempotency, "_stored", before_the_winner_committed)
    again = _keyed(client, "/api/v1/venues", VENUE, "race")
    assert len(looked) == 2 and again.content == first.content
    assert again[idempotency.REPLAYED] == "true"
    assert Venue.objects.filter(name="街道科技馆").count() == 1
