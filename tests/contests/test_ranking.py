import datetime as dt
from decimal import Decimal

from kesu.contests import ranking
from kesu.quiz.models import Attempt
from tests.contests.conftest import END, START, make_attempt, make_contest
from tests.factories import make_member, make_org


def _names(contest):
    return [a.member.name for a in ranking.individual_board(contest)]


def test_order_score_then_duration_then_earlier(tree, contest):
    p = contest.paper
    day = START + dt.timedelta(days=2)
    make_attempt(p, make_member(tree.a1g, name="慢"), 90, duration=500, at=day)
    make_attempt(p, make_member(tree.a1g, name="快"), 90, duration=200, at=day)
    make_attempt(p, make_member(tree.a1g, name="高"), 95, duration=900, at=day)
    make_attempt(
        p, make_member(tree.a1g, name="晚"), 90, duration=200, at=day + dt.timedelta(hours=1)
    )
    assert _names(contest) == ["高", "快", "晚", "慢"]
    board = list(ranking.individual_board(contest))
    assert [ranking.rank_of(contest, a) for a in board] == [1, 2, 3, 4]


def test_best_attempt_per_member(tree, contest):
    p = contest.paper
    m = make_member(tree.a1g, name="多次")
    make_attempt(p, m, 60, duration=100)
    best = make_attempt(p, m, 80, duration=400)
    make_attempt(p, m, 80, duration=500)
    make_attempt(p, m, 70, duration=50)
    board = list(ranking.individual_board(contest))
    assert [a.pk for a in board] == [best.pk]
    assert ranking.member_best(contest, m).pk == best.pk


def test_period_status_and_eligibility(tree, members, contest):
    p = contest.paper
    make_attempt(p, make_member(tree.a1g, name="早"), 99, at=START - dt.timedelta(minutes=1))
    make_attempt(p, make_member(tree.a1g, name="迟"), 99, at=END + dt.timedelta(minutes=1))
    make_attempt(p, make_member(tree.a1g, name="边"), 50, at=END)
    make_attempt(p, make_member(tree.a1g, name="超时"), 40, status=Attempt.Status.EXPIRED)
    Attempt.objects.create(
        paper=p,
        member=make_member(tree.a1g, name="答题中"),
        org=tree.a1g,
        started_at=START + dt.timedelta(days=1),
    )
    make_attempt(p, members.in_b, 100)  # outside HZ-A: not counted
    assert _names(contest) == ["边", "超时"]


def test_prizes_first_rule_wins(tree, contest):
    contest.prize_rules = [
        {"name": "一等奖", "top": 1},
        {"name": "二等奖", "top": 2},
        {"name": "优秀奖", "min_percent": "60"},
    ]
    assert ranking.prize_for(contest, 1, Decimal(10)) == "一等奖"
    assert ranking.prize_for(contest, 2, Decimal(99)) == "二等奖"
    assert ranking.prize_for(contest, 3, Decimal(60)) == "优秀奖"
    assert ranking.prize_for(contest, 3, Decimal("59.99")) == ""


