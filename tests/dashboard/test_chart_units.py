"""Charts get each series' unit (one value axis per unit) and amounts are grouped by
thousands (issue 16: 科普活动 场 lay flat at 0 beside 参与人次; 477400)."""

from django.template import Context, Template

from kesu.dashboard.selectors import Panel, Point, Series


def test_each_series_carries_its_unit_for_its_own_axis():
    months = [Point("2026-01", "1月", 3), Point("2026-02", "2月", 5)]
    people = [Point("2026-01", "1月", 12000), Point("2026-02", "2月", 15000)]
    panel = Panel(
        "逐月趋势",
        "line",
        [
            Series("activities.count", "科普活动", "场", months),
            Series("activities.person_times", "参与人次", "人次", people),
        ],
    )
    series = panel.chart()["series"]
    assert [s["unit"] for s in series] == ["场", "人次"]
    assert series[0]["data"] == [3.0, 5.0]


def test_amounts_are_grouped_by_thousands():
    html = Template("{% load humanize %}{{ a|intcomma }} {{ b|intcomma }}").render(
        Context({"a": 477400, "b": 1234567.5})
    )
    assert html == "477,400 1,234,567.5"
