"""The start lane (kesu.quiz.attempts.start_lane) starts and shows attempts exactly as the
endpoints do, in a few queries, and hands everything else to them. (tests/quiz/test_api.py
runs the endpoints' own tests with the lanes on and off.)"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kesu.accounts.services import token_create
from kesu.quiz.attempts import services as attempts
from kesu.quiz.models import Attempt
from tests.api.conftest import ApiClient

from .conftest import make_paper

pytestmark = pytest.mark.django_db


def _token_client(user):
    _, plain = token_create(user=user, name="t")
    return ApiClient(plain)


def _browser(user):
    client = Client()
    client.force_login(user)
    return client


def _lane_read(queries, table: str) -> bool:
    """The lane read the token joined to `table` in one statement (the endpoint reads the
    token alone)."""
    tokens = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "apitoken" in q["sql"]]
    return bool(tokens) and all(table in sql for sql in tokens)


def _call(client, method, url, body=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.call(method, url, body)
    return response, ctx.captured_queries


def test_lane_start_and_fetch_are_the_endpoints_answers(member_user, paper, qs):
    me = _token_client(member_user)
    started, queries = _call(me, "POST", "/api/v1/attempts", {"paper": paper.pk})
    assert _lane_read(queries, "quiz_paper") and started.status_code == 201
    aid = started.json()["id"]
    assert Attempt.objects.get(pk=aid).status == "in_progress"
    fetched, queries = _call(me, "GET", f"/api/v1/attempts/{aid}")
    assert _lane_read(queries, "quiz_attempt") and fetched.status_code == 200
    # The endpoint (a browser session never takes the lane) shows the same bytes.
    endpoint = _browser(member_user).get(f"/api/v1/attempts/{aid}")
    assert endpoint.status_code == 200
    assert fetched.content == endpoint.content == started.content
    for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options"):
        assert fetched.headers.get(name) == endpoint.headers.get(name), name
    # With answers saved (shown positions) and a question of more options: the same bytes.
    attempts.save_answers(attempt=Attempt.objects.get(pk=aid), payload={str(qs.judge.pk): [1]})
    fetched = me.call("GET", f"/api/v1/attempts/{aid}")
    assert fetched.json()["answers"] == {str(qs.judge.pk): [1]}
    assert fetched.content == _browser(member_user).get(f"/api/v1/attempts/{aid}").content
    # Starting again resumes, in the lane (two SELECTs: the start's, the fetch's): the
    # endpoint's answer (200, the same attempt, the same bytes).
    again, queries = _call(me, "POST", "/api/v1/attempts", {"paper": paper.pk})
    assert again.status_code == 200 and again.json()["id"] == aid
    assert [q["sql"].split()[0] for q in queries] == ["SELECT", "SELECT"]
    assert _lane_read(queries, "quiz_attempt")
    resumed = _browser(member_user).post(
        "/api/v1/attempts", {"paper": paper.pk}, content_type="application/json"
    )
    assert resumed.status_code == 200 and again.content == resumed.content
    # Submitted: the scores, the correct options and the explanations, as the endpoint shows.
    me.post(f"/api/v1/attempts/{aid}/submit", {"answers": {str(qs.judge.pk): [0]}})
    fetched, queries = _call(me, "GET", f"/api/v1/attempts/{aid}")
    assert _lane_read(queries, "quiz_attempt") and fetched.json()["status"] == "submitted"
    assert fetched.json()["questions"][0]["explanation"] == "解析文字"
    assert fetched.content == _browser(member_user).get(f"/api/v1/attempts/{aid}").content


def test_lane_start_and_fetch_cost_few_queries(member_user, paper):
    warm = _token_client(member_user)  # the paper's prepared data is cached by a first start
    first = warm.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]
    warm.post(f"/api/v1/attempts/{first}/submit", {})
    me = _token_client(member_user)
    me.call("GET", f"/api/v1/attempts/{first}")  # the token's first use is refreshed now
    started, queries = _call(me, "POST", "/api/v1/attempts", {"paper": paper.pk})
    assert started.status_code == 201
    # token + member + paper + attempts + the banks of the prepared data's stamp in one
    # SELECT; then one INSERT … ON CONFLICT DO NOTHING, outside any transaction of its own
    # (no SAVEPOINT under the test's transaction, no lock).
    sqls = [q["sql"] for q in queries]
    assert len(sqls) == 2, [sql[:80] for sql in sqls]
    assert "quiz_questionbank" in sqls[0]
    assert sqls[1].startswith("INSERT") and "ON CONFLICT DO NOTHING" in sqls[1]
    fetched, queries = _call(me, "GET", f"/api/v1/attempts/{started.json()['id']}")
    assert fetched.status_code == 200 and len(queries) == 1


def test_refusals_are_the_endpoints(member_user, users, members, tree, qs):
    me = _token_client(member_user)
    other_tree = make_paper(tree.b, [(qs.judge, 1)])
    draft = make_paper(tree.a, [(qs.judge, 1)], status="draft")
    closed = make_paper(
        tree.a,
        [(qs.judge, 1)],
        opens_at=timezone.now() - dt.timedelta(hours=2),
        closes_at=timezone.now() - dt.timedelta(hours=1),
    )
    once = make_paper(tree.a, [(qs.judge, 1)], attempts_total=1)
    aid = me.post("/api/v1/attempts", {"paper": once.pk}).json()["id"]
    me.post(f"/api/v1/attempts/{aid}/submit", {})
    browser = _browser(member_user)
    for paper, status in ((other_tree, 404), (draft, 404), (closed, 400), (once, 400)):
        lane, _queries = _call(me, "POST", "/api/v1/attempts", {"paper": paper.pk})
        endpoint = browser.post(
            "/api/v1/attempts", {"paper": paper.pk}, content_type="application/json"
        )
        assert lane.status_code == endpoint.status_code == status, paper.title
        assert lane.json() == endpoint.json()
    assert not Attempt.objects.exclude(pk=aid).exists()  # nothing was started
    # A login without a member, another member's attempt, a body the schema refuses.
    staff = _token_client(users.staff_a)
    assert staff.post("/api/v1/attempts", {"paper": once.pk}).status_code == 403
    users.admin_b.member = members.in_b  # a login of another member
    users.admin_b.save()
    lane, queries = _call(_token_client(users.admin_b), "GET", f"/api/v1/attempts/{aid}")
    assert lane.status_code == 404 and not _lane_read(queries, "quiz_paper")
    assert me.post("/api/v1/attempts", {"paper": "x"}).status_code == 422
    assert me.post("/api/v1/attempts", {"paper": 2**63}).status_code == 422


def _due_attempt(member_user, tree, qs):
    """A client of the member, their attempt on a paper of one minute, started five minutes
    ago, and the paper."""
    paper = make_paper(tree.a, [(qs.judge, Decimal(1))], time_limit_seconds=60)
    me = _token_client(member_user)
    aid = me.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]
    Attempt.objects.filter(pk=aid).update(
        started_at=timezone.now() - dt.timedelta(minutes=5),
        deadline=timezone.now() - dt.timedelta(minutes=4),
    )
    return me, aid, paper


def test_a_due_attempt_is_expired_on_fetch(member_user, tree, qs):
    me, aid, _paper = _due_attempt(member_user, tree, qs)
    fetched, queries = _call(me, "GET", f"/api/v1/attempts/{aid}")
    assert _lane_read(queries, "quiz_attempt")
    assert fetched.json()["status"] == "expired" and fetched.json()["score"] == "0.00"


def test_starting_again_when_time_is_up_is_the_endpoints(member_user, tree, qs):
    # The lane hands a due attempt on untouched; the endpoint expires it and starts anew.
    me, aid, paper = _due_attempt(member_user, tree, qs)
    again = me.post("/api/v1/attempts", {"paper": paper.pk})
    assert again.status_code == 201 and again.json()["id"] != aid
    assert Attempt.objects.get(pk=aid).status == "expired"


def test_a_resume_counts_against_the_start_limit(member_user, paper):
    me = _token_client(member_user)
    assert me.post("/api/v1/attempts", {"paper": paper.pk}).status_code == 201
    answers = [me.post("/api/v1/attempts", {"paper": paper.pk}) for _ in range(12)]
    assert answers[0].status_code == 200 and answers[-1].status_code == 429
    endpoint = _browser(member_user).post(
        "/api/v1/attempts", {"paper": paper.pk}, content_type="application/json"
    )
    assert endpoint.status_code == 429 and endpoint.json() == answers[-1].json()


def test_inactive_login_and_revoked_token_are_the_endpoints(member_user, paper):
    me = _token_client(member_user)
    member_user.is_active = False
    member_user.save(update_fields=["is_active"])
    response, queries = _call(me, "POST", "/api/v1/attempts", {"paper": paper.pk})
    assert response.status_code == 401 and not Attempt.objects.exists()


def _methods(path: str, view) -> list[str]:
    """The HTTP methods the quiz router serves `view` at `path` with."""
    from kesu.quiz.api import router

    ops = router.path_operations[path].operations
    return [m for op in ops if op.view_func is view for m in op.methods]


def test_lane_paths_are_the_routers():
    from django.urls import resolve, reverse

    from kesu.quiz.api import attempt_detail, attempt_start
    from kesu.quiz.attempts.start_lane import FETCH_PATH, START_PATH, StartLane

    lane = {path.pattern: method for method, path, _name in StartLane.routes}
    start = reverse("api:attempt_start")
    assert START_PATH.fullmatch(start) and resolve(start).url_name in (
        "attempt_index",
        "attempt_start",
    )
    assert _methods("/attempts", attempt_start) == [lane[START_PATH.pattern]] == ["POST"]
    fetch = reverse("api:attempt_detail", args=[123])
    assert FETCH_PATH.fullmatch(fetch)[1] == "123"
    assert resolve(fetch).url_name == "attempt_detail"
    assert _methods("/attempts/{attempt_id}", attempt_detail) == [lane[FETCH_PATH.pattern]]


def test_lane_can_be_turned_off(member_user, paper, settings):
    settings.KESU_START_LANE = False
    me = _token_client(member_user)  # a new client: its handler loads the middleware
    started, queries = _call(me, "POST", "/api/v1/attempts", {"paper": paper.pk})
    assert started.status_code == 201 and not _lane_read(queries, "quiz_paper")
    fetched, queries = _call(me, "GET", f"/api/v1/attempts/{started.json()['id']}")
    assert fetched.status_code == 200 and not _lane_read(queries, "quiz_attempt")


def test_an_edit_on_one_node_is_shown_at_once_by_another(
    member_user, users, paper, qs, monkeypatch
):
    """Each node keeps the displays in its own memory (and, without Redis, its own cache): an
    edit made on node A is shown by node B's next fetch, with nothing dropped on node B."""
    from django.core.cache.backends.locmem import LocMemCache

    from kesu.quiz.bank import services as bank_services
    from kesu.quiz.papers import prepared

    nodes = {name: ({}, LocMemCache(name, {})) for name in ("A", "B")}

    def on(name):
        memory, cache = nodes[name]
        monkeypatch.setattr(prepared, "_memory", memory)
        monkeypatch.setattr(prepared, "cache", cache)

    me = _token_client(member_user)
    on("B")
    aid = me.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]
    url = f"/api/v1/attempts/{aid}"
    stems = {q["id"]: q["stem"] for q in me.call("GET", url).json()["questions"]}
    assert stems[qs.single.pk] == qs.single.stem and nodes["B"][0]
    on("A")
    # The edit's check ran before node B's start committed (a race): the row is edited in place.
    monkeypatch.setattr(bank_services, "is_used", lambda question: False)
    bank_services.question_update(
        actor=users.city_admin, question=qs.single, data={"stem": "改过的题干"}
    )
    on("B")
    fetched = me.call("GET", url)
    stems = {q["id"]: q["stem"] for q in fetched.json()["questions"]}
    assert stems[qs.single.pk] == "改过的题干"
    assert fetched.content == _browser(member_user).get(url).content
