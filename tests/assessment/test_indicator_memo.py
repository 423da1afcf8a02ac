"""The literate share is computed from the records each time (no memo): it follows every change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kesu.indicators import registry
from kesu.indicators.registry import Scope
from tests.assessment.conftest import attempt, person


@pytest.mark.django_db
def test_literate_share_follows_new_attempts(tree, assessment, paper):

    share = registry.get("assessment.literate_share")
    scope = Scope(org=tree.a, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    first = person(tree.a1g, born=dt.date(1990, 1, 1), male=True)
    attempt(paper, first, 80)
    assert share.value(scope) == 100
    assert share.value(scope) == 100  # same records, same figure
    attempt(paper, person(tree.a1g, born=dt.date(1991, 1, 1), male=False), 40)
    assert share.value(scope) == 50  # a new attempt counts at once
    first.education = "bachelor"
    first.updated_at = timezone.now() + dt.timedelta(seconds=5)
    first.save(update_fields=["education", "updated_at"])
    assert share.value(scope) == 50
