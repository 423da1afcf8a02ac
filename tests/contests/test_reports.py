import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kesu.contests.exports import results_workbook
from kesu.contests.selectors import contest_results_rows
from kesu.orgs.access import NotFound
from tests.contests.conftest import make_attempt, make_contest
from tests.factories import make_member


def test_results_rows_per_child_and_workbook(tree, users, members):
    contest = make_contest(tree.a)
    make_member(tree.a1g, name="未参赛")
    make_attempt(contest.paper, members.in_a, 60)
    make_attempt(contest.paper, members.in_a, 90)
    make_attempt(contest.paper, members.in_a2, 50)
    rows = contest_results_rows(
        users.city_admin, tree.city, dt.date(2026, 5, 1), dt.date(2026, 5, 31)
    )
    got = {r.code: r for r in rows}
    assert list(got) == ["HZ-A", "HZ-B"]  # no 本级 row: nothing at the city itself
    a = got["HZ-A"]
    assert (a.contests, a.participants, a.roster) == (1, 2, 3)
    assert a.participation_rate == Decimal("66.67") and a.average_percent == Decimal("70.00")
    assert (got["HZ-B"].contests, got["HZ-B"].participants, got["HZ-B"].roster) == (0, 0, 1)
    body, _rows = results_workbook(
        user=users.city_admin, org=tree.city, start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31)
    )
    sheet = load_workbook(io.BytesIO(body))["知识竞赛"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "杭州市总工会 知识竞赛情况统计表"
    assert values[3][:4] == ("西湖区总工会", "HZ-A", 1, 2)
    with pytest.raises(NotFound):
        contest_results_rows(users.admin_b, tree.a, dt.date(2026, 5, 1), dt.date(2026, 5, 31))
