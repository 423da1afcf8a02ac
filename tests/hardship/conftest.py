"""Hardship fixtures on the shared tree: standards for HZ (city) and HZ-B, one open file in
HZ-A (张三's household) and one in HZ-B (王五's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from kesu.hardship import services, standards
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)
from tests.factories import new_id_number

YEAR = dt.datetime.now(tz=dt.UTC).year
FILED = dt.date(YEAR, 1, 1)
CHILD_ID = new_id_number(dt.date(2010, 5, 1))


def file_case(actor, org, member, **data):
    base = {
        "applicant": member.pk,
        "household_size": 3,
        "income_per_head": "600",
        "cause": "illness",
        "tier": "deep",
        "filed_on": FILED,
    }
    return services.case_create(actor=actor, org=org, data={**base, **data})


@pytest.fixture
def hs(tree, users, members):
    root = users.root
    city = standards.standard_set(
        actor=root, org=tree.city, data={"year": YEAR, "monthly_amount": "800"}
    )
    standards.standard_set(
        actor=root,
        org=tree.b,
        data={"year": YEAR, "monthly_amount": "900", "relative_multiplier": "2"},
    )
    case_a = file_case(
        root,
        tree.a1g,
        members.in_a,
        household=[{"name": "张小三", "relation": "子女", "id_number": CHILD_ID}],
    )
    case_b = file_case(root, tree.bg, members.in_b)
    return SimpleNamespace(city=city, a=case_a, b=case_b, standard=Decimal("800"))
