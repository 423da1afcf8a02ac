"""kesu.indicators.declare: a family of figures declared over one kind of record."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kesu.indicators import registry, selectors
from kesu.indicators.declare import Records, by_choice, by_flag, undated
from kesu.indicators.registry import Scope
from kesu.members.choices import Gender
from kesu.members.models import Member
from tests.indicators.conftest import END, START


@pytest.fixture
def declared():
    """Codes of throwaway indicators, unregistered after the test."""
    codes: list[str] = []
    yield codes
    for code in codes:
        registry.unregister(code)


def test_a_family_counts_sums_and_shares_its_records(declared, users, tree, roster):
    gender = by_choice("gender", "性别", Gender)
    family = Records(undated(Member, status="active"), dimensions=(gender,))
    everyone = family.count("test.count", "测试会员", "人", "")
    women = family.where(gender=Gender.FEMALE).count(
        "test.women", "测试女会员", "人", "", dimensions=()
    )
    orgs = family.distinct("org", "test.orgs", "测试组织", "个", "")
    migrant = family.share("is_migrant_worker", "test.migrant_share", "测试农民工占比", "")
    declared += [everyone.code, women.code, orgs.code, migrant.code]

    scope = Scope(org=tree.city, start=START, end=END)
    active = Member.objects.filter(status="active")
    assert everyone.value(scope) == active.count() == 8  # the withdrawn member is left out
    assert women.value(scope) == active.filter(gender=Gender.FEMALE).count()
    assert orgs.value(scope) == 3  # members sit in HZ-A-1-01, HZ-A and HZ-B-01
    assert migrant.value(scope) == Decimal("25.0")  # 2 migrant workers of 8, one decimal
    assert migrant.unit == "%"
    # One evidence for the family (measured together on a dashboard), narrowed for a part.
    assert everyone.evidence is orgs.evidence is migrant.evidence
    assert women.evidence is not everyone.evidence
    assert everyone.dimensions == (gender,) and women.dimensions == ()
    assert {ind.org_field for ind in (everyone, women, orgs, migrant)} == {"org"}


def test_choice_and_flag_dimensions_label_their_groups(declared, users, tree, roster):
    migrant = by_flag("migrant", "是否农民工", "is_migrant_worker", "农民工", "非农民工")
    Records(undated(Member, status="active"), dimensions=(migrant,)).count(
        "test.split", "测试", "人", ""
    )
    declared.append("test.split")
    rows = selectors.indicator_breakdown(
        user=users.root, code="test.split", org=tree.city, start=START, end=END, by="migrant"
    )
    assert {(r.label, r.value) for r in rows} == {("农民工", 2), ("非农民工", 6)}
    assert by_choice("kind", "类型", Gender, "member__gender").expression == "member__gender"
    assert by_choice("gender", "性别", Gender).label(Gender.FEMALE) == "女"
