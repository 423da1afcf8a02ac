"""The registry and the selectors: declarations, values equal to their evidence, scope."""

from __future__ import annotations

import datetime as dt

import pytest

from kesu.indicators import registry, selectors
from kesu.indicators.registry import RegistryError
from kesu.members.models import Member
from kesu.orgs import access
from tests.indicators.conftest import END, START

EXPECTED_CODES = {
    "members.count",
    "members.joined",
    "members.female",
    "members.migrant",
    "orgs.count",
    "orgs.grassroots",
}


def _values(user, org, start=START, end=END, codes=None):
    rows = selectors.indicator_values(user=user, org=org, start=start, end=end, codes=codes)
    return {row.code: row.value for row in rows}


def test_declared_once_with_valid_units():
    codes = [ind.code for ind in registry.all_indicators()]
    assert EXPECTED_CODES <= set(codes)
    assert len(codes) == len(set(codes))
    assert all(ind.unit in registry.UNITS for ind in registry.all_indicators())
    assert registry.get("members.count").unit == "人"
    assert registry.get("orgs.count").unit == "个"


def test_duplicate_code_is_rejected():
    with pytest.raises(RegistryError, match="重复"):
        registry.register(
            "members.count", name="重复", unit="人", evidence=lambda s: Member.objects.all()
        )
    assert registry.get("members.count").name == "会员人数"


def test_unknown_unit_is_rejected():
    with pytest.raises(RegistryError, match="单位"):
        registry.register("test.bad", name="坏", unit="只", evidence=lambda s: Member.objects.all())
    with pytest.raises(KeyError):
        registry.get("test.bad")


def test_autodiscovery_registers_each_apps_module():
    from django.apps import apps

    assert apps.get_app_config("indicators").label == "indicators"
    assert registry.get("orgs.grassroots").org_field == ""


def test_every_value_equals_its_evidence_count(users, tree, roster):
    for user, org in [(users.root, tree.city), (users.admin_a, tree.a), (users.viewer_a, tree.a1g)]:
        values = _values(user, org)
        for code in EXPECTED_CODES:
            evidence = selectors.indicator_evidence(
                user=user, code=code, org=org, start=START, end=END
            )
            assert values[code] == evidence.count(), (code, org.code)


def test_member_figures_for_the_range(users, tree, roster):
    a = _values(users.admin_a, tree.a)
    # 张三, 李四 (no date), 赵一, 钱二 (first and last day), 吴五 (before); not 孙三, 周四
    assert a["members.count"] == 5
    assert a["members.joined"] == 3  # 赵一, 钱二 (inclusive ends), 周四 (withdrawn later)
    assert a["members.female"] == 1  # 赵一
    assert a["members.migrant"] == 1
    city = _values(users.root, tree.city)
    assert city["members.count"] == 7  # plus 王五, 郑六
    assert city["members.joined"] == 4


def test_range_ends_are_inclusive(users, tree, roster):
    one_day = dt.date(2026, 1, 1)
    assert _values(users.admin_a, tree.a, one_day, one_day)["members.joined"] == 1
    last = dt.date(2026, 12, 31)
    assert _values(users.admin_a, tree.a, last, last)["members.joined"] == 1
    # members.count looks at the range end: 孙三 counts once the range reaches 2027-01-01
    assert _values(users.admin_a, tree.a, START, dt.date(2027, 1, 1))["members.count"] == 6
    assert _values(users.admin_a, tree.a, START, dt.date(2025, 12, 30))["members.count"] == 2


def test_org_figures(users, tree):
    assert _values(users.root, tree.city)["orgs.count"] == 6
    assert _values(users.admin_a, tree.a) | {} == _values(users.admin_a, tree.a)
    a = _values(users.admin_a, tree.a)
    assert (a["orgs.count"], a["orgs.grassroots"]) == (3, 1)
    tree.a1g.is_active = False
    tree.a1g.save()
    a = _values(users.admin_a, tree.a)
    assert (a["orgs.count"], a["orgs.grassroots"]) == (2, 0)


def test_codes_select_and_order(users, tree, roster):
    rows = selectors.indicator_values(
        user=users.admin_a, org=tree.a, start=START, end=END, codes=["orgs.count", "members.count"]
    )
    assert [r.code for r in rows] == ["orgs.count", "members.count"]
    with pytest.raises(access.NotFound):
        selectors.indicator_values(
            user=users.admin_a, org=tree.a, start=START, end=END, codes=["nope.count"]
        )


@pytest.mark.parametrize("code", sorted(EXPECTED_CODES))
def test_breakdown_by_org_sums_to_the_total(users, tree, roster, code):
    for user, org in [(users.root, tree.city), (users.admin_a, tree.a)]:
        rows = selectors.indicator_breakdown(
            user=user, code=code, org=org, start=START, end=END, by="org"
        )
        assert rows[0].key == org.code and "本级" in rows[0].label
        assert sum(r.value for r in rows) == _values(user, org)[code]


def test_breakdown_by_org_rows(users, tree, roster):
    rows = selectors.indicator_breakdown(
        user=users.root, code="members.count", org=tree.city, start=START, end=END, by="org"
    )
    assert [(r.key, r.value) for r in rows] == [("HZ", 0), ("HZ-A", 5), ("HZ-B", 2)]


def test_breakdown_by_dimension(users, tree, roster):
    rows = selectors.indicator_breakdown(
        user=users.admin_a, code="members.joined", org=tree.a, start=START, end=END, by="month"
    )
    assert [(r.key, r.value) for r in rows] == [("2026-01", 1), ("2026-03", 1), ("2026-12", 1)]
    rows = selectors.indicator_breakdown(
        user=users.admin_a, code="members.count", org=tree.a, start=START, end=END, by="gender"
    )
    assert {(r.key, r.label, r.value) for r in rows} == {("F", "女", 1), ("M", "男", 4)}
    with pytest.raises(selectors.IndicatorError):
        selectors.indicator_breakdown(
            user=users.admin_a, code="orgs.grassroots", org=tree.a, start=START, end=END, by="x"
        )


def test_out_of_scope_org_is_not_found(users, tree, roster):
    with pytest.raises(access.NotFound):
        _values(users.admin_a, tree.b)
    with pytest.raises(access.NotFound):
        _values(users.admin_a, tree.city)
    for code in EXPECTED_CODES:
        with pytest.raises(access.NotFound):
            selectors.indicator_evidence(
                user=users.admin_b, code=code, org=tree.a, start=START, end=END
            )


def test_member_role_is_forbidden(users, tree):
    with pytest.raises(access.Forbidden):
        _values(users.member_a, tree.a1g)


def test_evidence_never_leaves_the_subtree(users, tree, roster):
    for code in ("members.count", "members.joined", "members.female", "members.migrant"):
        evidence = selectors.indicator_evidence(
            user=users.admin_a, code=code, org=tree.a, start=START, end=END
        )
        assert all(m.org.path.startswith(tree.a.path) for m in evidence)
        assert roster.in_b_joined not in evidence
    orgs = selectors.indicator_evidence(
        user=users.admin_a, code="orgs.count", org=tree.a, start=START, end=END
    )
    assert [o.code for o in orgs] == ["HZ-A", "HZ-A-1", "HZ-A-1-01"]