def test_org_board_formula_hand_computed(tree):
    """HZ-A's children: HZ-A-1 (subtree with HZ-A-1-01) and HZ-A-2; weights 50/30/20,
    high-score line 80%.

    HZ-A-1: roster 4 (1 at HZ-A-1, 3 at HZ-A-1-01), participants 2 with best 90/100, 60/100
      rate 50, average 75, high share 50 → (50*50 + 30*75 + 20*50)/100 = 57.50
    HZ-A-2: roster 2, participant 1 with best 40/50 (80%)
      rate 50, average 80, high 100 → (2500 + 2400 + 2000)/100 = 69.00
    """
    a2 = make_org("HZ-A-2", "灵隐街道总工会", "township", tree.a)
    contest = make_contest(
        tree.a,
        weight_participation=50,
        weight_average=30,
        weight_high_score=20,
        high_score_percent=Decimal(80),
    )
    p = contest.paper
    m1 = make_member(tree.a1, name="甲")
    m2 = make_member(tree.a1g, name="乙")
    make_member(tree.a1g, name="丙")
    make_member(tree.a1g, name="丁", status="withdrawn")
    make_member(tree.a1g, name="戊")
    make_attempt(p, m1, 90)
    make_attempt(p, m1, 70)
    make_attempt(p, m2, 60)
    n1 = make_member(a2, name="己")
    make_member(a2, name="庚")
    make_attempt(p, n1, 40, max_score=50)
    make_attempt(p, n1, 30, max_score=50)
    rows = ranking.org_board(contest, tree.a, children=tree.a.children.all())
    got = {r.code: r for r in rows}
    assert [r.code for r in rows] == ["HZ-A-2", "HZ-A-1"]
    one, two = got["HZ-A-1"], got["HZ-A-2"]
    assert (one.roster, one.participants) == (4, 2)
    assert (one.participation_rate, one.average_percent, one.high_score_share) == (
        Decimal("50.00"),
        Decimal("75.00"),
        Decimal("50.00"),
    )
    assert one.composite == Decimal("57.50")
    assert (two.roster, two.participants, two.average_percent, two.high_score_share) == (
        2,
        1,
        Decimal("80.00"),
        Decimal("100.00"),
    )
    assert two.composite == Decimal("69.00")
    assert two.rank == 1 and one.has_children and not two.has_children
    # drill-down: HZ-A-1's own row (本级) and its child
    rows = ranking.org_board(contest, tree.a1, children=tree.a1.children.all())
    assert [(r.code, r.roster, r.participants) for r in rows] == [
        ("HZ-A-1", 1, 1),
        ("HZ-A-1-01", 3, 1),
    ] or [(r.code, r.roster, r.participants) for r in rows] == [
        ("HZ-A-1-01", 3, 1),
        ("HZ-A-1", 1, 1),
    ]


def test_org_board_excludes_outside_and_out_of_period(tree, members, contest):
    make_attempt(contest.paper, members.in_b, 100)
    make_attempt(contest.paper, members.in_a, 100, at=END + dt.timedelta(seconds=1))
    rows = ranking.org_board(contest, tree.city, children=tree.city.children.all())
    assert all(r.participants == 0 for r in rows)


def test_top_board_matches_full_board_with_repeat_attempts(tree, contest):
    p = contest.paper
    keen = make_member(tree.a1g, name="刷题")
    Attempt.objects.bulk_create(
        Attempt(
            paper=p,
            member=keen,
            org=tree.a1g,
            status=Attempt.Status.SUBMITTED,
            started_at=START,
            submitted_at=START + dt.timedelta(hours=1, seconds=i),
            duration_seconds=100 + i,
            score=Decimal(99),
            max_score=Decimal(100),
        )
        for i in range(120)
    )
    for i in range(6):
        make_attempt(p, make_member(tree.a1g, name=f"选手{i}"), 90 - i)
    full = [a.pk for a in ranking.individual_board(contest)]
    assert [a.pk for a in ranking.top_board(contest, 5)] == full[:5]
    assert [a.pk for a in ranking.Board(contest)[0:50]] == full
    assert ranking.Board(contest).count() == 7
    assert [a.pk for a in ranking.Board(contest)[2:4]] == full[2:4]


def test_shared_board_is_kept_briefly_plain_board_is_live(tree, contest):
    make_attempt(contest.paper, make_member(tree.a1g, name="先"), 80)
    assert len(ranking.Board(contest, seconds=8)[0:50]) == 1
    make_attempt(contest.paper, make_member(tree.a1g, name="后"), 70)
    assert len(ranking.Board(contest, seconds=8)[0:50]) == 1  # shared for 8 s
    assert len(ranking.Board(contest)[0:50]) == 2  # API and exports read live
