"""The contest and quiz figures after the city-scale rewrite (constant contest conditions,
roster roll-up, instant ranges, covering index) keep their definitions exactly."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from kesu.contests import selectors
from kesu.contests.selectors import contest_results_rows
from kesu.indicators.selectors import indicator_breakdown, indicator_evidence, indicator_values
from kesu.members.choices import MemberStatus
from kesu.members.models import Member
from kesu.quiz.models import Attempt
from tests.contests.conftest import SH, START, make_attempt, make_contest, make_paper
from tests.factories import make_member

D0, D1 = dt.date(2026, 5, 1), dt.date(2026, 5, 31)
CODES = ["contest.participants", "contest.participation_rate", "contest.average_score"]


@pytest.fixture(params=["constants", "joins"])
def form(request, monkeypatch):
    """Both ways of writing the contests into the query: as constants, and the join form
    used beyond CONSTANT_CONTESTS contests in a range."""
    if request.param == "joins":
        monkeypatch.setattr(selectors, "CONSTANT_CONTESTS", 0)
    return request.param


def _values(user, org, codes=CODES, start=D0, end=D1):
    found = indicator_values(user=user, org=org, start=start, end=end, codes=codes)
    return {v.code: v.value for v in found}


def _rows(user, code, org):
    rows = indicator_breakdown(user=user, code=code, org=org, start=D0, end=D1, by="org")
    return [(r.key, r.value) for r in rows]


def test_rate_denominator_is_the_scope_not_the_contest(tree, users, members, form):
    """A district contest seen from the city divides by the city's roster: 3 active members
    (张三, 李四, 王五), plus one who joins next month (counted: the roster is today's, whatever
    the join date); a withdrawn member is not."""
    contest = make_contest(tree.a)
    later = make_member(tree.bg, name="新会员")
    Member.objects.filter(pk=later.pk).update(joined_on=timezone.localdate() + dt.timedelta(30))
    gone = make_member(tree.bg, name="退会会员")
    Member.objects.filter(pk=gone.pk).update(status=MemberStatus.WITHDRAWN)
    make_attempt(contest.paper, members.in_a, 80)
    assert _values(users.root, tree.city)["contest.participation_rate"] == Decimal("25.00")
    assert _values(users.staff_a, tree.a)["contest.participation_rate"] == Decimal("50.00")
    assert _rows(users.root, "contest.participation_rate", tree.city) == [
        ("HZ", Decimal(0)),  # nobody on the city union itself
        ("HZ-A", Decimal("50.00")),
        ("HZ-B", Decimal("0.00")),
    ]


def test_two_contests_in_two_subtrees(tree, users, members, form):
    """Each contest counts its own subtree only; the figures read the scope's subtree, not
    the contests' (their subtrees are alternatives, not narrowing filters)."""
    a, b = make_contest(tree.a), make_contest(tree.b, title="滨江区竞赛")
    make_attempt(a.paper, members.in_a, 80)
    make_attempt(b.paper, members.in_b, 40)
    make_attempt(b.paper, members.in_a2, 100)  # 李四 is not in HZ-B's subtree
    city = _values(users.root, tree.city)
    assert city["contest.participants"] == 2
    assert city["contest.participation_rate"] == Decimal("66.67")
    assert round(Decimal(city["contest.average_score"]), 2) == Decimal("60.00")
    assert _values(users.staff_a, tree.a)["contest.participation_rate"] == Decimal("50.00")
    assert _values(users.admin_b, tree.b)["contest.participation_rate"] == Decimal("100.00")


def test_two_contests_of_one_host(tree, users, members, form):
    """One host's contests share its subtree: each member's best per contest counts."""
    first, second = make_contest(tree.a), make_contest(tree.a, title="第二场")
    make_attempt(first.paper, members.in_a, 80)
    make_attempt(second.paper, members.in_a, 60)
    make_attempt(second.paper, members.in_a, 40)
    make_attempt(second.paper, members.in_a2, 25, max_score=50)
    values = _values(users.staff_a, tree.a)
    assert values["contest.participants"] == 2
    assert round(Decimal(values["contest.average_score"]), 2) == Decimal("63.33")


def test_best_attempt_is_chosen_across_subtrees(tree, users, members, form):
    """张三 sat the contest at HZ-A-1-01 (90) and, after a transfer, at HZ-A itself (60): the
    best is the 90 one, so HZ-A's own (本级) average has no best attempt at all — the best is
    chosen among all of the member's counted attempts, not within the row's subtree."""
    contest = make_contest(tree.a)
    make_attempt(contest.paper, members.in_a, 90)
    make_attempt(contest.paper, members.in_a, 60, org=tree.a, at=START + dt.timedelta(days=2))
    make_attempt(contest.paper, members.in_a2, 50, duration=100)
    make_attempt(contest.paper, members.in_a2, 50, duration=90, at=START + dt.timedelta(days=3))
    rows = _rows(users.staff_a, "contest.average_score", tree.a)
    assert [(k, round(Decimal(v), 2)) for k, v in rows] == [
        ("HZ-A", Decimal("50.00")),  # 李四's faster 50
        ("HZ-A-1", Decimal("90.00")),
    ]
    evidence = indicator_evidence(
        user=users.staff_a, code="contest.average_score", org=tree.a, start=D0, end=D1
    )
    assert sorted((a.score, a.duration_seconds) for a in evidence) == [
        (Decimal(50), 90),
        (Decimal(90), 300),
    ]
    table = {r.code: r for r in contest_results_rows(users.staff_a, tree.a, D0, D1)}
    assert table["HZ-A"].participants == 1 and table["HZ-A"].average_percent == Decimal("50.00")
    assert table["HZ-A-1"].participants == 1 and table["HZ-A-1"].roster == 1
    assert table["HZ-A-1"].participation_rate == Decimal("100.00")


