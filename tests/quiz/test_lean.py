"""The hand-written submit statements (kesu.quiz.attempts.lean) and the three-query random draw."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kesu.accounts.services import token_create, token_digest, token_revoke
from kesu.quiz.attempts import lean
from kesu.quiz.attempts import services as attempts
from kesu.quiz.models import Attempt, Paper
from kesu.quiz.papers import drawing

from .conftest import make_question

pytestmark = pytest.mark.django_db


def test_attempt_for_submit_is_the_orm_row_and_only_the_members(paper, members):
    attempt = attempts.start_attempt(member=members.in_a, paper=paper)
    got = lean.attempt_for_submit(attempt.pk, members.in_a.pk)
    orm = Attempt.objects.get(pk=attempt.pk)
    for name in lean.ATTEMPT_FIELDS:
        field = Attempt._meta.get_field(name)
        assert getattr(got, field.attname) == getattr(orm, field.attname), name
    with CaptureQueriesContext(connection) as ctx:
        assert got.paper.multiple_rule == paper.multiple_rule
        assert got.paper.pass_mark == paper.pass_mark
    assert not ctx.captured_queries
    assert lean.attempt_for_submit(attempt.pk, members.in_a2.pk) is None
    assert lean.attempt_for_submit(attempt.pk + 1000, members.in_a.pk) is None


def test_token_and_attempt_only_the_tokens_members(member_user, users, paper, members):
    """The lanes' read looks the token and the attempt up side by side: it answers only for
    the token's user's own member's attempt, through a live token."""
    mine = attempts.start_attempt(member=members.in_a, paper=paper)
    theirs = attempts.start_attempt(member=members.in_a2, paper=paper)
    token, plain = token_create(user=member_user, name="t")
    digest = token_digest(plain)
    caller, got = lean.token_and_attempt(digest, mine.pk)
    assert (caller.token_id, caller.user_is_active, got.pk) == (token.pk, True, mine.pk)
    assert got.paper.title == paper.title
    caller, got, stamp = lean.token_attempt_shown(digest, mine.pk)
    assert got.pk == mine.pk and stamp > 0
    for read in (lean.token_and_attempt, lean.token_attempt_shown):
        assert read(digest, theirs.pk) is None  # another member's attempt
        assert read(digest, mine.pk + 1000) is None
        assert read(token_digest("no-such-token"), mine.pk) is None
    _, other = token_create(user=users.admin_a, name="t")  # a login without a member
    assert lean.token_and_attempt(token_digest(other), mine.pk) is None
    assert lean.token_attempt_shown(token_digest(other), theirs.pk) is None
    token_revoke(user=member_user, token_id=token.pk)
    assert lean.token_and_attempt(digest, mine.pk) is None
    assert lean.token_attempt_shown(digest, mine.pk) is None


def test_update_only_while_in_progress(paper, members):
    attempt = attempts.start_attempt(member=members.in_a, paper=paper)
    assert lean.update_in_progress(attempt.pk, {"answers": {"1": [0]}}) == 1
    assert Attempt.objects.get(pk=attempt.pk).answers == {"1": [0]}
    done = attempts.submit_attempt(attempt=Attempt.objects.get(pk=attempt.pk))
    assert lean.update_in_progress(attempt.pk, {"score": 0, "status": "in_progress"}) == 0
    assert Attempt.objects.get(pk=attempt.pk).score == done.score


def test_random_draw_takes_two_queries_whatever_the_rules(tree, bank):
    for topic in ("安全", "健康"):
        for _ in range(6):
            make_question(bank, "single", answer=[0], topic=topic)
        make_question(bank, "judge", answer=[0], topic=topic)
    paper = Paper.objects.create(org=tree.a, title="随机卷", mode=Paper.Mode.RANDOM)
    paper.rules.create(type="single", count=3, points=1, topic="安全", position=1)
    paper.rules.create(type="single", count=5, points=2, position=2)  # same pool, any topic
    paper.rules.create(type="judge", count=2, points=1, position=3)
    with CaptureQueriesContext(connection) as ctx:
        layout = drawing.draw_layout(paper, seed="s")
    assert len(ctx.captured_queries) == 2  # the rules, the pool with its option counts
    ids = [i["q"] for i in layout]
    assert len(ids) == len(set(ids)) == 10  # rules sharing a pool never repeat a question
    topics = dict(bank.questions.values_list("pk", "topic"))
    assert {topics[q] for q in ids[:3]} == {"安全"}
    assert [i["points"] for i in layout] == ["1.00"] * 3 + ["2.00"] * 5 + ["1.00"] * 2
    assert drawing.draw_layout(paper, seed="s") == layout
    assert drawing.paper_max_score(paper) == 3 + 10 + 2


def test_begin_inserts_the_orm_row_once_per_member_and_paper(paper, members):
    from django.utils import timezone

    now = timezone.now()
    first = attempts.begin_attempt(member=members.in_a, paper=paper, now=now, number=1)
    stored = Attempt.objects.get(pk=first.pk)
    for field in Attempt._meta.concrete_fields:
        if not field.generated:
            assert getattr(first, field.attname) == getattr(stored, field.attname), field.name
    # A second start that got past the checks (a double tap) finds the first one in progress.
    again = attempts.begin_attempt(member=members.in_a, paper=paper, now=timezone.now(), number=2)
    assert again.pk == first.pk and Attempt.objects.count() == 1
    other = attempts.begin_attempt(member=members.in_a2, paper=paper, now=now, number=1)
    assert other.pk != first.pk and Attempt.objects.count() == 2
