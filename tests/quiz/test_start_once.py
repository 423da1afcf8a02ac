"""One attempt in progress per member and paper, kept by the database (migration quiz 0007):
a start is one INSERT … ON CONFLICT DO NOTHING, so a double start — one after the other or
racing on two connections — leaves one attempt, while a start after submitting is a new one."""

from __future__ import annotations

import datetime as dt
import threading
from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kesu.accounts.services import token_create
from kesu.quiz.attempts import services as attempts
from kesu.quiz.models import Attempt
from tests.api.conftest import ApiClient

ONE_IN_PROGRESS = "attempt_one_in_progress"


def _row(paper, member, **fields) -> Attempt:
    fields = {"started_at": timezone.now(), **fields}
    return Attempt.objects.create(paper=paper, member=member, org_id=member.org_id, **fields)


@pytest.mark.django_db
def test_the_database_refuses_a_second_attempt_in_progress(paper, members):
    first = _row(paper, members.in_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        _row(paper, members.in_a)
    _row(paper, members.in_a2)  # another member
    first.status = Attempt.Status.SUBMITTED
    first.save()
    _row(paper, members.in_a)  # the first one is no longer in progress
    assert Attempt.objects.filter(paper=paper, member=members.in_a).count() == 2


@pytest.mark.django_db
def test_a_double_start_resumes_the_first(paper, members):
    now = timezone.now()
    first = attempts.begin_attempt(member=members.in_a, paper=paper, now=now, number=1)
    again = attempts.start_attempt(member=members.in_a, paper=paper)
    assert again.pk == first.pk and again.status == Attempt.Status.IN_PROGRESS
    # Past the checks as a double tap's second start is: it inserts nothing, returns the first.
    late = attempts.begin_attempt(member=members.in_a, paper=paper, now=now, number=2)
    assert late.pk == first.pk and late.started_at == first.started_at
    assert Attempt.objects.filter(member=members.in_a).count() == 1


@pytest.mark.django_db
def test_a_start_after_submitting_is_a_new_attempt_while_the_paper_allows(member_user, paper, qs):
    paper.attempts_total = 2
    paper.save()
    _, plain = token_create(user=member_user, name="t")
    me = ApiClient(plain)
    ids = []
    for _ in range(2):
        started = me.post("/api/v1/attempts", {"paper": paper.pk})
        assert started.status_code == 201, started.content
        ids.append(started.json()["id"])
        done = me.post(f"/api/v1/attempts/{ids[-1]}/submit", {"answers": {}})
        assert done.json()["status"] == "submitted"
    assert ids[0] != ids[1]
    refused = me.post("/api/v1/attempts", {"paper": paper.pk})
    assert refused.status_code == 400 and "次数已用完" in refused.json()["error"]["message"]
    assert Attempt.objects.filter(paper=paper).count() == 2


@pytest.mark.django_db(transaction=True)
def test_racing_starts_on_two_connections_make_one_attempt(paper, members):
    # SQLite's shared in-memory test database refuses concurrent writers outright (a table
    # lock, not a wait), so there the starts come one after the other; PostgreSQL races them
    # (the second INSERT waits for the first to commit, then inserts nothing).
    serial = connection.vendor == "sqlite"
    barrier = threading.Barrier(1 if serial else 2)
    now = timezone.now()
    got: list[int] = []

    def start(number: int) -> None:
        try:
            barrier.wait()
            attempt = attempts.begin_attempt(
                member=members.in_a, paper=paper, now=now, number=number
            )
            got.append(attempt.pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
        if serial:
            t.join()
    for t in threads:
        t.join()
    mine = list(Attempt.objects.filter(paper=paper, member=members.in_a))
    assert len(mine) == 1 and got == [mine[0].pk] * 2


@pytest.mark.django_db
def test_the_migration_expires_all_but_the_newest_duplicate_first(paper, members):
    migration = import_module("kesu.quiz.migrations.0007_attempt_one_in_progress")
    constraint = next(c for c in Attempt._meta.constraints if c.name == ONE_IN_PROGRESS)
    with connection.cursor() as cursor:  # a database from before the index (undone with the test)
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(ONE_IN_PROGRESS)}")
    now = timezone.now()
    old, older, newest = (
        _row(paper, members.in_a, started_at=now - dt.timedelta(minutes=m), deadline=deadline)
        for m, deadline in ((20, now - dt.timedelta(minutes=5)), (30, None), (1, None))
    )
    alone = _row(paper, members.in_a2)
    migration.expire_older_duplicates(apps, connection.schema_editor())
    for row in (old, older, newest, alone):
        row.refresh_from_db()
    assert newest.status == alone.status == Attempt.Status.IN_PROGRESS
    assert old.status == older.status == Attempt.Status.EXPIRED
    assert old.submitted_at == old.deadline and old.duration_seconds == 15 * 60
    assert now <= older.submitted_at <= timezone.now() and older.duration_seconds >= 30 * 60
    sql = str(constraint.create_sql(Attempt, connection.schema_editor()))
    with connection.cursor() as cursor:  # the index builds over what is left
        cursor.execute(sql)


def _stale(token) -> None:
    token.last_used_at = timezone.now() - dt.timedelta(minutes=5)
    token.save(update_fields=["last_used_at"])


def _stale_token_client(user):
    token, plain = token_create(user=user, name="t")
    _stale(token)
    return token, ApiClient(plain)


@pytest.mark.django_db
def test_a_lane_start_writes_the_tokens_last_use_within_its_insert(member_user, paper):
    token, me = _stale_token_client(member_user)
    first = me.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]  # the paper's data
    me.post(f"/api/v1/attempts/{first}/submit", {"answers": {}})  # read once per process
    _stale(token)
    with CaptureQueriesContext(connection) as ctx:
        started = me.post("/api/v1/attempts", {"paper": paper.pk})
    assert started.status_code == 201
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=30)
    sqls = [q["sql"] for q in ctx.captured_queries]
    if connection.vendor == "postgresql":  # one statement: WITH seen AS (UPDATE …) INSERT …
        assert len(sqls) == 2 and sqls[1].startswith("WITH") and "accounts_apitoken" in sqls[1]
    else:  # an UPDATE of its own, then the INSERT
        assert len(sqls) == 3 and sqls[1].startswith("UPDATE") and sqls[2].startswith("INSERT")
    # Within the minute nothing more is written for the token.
    stamped = token.last_used_at
    me.post(f"/api/v1/attempts/{started.json()['id']}/submit", {"answers": {}})
    again = me.post("/api/v1/attempts", {"paper": paper.pk})
    assert again.status_code == 201 and again.json()["id"] not in (first, started.json()["id"])
    token.refresh_from_db()
    assert token.last_used_at == stamped


@pytest.mark.django_db
def test_a_refused_lane_start_still_writes_the_tokens_last_use(member_user, paper, settings):
    settings.KESU_QUIZ_STARTS_PER_MINUTE = 0  # every start throttled before the insert
    token, me = _stale_token_client(member_user)
    refused = me.post("/api/v1/attempts", {"paper": paper.pk})
    assert refused.status_code == 429 and not Attempt.objects.exists()
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < dt.timedelta(seconds=30)
