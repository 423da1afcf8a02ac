import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kesu.quiz.attempts import services as attempts
from kesu.quiz.attempts.services import AttemptError
from kesu.quiz.models import Attempt, Paper

from .conftest import make_paper

pytestmark = pytest.mark.django_db


def shown(attempt, qid, canonical):
    """The shown positions of canonical options for one question of an attempt."""
    item = next(i for i in attempt.layout if i["q"] == qid)
    return [item["perm"].index(c) for c in canonical]


def test_start_resume_save_and_submit(paper, members, qs):
    member = members.in_a
    a = attempts.start_attempt(member=member, paper=paper)
    assert a.status == Attempt.Status.IN_PROGRESS
    assert {i["q"] for i in a.layout} == {qs.single.pk, qs.multi.pk, qs.judge.pk}
    assert attempts.start_attempt(member=member, paper=paper).pk == a.pk  # resumed
    attempts.save_answers(attempt=a, payload={str(qs.single.pk): shown(a, qs.single.pk, [1])})
    a = Attempt.objects.get(pk=a.pk)
    assert a.answers == {str(qs.single.pk): [1]}
    assert attempts.answers_shown(a) == {str(qs.single.pk): shown(a, qs.single.pk, [1])}
    done = attempts.submit_attempt(
        attempt=a, payload={str(qs.multi.pk): shown(a, qs.multi.pk, [0, 2])}
    )
    assert done.status == Attempt.Status.SUBMITTED
    assert done.score == Decimal("6.00") and done.max_score == Decimal("8.00")
    assert done.correct_count == 2 and done.item_count == 3
    assert done.dimension_scores["method"] == ["4.00", "4.00"]
    stored = Attempt.objects.get(pk=a.pk)
    assert stored.score == Decimal("6.00") and stored.duration_seconds is not None


def test_double_submit_is_idempotent(paper, members, qs):
    a = attempts.start_attempt(member=members.in_a, paper=paper)
    first = attempts.submit_attempt(attempt=a, payload={str(qs.judge.pk): [0]})
    stale = Attempt.objects.get(pk=a.pk)
    again = attempts.submit_attempt(
        attempt=stale, payload={str(qs.single.pk): shown(a, qs.single.pk, [1])}
    )
    assert again.score == first.score == Decimal("2.00")
    assert again.submitted_at == first.submitted_at
    # A stale in-memory copy loses the race and returns the stored result.
    a.status = Attempt.Status.IN_PROGRESS
    third = attempts.submit_attempt(attempt=a, payload={}, rate_limit=False)
    assert third.score == Decimal("2.00")
    with pytest.raises(AttemptError, match="已交卷"):
        attempts.save_answers(attempt=Attempt.objects.get(pk=a.pk), payload={})


def test_timeout_ignores_late_answers_and_auto_submits(tree, qs, members):
    paper = make_paper(tree.a, [(qs.single, 1), (qs.judge, 1)], time_limit_seconds=60)
    t0 = timezone.now()
    a = attempts.start_attempt(member=members.in_a, paper=paper, now=t0)
    assert a.deadline == t0 + dt.timedelta(seconds=60)
    attempts.save_answers(
        attempt=a, payload={str(qs.judge.pk): [0]}, now=t0 + dt.timedelta(seconds=30)
    )
    late = t0 + dt.timedelta(seconds=61)
    with pytest.raises(AttemptError, match="已交卷"):
        attempts.save_answers(
            attempt=a, payload={str(qs.single.pk): shown(a, qs.single.pk, [1])}, now=late
        )
    stored = Attempt.objects.get(pk=a.pk)
    assert stored.status == Attempt.Status.EXPIRED
    assert stored.score == Decimal("1.00")
    assert stored.submitted_at == a.deadline and stored.duration_seconds == 60
    # A submit after the deadline returns the expired result, late answers ignored.
    again = attempts.submit_attempt(attempt=stored, payload={str(qs.single.pk): [0]}, now=late)
    assert again.score == Decimal("1.00")


def test_expired_attempt_is_submitted_on_next_start(tree, qs, members):
    paper = make_paper(tree.a, [(qs.judge, 1)], time_limit_seconds=60)
    t0 = timezone.now() - dt.timedelta(minutes=5)
    a = attempts.start_attempt(member=members.in_a, paper=paper, now=t0)
    b = attempts.start_attempt(member=members.in_a, paper=paper)
    assert b.pk != a.pk
    assert Attempt.objects.get(pk=a.pk).status == Attempt.Status.EXPIRED


