"""Within one view, a figure asked for twice is computed once; outside, every call reads
the records afresh."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kesu.core.oneview import one_view
from kesu.indicators.selectors import indicator_values
from tests.activities.conftest import make_activity

pytestmark = pytest.mark.django_db
YEAR = {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}


def test_one_view_computes_a_figure_once(tree, users):
    make_activity(tree.a1g, materials_distributed=5)
    ask = {"user": users.city_admin, "org": tree.city, **YEAR, "codes": ["activities.materials"]}
    with one_view():
        first = indicator_values(**ask)
        make_activity(tree.a1g, materials_distributed=7)
        with CaptureQueriesContext(connection) as queries:
            again = indicator_values(**ask)
        other = indicator_values(**{**ask, "org": tree.a})
    assert [v.value for v in first] == [v.value for v in again] == [5]
    assert not [q for q in queries if "activities_activity" in q["sql"]]
    assert [v.value for v in other] == [12]  # another organisation: computed
    assert [v.value for v in indicator_values(**ask)] == [12]  # outside: afresh
