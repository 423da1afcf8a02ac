import datetime as dt
from decimal import Decimal

from kesu.indicators.selectors import indicator_breakdown, indicator_evidence, indicator_values
from tests.contests.conftest import END, START, make_attempt, make_contest
from tests.factories import make_member

D0, D1 = dt.date(2026, 5, 1), dt.date(2026, 5, 31)


def _values(user, org, start=D0, end=D1):
    codes = [
        "contest.count",
        "contest.participants",
        "contest.participation_rate",
        "contest.average_score",
    ]
    return {
        v.code: v.value
        for v in indicator_values(user=user, org=org, start=start, end=end, codes=codes)
    }


def test_values_breakdown_and_evidence(tree, users, members):
    """HZ-A roster: 张三 (HZ-A-1-01), 李四 (HZ-A), 4 more at HZ-A-1-01 → 6 active members.
    Participants: 张三 (best 80 of 100), 李四 (best 30 of 50) → 2/6 = 33.33 %, average of
    best rates (80 + 60) / 2 = 70 %."""
    contest = make_contest(tree.a)
    for i in range(4):
        make_member(tree.a1g, name=f"会员甲{i}")
    make_attempt(contest.paper, members.in_a, 50)
    make_attempt(contest.paper, members.in_a, 80)
    make_attempt(contest.paper, members.in_a2, 30, max_score=50)
    make_attempt(contest.paper, members.in_b, 100)  # outside the contest's subtree
    make_attempt(contest.paper, members.in_a2, 50, max_score=50, at=END + dt.timedelta(hours=1))
    values = _values(users.staff_a, tree.a)
    assert values["contest.count"] == 1
    assert values["contest.participants"] == 2
    assert values["contest.participation_rate"] == Decimal("33.33")
    assert round(Decimal(values["contest.average_score"]), 2) == Decimal("70.00")
    rows = indicator_breakdown(
        user=users.staff_a,
        code="contest.participation_rate",
        org=tree.a,
        start=D0,
        end=D1,
        by="org",
    )
    assert [(r.key, r.value) for r in rows] == [
        ("HZ-A", Decimal("100.00")),
        ("HZ-A-1", Decimal("20.00")),
    ]
    evidence = indicator_evidence(
        user=users.staff_a, code="contest.average_score", org=tree.a, start=D0, end=D1
    )
    assert sorted(a.score for a in evidence) == [Decimal(30), Decimal(80)]
    # the city sees the same; a range before the contest sees nothing; HZ-B nothing counted
    assert _values(users.root, tree.city)["contest.participants"] == 2
    assert _values(users.staff_a, tree.a, dt.date(2026, 4, 1), dt.date(2026, 4, 30)) == {
        "contest.count": 0,
        "contest.participants": 0,
        "contest.participation_rate": 0,
        "contest.average_score": 0,
    }
    assert _values(users.admin_b, tree.b)["contest.participants"] == 0


def test_range_cuts_by_submission_date(tree, users, members):
    contest = make_contest(tree.a)
    make_attempt(contest.paper, members.in_a, 90, at=START + dt.timedelta(days=20))
    values = _values(users.staff_a, tree.a, D0, dt.date(2026, 5, 10))
    assert values["contest.participants"] == 0 and values["contest.count"] == 1


def test_evidence_pages(client, tree, users, members):
    from django.urls import reverse

    from tests.conftest import login

    contest = make_contest(tree.a)
    make_attempt(contest.paper, members.in_a, 90)
    login(client, users.staff_a)
    query = {"org": "HZ-A", "from": "2026-05-01", "to": "2026-05-31"}
    body = client.get(reverse("indicators:evidence", args=["contest.count"]), query)
    assert body.status_code == 200 and contest.title in body.content.decode()
    api = client.get("/api/v1/indicators/contest.average_score/evidence", query).json()
    assert api["count"] == 1 and api["items"][0]["score"] == "90.00"
