import datetime as dt
from decimal import Decimal

import pytest

from kesu.assessment.archive import archive_entries
from kesu.indicators.registry import Scope, get
from tests.assessment.conftest import attempt

pytestmark = pytest.mark.django_db


def scope(org):
    return Scope(org, dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def test_indicators(assessment, sample, tree, paper):
    young, _women = sample
    attempt(paper, young[0], 30, day=dt.date(2026, 5, 1))  # a re-sit: 2 attempts, 1 person
    s = scope(tree.a)
    assert get("assessment.attempts").value(s) == 16
    assert get("assessment.participants").value(s) == 15
    # Latest per member: young[0] now 30 (较低) → 8 literate of 15 = 53.33%
    assert get("assessment.literate_share").value(s) == Decimal("53.33")
    # Fewer than 30 assessed: no weighted estimate (0 by the declared rule).
    assert get("assessment.literate_share_weighted").value(s) == Decimal(0)
    assert get("assessment.attempts").records(scope(tree.b)).count() == 0


def test_weighted_indicator(assessment, tree, paper):
    from tests.assessment.conftest import person

    # 40 young men all assessed (20 literate); 60 older women, 30 assessed (3 literate).
    men = [
        person(tree.a1g, born=dt.date(2000, 1, 1), male=True, education="bachelor")
        for _ in range(40)
    ]
    women = [
        person(tree.a1g, born=dt.date(1970, 1, 1), male=False, education="junior")
        for _ in range(60)
    ]
    for i, m in enumerate(men):
        attempt(paper, m, 80 if i < 20 else 40)
    for i, m in enumerate(women[:30]):
        attempt(paper, m, 80 if i < 3 else 40)
    s = scope(tree.a)
    # raw 23/70 = 32.86%; weighted (20×1 + 3×2)/(40 + 60) = 26%
    assert get("assessment.literate_share").value(s) == Decimal("32.86")
    assert get("assessment.literate_share_weighted").value(s) == Decimal("26.00")


def test_archive_entries(assessment, sample):
    young, _ = sample
    (entry,) = archive_entries(young[0])
    assert entry.kind == "assessment" and entry.title == assessment.title
    assert entry.figures == {"得分": "75.00", "等级": "具备科学素质", "结论": "具备科学素质"}
    assert archive_entries(young[0], date_from=dt.date(2026, 5, 1)) == []


def test_evidence_api(client, users, assessment, sample):
    from tests.conftest import login

    login(client, users.viewer_a)
    r = client.get(
        "/api/v1/indicators/assessment.attempts/evidence",
        {"org": "HZ-A", "from": "2026-01-01", "to": "2026-06-30"},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["count"] == 15 and body["value"] == 15
    assert {"id", "org", "submitted_at"} <= set(body["items"][0])
    login(client, users.admin_b)
    r = client.get(
        "/api/v1/indicators/assessment.attempts/evidence",
        {"org": "HZ-A", "from": "2026-01-01", "to": "2026-06-30"},
    )
    assert r.status_code == 404
