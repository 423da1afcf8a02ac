"""Employers on top of the shared tree: in HZ-A (A1G) and HZ-B (BG)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kesu.employers import services
from kesu.employers.validation import credit_check_char
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)


def code(n: int) -> str:
    """A valid credit code numbered n (computed with the checksum)."""
    first = f"91330106MA{n:07d}"
    return first + credit_check_char(first)


@pytest.fixture
def emp(tree, users):
    root = users.root

    def make(org, name, n, ownership="non_public", staff=30, **extra):
        data = {
            "name": name,
            "credit_code": code(n),
            "ownership": ownership,
            "staff_count": staff,
            **extra,
        }
        return services.employer_create(actor=root, org=org, data=data)

    return SimpleNamespace(
        a1=make(tree.a1g, "西湖科技有限公司", 1, staff=120, township="北山街道"),
        a2=make(tree.a1g, "北山机械厂", 2, staff=40, industrial_park="西湖科技园"),
        a3=make(tree.a1, "小作坊", 3, staff=10),
        a4=make(tree.a, "区属国企", 4, ownership="state", staff=300),
        b1=make(tree.bg, "滨江制造公司", 5, staff=80),
        make=make,
    )