def test_deadline_capped_by_close_time(tree, qs, members):
    now = timezone.now()
    paper = make_paper(
        tree.a, [(qs.judge, 1)], time_limit_seconds=3600, closes_at=now + dt.timedelta(minutes=5)
    )
    a = attempts.start_attempt(member=members.in_a, paper=paper, now=now)
    assert a.deadline == paper.closes_at


def test_attempt_limits(tree, qs, members):
    paper = make_paper(tree.a, [(qs.judge, 1)], attempts_per_day=1, attempts_total=2)
    now = timezone.now()
    a = attempts.start_attempt(member=members.in_a, paper=paper, now=now)
    attempts.submit_attempt(attempt=a, now=now)
    with pytest.raises(AttemptError, match="每天最多可答1次"):
        attempts.start_attempt(member=members.in_a, paper=paper, now=now)
    tomorrow = now + dt.timedelta(days=1)
    b = attempts.start_attempt(member=members.in_a, paper=paper, now=tomorrow)
    attempts.submit_attempt(attempt=b, now=tomorrow)
    with pytest.raises(AttemptError, match="最多可答2次"):
        attempts.start_attempt(member=members.in_a, paper=paper, now=now + dt.timedelta(days=2))


def test_open_close_and_status(tree, qs, members):
    now = timezone.now()
    paper = make_paper(
        tree.a,
        [(qs.judge, 1)],
        opens_at=now + dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=2),
    )
    with pytest.raises(AttemptError, match="尚未开始"):
        attempts.start_attempt(member=members.in_a, paper=paper, now=now)
    with pytest.raises(AttemptError, match="已截止"):
        attempts.start_attempt(member=members.in_a, paper=paper, now=now + dt.timedelta(hours=3))
    assert attempts.start_attempt(member=members.in_a, paper=paper, now=now + dt.timedelta(hours=1))
    draft = make_paper(tree.a, [(qs.judge, 1)], status=Paper.Status.DRAFT)
    with pytest.raises(AttemptError, match="尚未发布"):
        attempts.start_attempt(member=members.in_a, paper=draft)
    closed = make_paper(tree.a, [(qs.judge, 1)], status=Paper.Status.CLOSED)
    with pytest.raises(AttemptError, match="已结束"):
        attempts.start_attempt(member=members.in_a, paper=closed)


def test_member_outside_audience_refused(paper, members):
    with pytest.raises(AttemptError, match="不在该试卷的答题范围内"):
        attempts.start_attempt(member=members.in_b, paper=paper)
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"999999": [0]}, "不在本次答卷中"),
        ("junk", "答案格式有误"),
        ({"Q": {"a": 1}}, "不在本次答卷中"),
    ],
)
def test_tampered_payloads_refused(paper, members, payload, message):
    a = attempts.start_attempt(member=members.in_a, paper=paper)
    with pytest.raises(AttemptError, match=message):
        attempts.save_answers(attempt=a, payload=payload)
    assert Attempt.objects.get(pk=a.pk).answers == {}


def test_option_out_of_range_and_two_options_on_single(paper, members, qs):
    a = attempts.start_attempt(member=members.in_a, paper=paper)
    with pytest.raises(AttemptError, match="没有第5个选项"):
        attempts.save_answers(attempt=a, payload={str(qs.single.pk): [4]})
    with pytest.raises(AttemptError, match="只能选一个"):
        attempts.save_answers(attempt=a, payload={str(qs.single.pk): [0, 1]})
    with pytest.raises(AttemptError, match="选项序号"):
        attempts.save_answers(attempt=a, payload={str(qs.single.pk): ["x"]})
    # A bad entry spoils the whole payload: the good one is not stored either.
    with pytest.raises(AttemptError):
        attempts.submit_attempt(attempt=a, payload={str(qs.judge.pk): [0], str(qs.multi.pk): [-1]})
    stored = Attempt.objects.get(pk=a.pk)
    assert stored.answers == {} and stored.status == Attempt.Status.IN_PROGRESS


def test_rate_limit_on_start(paper, members, settings):
    settings.KESU_QUIZ_STARTS_PER_MINUTE = 2
    attempts.start_attempt(member=members.in_a, paper=paper)
    attempts.start_attempt(member=members.in_a, paper=paper)
    with pytest.raises(AttemptError, match="过于频繁"):
        attempts.start_attempt(member=members.in_a, paper=paper)
