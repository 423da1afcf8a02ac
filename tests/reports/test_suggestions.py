"""Suggested 存在的问题 and 下一步工作计划 come from records, and stay marked 建议 on the
page until accepted or edited."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from kesu.accounts.services import operator
from kesu.hardship import services as hardship
from kesu.hardship import standards
from kesu.indicators.selectors import indicator_values
from kesu.plans.services import target_set
from kesu.reports.suggestions import suggest
from tests.factories import make_member, make_org
from tests.reports.test_summary import END, START, _activity, three  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(tree, three):  # noqa: F811
    """HZ-A: a target far behind, a township without activity, fewer activities than in
    2025, an overdue hardship file, and targets for 2027."""
    make_org("HZ-A-2", "南山街道总工会", "township", tree.a)
    target_set(actor=operator(), org=tree.a, year=2026, indicator="activities.count", value=100)
    target_set(actor=operator(), org=tree.a, year=2027, indicator="activities.count", value=120)
    target_set(
        actor=operator(), org=tree.a, year=2027, indicator="activities.materials", value=8000
    )
    for day in (3, 4, 5, 6, 7):  # 2025: 6 activities with 旧活动, 2026: 3
        _activity(tree.a1g, dt.date(2025, 5, day), f"往年活动{day}")
    standards.standard_set(
        actor=operator(), org=tree.city, data={"year": 2024, "monthly_amount": "800"}
    )
    member = make_member(tree.a1g)
    hardship.case_create(
        actor=operator(),
        org=tree.a1g,
        data={
            "applicant": member.pk,
            "household_size": 3,
            "income_per_head": "500",
            "cause": "illness",
            "tier": "deep",
            "filed_on": dt.date(2024, 3, 1),
        },
    )


def _drop(users, tree) -> str:
    """The fall of activities.count on 2025, from the registry (not restated here)."""
    (now,) = indicator_values(
        user=users.admin_a, org=tree.a, start=START, end=END, codes=["activities.count"]
    )
    (before,) = indicator_values(
        user=users.admin_a,
        org=tree.a,
        start=START.replace(year=2025),
        end=END.replace(year=2025),
        codes=["activities.count"],
    )
    assert now.value < before.value
    share = Decimal(before.value - now.value) * 100 / Decimal(before.value)
    return str(share.quantize(Decimal("0.1"), ROUND_HALF_UP))


def test_problems_and_plan_from_records(tree, users, findings):
    found = suggest(user=users.admin_a, org=tree.a, start=START, end=END)
    assert found.problems.splitlines() == [
        "一是部分指标进度滞后于时间进度，科普活动完成年任务的3.0%，低于时间进度100.0%。",
        "二是基层工作开展不够平衡，南山街道总工会本期未开展科普活动。",
        "三是北山街道总工会、南山街道总工会尚未向上级报送本期工作报告。",
        f"四是部分工作同比有所下降，科普活动同比下降{_drop(users, tree)}%。",
        "五是困难职工档案管理有待加强，1户档案逾期未复核。",
    ]
    assert found.next_plan.splitlines() == [
        "一是按照2027年工作计划，力争完成科普活动120场、发放资料8000份等目标任务。",
        "二是针对科普活动等进度滞后的指标，加大推进力度，确保完成年度任务。",
        "三是加强对基层工会的督促指导，推动各单位均衡开展工作并按时报送。",
        "四是及时完成困难职工档案年度复核，做到应帮尽帮、动态管理。",
    ]


def test_a_single_point_stands_without_yi_shi(tree, users, three):  # noqa: F811
    # its one child is active, nothing behind, nothing overdue: only the missing report
    found = suggest(user=users.admin_a, org=tree.a1, start=START, end=dt.date(2026, 6, 30))
    assert found.problems == "某科技公司工会尚未向上级报送本期工作报告。"
    assert found.next_plan == "加强对基层工会的督促指导，推动各单位均衡开展工作并按时报送。"


def test_preview_marks_suggestions_until_accepted(client, users, tree, findings):
    client.force_login(users.admin_a)
    query = {"org": "HZ-A", "from": "2026-01-01", "to": "2026-12-31", "style": "exact"}
    page = client.get("/reports/summary/", query).content.decode()
    assert '<p class="summary-p suggestion"><span class="tag">建议</span>一是部分指标进度' in page
    assert "采用建议" in page
    client.post(
        "/reports/summary/accept/?org=HZ-A&from=2026-01-01&to=2026-12-31&style=exact",
        {"part": "problems"},
    )
    page = client.get("/reports/summary/", query).content.decode()
    assert '<p class="summary-p">一是部分指标进度滞后于时间进度' in page  # now the user's text
    assert '<span class="tag">建议</span>一是按照2027年工作计划' in page  # still a suggestion