def test_scope_inside_the_contests_subtree(tree, users, members, form):
    """Seen from HZ-A-1 (inside the HZ-A contest's subtree): 张三's best is the 90 he made at
    HZ-A itself, so HZ-A-1 has a participant but no best attempt; 王五's 100 at HZ-B is no
    contest attempt, so it does not hide his 40 at HZ-A-1-01 (transferred there)."""
    contest = make_contest(tree.a)
    make_attempt(contest.paper, members.in_a, 60)
    make_attempt(contest.paper, members.in_a, 90, org=tree.a, at=START + dt.timedelta(days=2))
    make_attempt(contest.paper, members.in_b, 100)
    make_attempt(contest.paper, members.in_b, 40, org=tree.a1g, at=START + dt.timedelta(days=3))
    values = _values(users.staff_a, tree.a1)
    assert values["contest.participants"] == 2
    assert round(Decimal(values["contest.average_score"]), 2) == Decimal("40.00")
    assert _values(users.admin_b, tree.b)["contest.participants"] == 0
    rows = {r.code: r for r in contest_results_rows(users.staff_a, tree.a1, D0, D1)}
    assert rows["HZ-A-1-01"].participants == 1  # 王五's best; 张三's lies at HZ-A
    assert rows["HZ-A-1-01"].average_percent == Decimal("40.00")


def test_no_contest_in_range(tree, users, members, form):
    make_contest(tree.a)
    empty = _values(users.root, tree.city, start=dt.date(2026, 7, 1), end=dt.date(2026, 7, 31))
    assert empty == {c: 0 for c in CODES}


def test_quiz_figures_cut_at_local_midnight(tree, users, members):
    """quiz.attempts / quiz.participants count by the local (Asia/Shanghai) submission date,
    exactly what a `__date__range` over the submission time counts."""
    paper = make_paper(tree.a)
    for at in (
        dt.datetime(2026, 4, 30, 23, 59, 59, tzinfo=SH),  # out
        dt.datetime(2026, 5, 1, 0, 0, tzinfo=SH),  # in
        dt.datetime(2026, 5, 31, 23, 59, 59, 999999, tzinfo=SH),  # in
        dt.datetime(2026, 6, 1, 0, 0, tzinfo=SH),  # out
    ):
        make_attempt(paper, members.in_a, 10, at=at)
    make_attempt(paper, members.in_a2, 10, at=dt.datetime(2026, 5, 10, 12, tzinfo=SH))
    Attempt.objects.create(  # in progress: never counted
        paper=paper, member=members.in_b, org=tree.bg, started_at=START, max_score=100
    )
    values = _values(users.root, tree.city, codes=["quiz.attempts", "quiz.participants"])
    reference = Attempt.objects.filter(
        status__in=(Attempt.Status.SUBMITTED, Attempt.Status.EXPIRED),
        submitted_at__date__range=(D0, D1),
    )
    assert values == {"quiz.attempts": 3, "quiz.participants": 2}
    assert reference.count() == 3
    assert _values(users.admin_b, tree.b, codes=["quiz.attempts"]) == {"quiz.attempts": 0}


def test_submitted_attempts_index_exists(db):
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, "quiz_attempt")
    assert "quiz_attempt_submitted_cover" in names


def test_deeper_board_pages_are_the_full_boards_rows(tree, members):
    """Pages after the first read the places' keys first, then those rows: the same rows,
    annotations (score rate, duration) and related names as the full board."""
    from kesu.contests import ranking

    contest = make_contest(tree.a)
    for i, member in enumerate(
        [members.in_a, members.in_a2] + [make_member(tree.a1g) for _ in range(3)]
    ):
        make_attempt(contest.paper, member, 40 + 10 * (i % 3), duration=100 + i, max_score=80)
    make_attempt(contest.paper, members.in_a, 45, duration=None, at=START + dt.timedelta(days=2))

    def shown(rows):
        return [(a.pk, a.percent, a.dur, a.member.name, a.org.name) for a in rows]

    full = list(ranking.individual_board(contest))
    assert shown(ranking.Board(contest)[1:4]) == shown(full[1:4])
    assert ranking.Board(contest)[10:20] == []
