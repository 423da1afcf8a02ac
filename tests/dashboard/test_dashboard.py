"""The dashboard: figures from the registry, each linked to its evidence, inside scope."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from kesu.dashboard.selectors import dashboard_data
from kesu.plans.services import target_set
from tests.activities.conftest import make_activity
from tests.core.test_security import assert_page_is_clean

URL = "/dashboard/"
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}


@pytest.fixture
def records(tree):
    make_activity(tree.a1, "三月讲座", "2026-03-10", person_times=40, materials_distributed=100)
    make_activity(tree.a, "五月展览", "2026-05-02", kind="exhibition", person_times=60)
    make_activity(tree.b, "他区活动", "2026-05-03", person_times=999)
    return tree


@pytest.mark.django_db
def test_dashboard_counts_only_the_subtree_and_links_figures(client, users, records):
    client.force_login(users.admin_a)
    response = client.get(URL, {"org": "HZ-A", **YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert_page_is_clean(html, URL)
    board = response.context["board"]
    values = {p.key: p.value for p in board.headlines}
    assert values["activities.count"] == 2
    assert values["activities.person_times"] == 100
    # every headline links to the evidence of exactly that figure and scope
    assert "/indicators/activities.count/evidence/?org=HZ-A&amp;from=2026-01-01" in html
    trend = next(p for p in board.panels if p.kind == "line")
    months = {p.key: p.value for p in trend.series[0].points}
    assert len(months) == 12 and months["2026-03"] == 1 and months["2026-05"] == 1
    assert months["2026-04"] == 0
    march = next(p for p in trend.series[0].points if p.key == "2026-03")
    assert "from=2026-03-01&to=2026-03-31" in march.url


@pytest.mark.django_db
def test_chart_data_attribute_carries_the_table_figures(client, users, records):
    client.force_login(users.admin_a)
    html = client.get(URL, {"org": "HZ-A", **YEAR}).content.decode()
    charts = [
        json.loads(m.replace("&quot;", '"')) for m in re.findall(r'data-chart="([^"]*)"', html)
    ]
    pie = next(c for c in charts if c["kind"] == "pie")
    assert sum(pie["series"][0]["data"]) == 2  # two activities by kind
    assert "/static/vendor/echarts/echarts.min.js" in html


@pytest.mark.django_db
def test_ranking_lists_children_in_order(users, records):
    board = dashboard_data(
        user=users.city_admin,
        org=records.city,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    ranking = next(p for p in board.panels if p.kind == "bar")
    assert [p.key for p in ranking.series[0].points] == ["HZ-B", "HZ-A"]
    assert [p.value for p in ranking.series[0].points] == [999, 100]


@pytest.mark.django_db
def test_plan_completion_panel(client, users, records):
    target_set(actor=users.admin_a, org=records.a, year=2026, indicator="activities.count", value=4)
    client.force_login(users.admin_a)
    board = client.get(URL, {"org": "HZ-A", **YEAR}).context["board"]
    (row,) = board.plan
    assert row.indicator == "activities.count" and row.actual == 2 and row.completion == 50


@pytest.mark.django_db
def test_out_of_scope_org_is_not_found_and_members_are_refused(client, users, records):
    client.force_login(users.admin_a)
    assert client.get(URL, {"org": "HZ-B", **YEAR}).status_code == 404
    client.force_login(users.viewer_a)
    assert client.get(URL, {"org": "HZ-A", **YEAR}).status_code == 200
    client.force_login(users.member_a)
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_echarts_is_served_by_the_platform():
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/echarts/echarts.min.js")


@pytest.mark.django_db
def test_topic_panel_counts_each_topic_and_links_the_filtered_list(users, tree):
    make_activity(tree.a1, "安全讲座", "2026-03-10", topics=",safety,health,")
    make_activity(tree.a1, "健康讲座", "2026-04-10", topics=",health,")
    board = dashboard_data(
        user=users.admin_a, org=tree.a, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    panel = next(p for p in board.panels if "按主题" in p.title)
    counts = {p.key: p.value for p in panel.series[0].points}
    assert counts == {"safety": 1, "health": 2}
    assert "topic=health" in next(p.url for p in panel.series[0].points if p.key == "health")


@pytest.mark.django_db
def test_headlines_show_the_change_on_last_year_only_where_it_has_records(client, users, records):
    make_activity(records.a1, "去年讲座", "2025-04-01", person_times=80)
    make_activity(records.a1, "前年讲座", "2024-04-01", person_times=500)  # not last year
    make_activity(records.b, "他区去年活动", "2025-04-01", person_times=10)  # not HZ-A
    client.force_login(users.admin_a)
    response = client.get(URL, {"org": "HZ-A", **YEAR})
    changes = {p.key: p.change for p in response.context["board"].headlines}
    assert changes["activities.count"] == "同比增长100.0%"  # 2 against 1
    assert changes["activities.person_times"] == "同比增长25.0%"  # 100 against 80
    assert changes["activities.materials"] == ""  # none last year: nothing to compare
    html = response.content.decode()
    assert '<span class="headline-change">同比增长25.0%</span>' in html
    earlier = client.get(URL, {"org": "HZ-A", "from": "2025-01-01", "to": "2025-12-31"})
    changes = {p.key: p.change for p in earlier.context["board"].headlines}
    assert changes["activities.person_times"] == "同比下降84.0%"  # 80 against 500
