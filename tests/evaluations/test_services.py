"""Scoring rules, manual adjustments, ranking, publishing, scope, export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kesu.audit.models import AuditEntry
from kesu.evaluations import scoring, services
from kesu.evaluations.export import ranking_xlsx
from kesu.evaluations.models import Rule, SchemeItem
from kesu.orgs import access
from kesu.plans.services import target_set
from tests.evaluations.conftest import make_activity
from tests.factories import make_org

pytestmark = pytest.mark.django_db
COUNT = "activities.count"


def _scheme(tree, users, level="township"):
    return services.scheme_create(actor=users.admin_a, org=tree.a, year=2025, level=level)


def _activities(org, n):
    for i in range(n):
        make_activity(org, day=f"2025-03-{i + 1:02d}")


def _row(results, code):
    return next(r for r in results["rows"] if r["code"] == code)


@pytest.mark.parametrize(
    ("done", "score"),
    [(0, "0"), (5, "5"), (10, "10"), (11, "11"), (12, "12"), (20, "12")],
)
def test_proportional_with_cap_120(tree, users, done, score):
    scheme = _scheme(tree, users)
    services.item_add(
        actor=users.admin_a,
        scheme=scheme,
        indicator=COUNT,
        points=10,
        rule=Rule.PROPORTIONAL,
        cap=120,
    )
    target_set(actor=users.admin_a, org=tree.a1, year=2025, indicator=COUNT, value=10)
    _activities(tree.a1, done)
    results = scoring.evaluation_compute(user=users.admin_a, scheme=scheme)
    [cell] = _row(results, "HZ-A-1")["items"]
    assert cell["score"] == score
    assert cell["target"] == "10" and cell["actual"] == str(done)
    assert _row(results, "HZ-A-1")["total"] == score


def test_steps_and_pass_fail(tree, users):
    scheme = _scheme(tree, users)
    services.item_add(
        actor=users.admin_a,
        scheme=scheme,
        indicator=COUNT,
        points=10,
        rule=Rule.STEPS,
        steps=[[60, 4], [80, 7], [100, 10]],
    )
    services.item_add(
        actor=users.admin_a,
        scheme=scheme,
        indicator="activities.person_times",
        points=5,
        rule=Rule.PASS_FAIL,
    )
    target_set(actor=users.admin_a, org=tree.a1, year=2025, indicator=COUNT, value=10)
    target_set(
        actor=users.admin_a, org=tree.a1, year=2025, indicator="activities.person_times", value=99
    )
    for i in range(8):
        make_activity(tree.a1, day=f"2025-04-{i + 1:02d}", person_times=12 if i < 7 else 15)
    row = _row(scoring.evaluation_compute(user=users.admin_a, scheme=scheme), "HZ-A-1")
    steps, passed = row["items"]
    assert steps["completion"] == "80.0" and steps["score"] == "7"
    assert passed["actual"] == "99" and passed["score"] == "5"
    assert row["total"] == "12"
    item = SchemeItem.objects.get(rule=Rule.STEPS)
    assert scoring.score_item(item, Decimal("59.9")) == 0
    assert scoring.score_item(item, Decimal(60)) == 4
    assert scoring.score_item(item, Decimal(150)) == 10
    fail = SchemeItem.objects.get(rule=Rule.PASS_FAIL)
    assert scoring.score_item(fail, Decimal("99.99")) == 0


def test_no_target_scores_zero_with_note(tree, users):
    scheme = _scheme(tree, users)
    services.item_add(
        actor=users.admin_a, scheme=scheme, indicator=COUNT, points=10, rule=Rule.PASS_FAIL
    )
    _activities(tree.a1, 3)
    [cell] = _row(scoring.evaluation_compute(user=users.admin_a, scheme=scheme), "HZ-A-1")["items"]
    assert cell["score"] == "0" and cell["target"] is None
    assert cell["note"] == scoring.NO_TARGET


def test_manual_adjustments_and_ranking_with_ties(tree, users):
    t2 = make_org("HZ-A-2", "灵隐街道总工会", "township", tree.a)
    t3 = make_org("HZ-A-3", "翠苑街道总工会", "township", tree.a)
    scheme = _scheme(tree, users)
    services.item_add(
        actor=users.admin_a, scheme=scheme, indicator=COUNT, points=10, rule=Rule.PROPORTIONAL
    )
    for org, n in [(tree.a1, 5), (t2, 8), (t3, 10)]:
        target_set(actor=users.admin_a, org=org, year=2025, indicator=COUNT, value=10)
        _activities(org, n)
    services.adjustment_add(
        actor=users.admin_a,
        scheme=scheme,
        unit=tree.a1,
        points="3",
        reason="获市级表彰",
        evidence="杭工〔2025〕12号",
    )
    services.adjustment_add(
        actor=users.admin_a, scheme=scheme, unit=t3, points="-2", reason="报送迟报"
    )
    rows = scoring.evaluation_compute(user=users.admin_a, scheme=scheme)["rows"]
    assert [(r["code"], r["total"], r["manual"], r["rank"]) for r in rows] == [
        ("HZ-A-1", "8", "3", 1),
        ("HZ-A-2", "8", "0", 1),
        ("HZ-A-3", "8", "-2", 1),
    ]
    services.adjustment_add(
        actor=users.admin_a, scheme=scheme, unit=t2, points="0.5", reason="创新项目"
    )
    rows = scoring.evaluation_compute(user=users.admin_a, scheme=scheme)["rows"]
    assert [(r["code"], r["rank"]) for r in rows] == [("HZ-A-2", 1), ("HZ-A-1", 2), ("HZ-A-3", 2)]
    with pytest.raises(services.EvaluationError) as err:
        services.adjustment_add(actor=users.admin_a, scheme=scheme, unit=t2, points=1, reason=" ")
    assert err.value.errors == {"reason": "请填写加减分理由"}
    with pytest.raises(services.EvaluationError) as err:
        services.adjustment_add(
            actor=users.admin_a, scheme=scheme, unit=tree.a1g, points=1, reason="x"
        )
    assert "unit" in err.value.errors


def test_units_are_children_at_level_in_scope(tree, users):
    scheme = services.scheme_create(
        actor=users.city_admin, org=tree.city, year=2025, level="district"
    )
    codes = [
        r["code"] for r in scoring.evaluation_compute(user=users.city_admin, scheme=scheme)["rows"]
    ]
    assert codes == ["HZ-A", "HZ-B"]
    with pytest.raises(access.NotFound):
        scoring.evaluation_compute(user=users.admin_a, scheme=scheme)


def test_publish_freezes_and_versions(tree, users):
    scheme = _scheme(tree, users)
    services.item_add(
        actor=users.admin_a, scheme=scheme, indicator=COUNT, points=10, rule=Rule.PROPORTIONAL
    )
    target_set(actor=users.admin_a, org=tree.a1, year=2025, indicator=COUNT, value=10)
    _activities(tree.a1, 4)
    first = services.evaluation_publish(actor=users.admin_a, scheme=scheme)
    assert first.version == 1
    assert _row(first.results, "HZ-A-1")["total"] == "4"
    _activities(tree.a1, 3)
    services.adjustment_add(
        actor=users.admin_a, scheme=scheme, unit=tree.a1, points=1, reason="补充材料"
    )
    first.refresh_from_db()
    assert _row(first.results, "HZ-A-1")["total"] == "4"
    assert _row(first.results, "HZ-A-1")["items"][0]["actual"] == "4"
    live = scoring.evaluation_compute(user=users.admin_a, scheme=scheme)
    assert _row(live, "HZ-A-1")["total"] == "8"
    second = services.evaluation_publish(actor=users.admin_a, scheme=scheme)
    assert second.version == 2 and _row(second.results, "HZ-A-1")["total"] == "8"
    first.refresh_from_db()
    assert _row(first.results, "HZ-A-1")["total"] == "4"
    assert AuditEntry.objects.filter(action="evaluation.publish").count() == 2


def test_validation_messages(tree, users):
    with pytest.raises(services.EvaluationError) as err:
        services.scheme_create(actor=users.admin_a, org=tree.a, year=2025, level="city")
    assert err.value.errors == {"level": "被考评层级应低于考评组织的层级"}
    scheme = _scheme(tree, users)
    with pytest.raises(services.EvaluationError) as err:
        _scheme(tree, users)
    assert err.value.errors == {"level": "该组织本年度已有此层级的考评方案"}
    cases = [
        ({"indicator": "nope.count", "points": 5, "rule": "pass_fail"}, "indicator"),
        ({"indicator": COUNT, "points": 0, "rule": "pass_fail"}, "points"),
        ({"indicator": COUNT, "points": 5, "rule": "other"}, "rule"),
        ({"indicator": COUNT, "points": 5, "rule": "proportional", "cap": 90}, "cap"),
        ({"indicator": COUNT, "points": 5, "rule": "steps", "steps": [[80, 3], [60, 2]]}, "steps"),
        ({"indicator": COUNT, "points": 5, "rule": "steps", "steps": [[80, 9]]}, "steps"),
    ]
    for kwargs, field in cases:
        with pytest.raises(services.EvaluationError) as err:
            services.item_add(actor=users.admin_a, scheme=scheme, **kwargs)
        assert field in err.value.errors
    with pytest.raises(services.EvaluationError) as err:
        services.evaluation_publish(actor=users.admin_a, scheme=scheme)
    assert err.value.errors == {"items": "方案尚未设置考评项目，不能发布"}


def test_scope_and_roles(tree, users):
    scheme = _scheme(tree, users)
    assert AuditEntry.objects.filter(action="evaluation.scheme_create").count() == 1
    with pytest.raises(access.NotFound):
        services.item_add(
            actor=users.admin_b, scheme=scheme, indicator=COUNT, points=5, rule="pass_fail"
        )
    with pytest.raises(access.NotFound):
        services.scheme_create(actor=users.admin_b, org=tree.a, year=2025, level="township")
    for user in (users.viewer_a, users.staff_a):
        with pytest.raises(access.Forbidden):
            services.item_add(
                actor=user, scheme=scheme, indicator=COUNT, points=5, rule="pass_fail"
            )
        with pytest.raises(access.Forbidden):
            services.evaluation_publish(actor=user, scheme=scheme)
    assert scoring.evaluation_compute(user=users.viewer_a, scheme=scheme)["rows"]


def test_export_readable_with_totals(tree, users):
    t2 = make_org("HZ-A-2", "=灵隐街道", "township", tree.a)
    scheme = _scheme(tree, users)
    services.item_add(
        actor=users.admin_a, scheme=scheme, indicator=COUNT, points=10, rule=Rule.PROPORTIONAL
    )
    for org, n in [(tree.a1, 5), (t2, 10)]:
        target_set(actor=users.admin_a, org=org, year=2025, indicator=COUNT, value=10)
        _activities(org, n)
    services.adjustment_add(
        actor=users.admin_a, scheme=scheme, unit=tree.a1, points="2.5", reason="表彰"
    )
    evaluation = services.evaluation_publish(actor=users.admin_a, scheme=scheme)
    data = ranking_xlsx(user=users.viewer_a, scheme=scheme, evaluation=evaluation)
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "第1版" in rows[0][0]
    assert rows[1][0] == "单位" and rows[1][-3:] == ("加减分", "总分", "排名")
    assert rows[2] == ("'=灵隐街道", 10, 0, 10, 1)
    assert rows[3] == ("北山街道总工会", 5, 2.5, 7.5, 2)
    assert AuditEntry.objects.filter(action="evaluation.export").count() == 1
