"""往期比较: two assessments of HZ-A, 2025 and 2026, on hand-worked numbers.

2026 (the `sample` fixture): weighted 40 %, n_eff 10; men 8/10 = 80 %, n_eff 10.
2025: the same 10 young men only, 5 at 75 (具备) and 5 at 60: one stratum of weight 1 (the
women's stratum has no respondent and is dropped), so 50 %, n_eff 10; women: none.

Overall, d = .40 − .50 = −.10; se = √(.5·.5/10 + .4·.6/10) = √.049 = .221359;
  95 %: −.10 ± 1.959964·.221359 = −.10 ± .433856 → (−53.39, 33.39) points;
  z = −.10/.221359 = −.45175; Φ(.45175) ≈ .67364 + .1754·(.67724 − .67364) = .67427 (table,
  interpolated) → p = 2·(1 − .67427) = .6515.
Men, d = .80 − .50 = +.30; se = √(.025 + .8·.2/10) = √.041 = .202485; z = 1.48159;
  Φ(1.4816) ≈ .93056 + .16·(.93189 − .93056) = .93077 → p = .1385;
  95 %: .30 ± .396863 → (−9.69, 69.69).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kesu.assessment.compare import share_difference
from kesu.assessment.models import LiteracyAssessment
from kesu.quiz.models import Paper
from tests.assessment.conftest import attempt
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(tree, national, sample):
    young, _women = sample
    paper = Paper.objects.create(org=tree.a, title="2025年测评卷", purpose="assessment")
    a = LiteracyAssessment.objects.create(
        org=tree.a,
        title="2025年西湖区职工科学素质测评",
        paper=paper,
        scheme=national,
        period_start=dt.date(2025, 3, 1),
        period_end=dt.date(2025, 6, 30),
    )
    for i, m in enumerate(young):
        attempt(paper, m, 75 if i < 5 else 60, day=dt.date(2025, 4, 1))
    return a


def test_share_difference_by_hand():
    d = share_difference(0.5, 10, 0.4, 10)
    assert round(d.diff, 4) == -0.1
    assert (round(d.ci_low, 4), round(d.ci_high, 4)) == (-0.5339, 0.3339)
    assert round(d.z, 4) == -0.4518
    assert d.p_value == pytest.approx(0.6515, abs=5e-4)
    same = share_difference(1.0, 20, 1.0, 30)  # no spread: a difference of 0, no test
    assert same.diff == 0 and same.p_value is None
    assert share_difference(0.5, 0, 0.5, 10) is None


def test_api_compare_by_hand(client, users, assessment, earlier):
    login(client, users.viewer_a)
    r = client.get(f"/api/v1/assessments/{assessment.pk}/compare", {"with": earlier.pk, "min_n": 5})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["earlier"]["id"] == earlier.pk and body["later"]["id"] == assessment.pk
    o = body["overall"]
    assert (o["earlier"]["weighted_share"], o["later"]["weighted_share"]) == (50.0, 40.0)
    assert (o["earlier"]["n_eff"], o["later"]["n_eff"]) == (10.0, 10.0)
    assert (o["difference"], o["ci_low"], o["ci_high"]) == (-10.0, -53.39, 33.39)
    assert abs(o["p_value"] - 0.6515) < 5e-4
    gender = {g["key"]: g for g in body["groups"]["gender"]}
    men, women = gender["M"], gender["F"]
    assert (men["difference"], men["ci_low"], men["ci_high"]) == (30.0, -9.69, 69.69)
    assert abs(men["p_value"] - 0.1385) < 5e-4
    assert women["earlier"] is None and women["difference"] is None  # no woman took 2025's
    assert set(body["groups"]) == {"gender", "age", "education"}
    # the same from the other side: still earlier → later
    r = client.get(f"/api/v1/assessments/{earlier.pk}/compare", {"with": assessment.pk, "min_n": 5})
    assert r.json()["overall"]["difference"] == -10.0
    # below min_n on a side: refused, no difference
    o = client.get(f"/api/v1/assessments/{assessment.pk}/compare", {"with": earlier.pk}).json()
    assert o["overall"]["later"]["refused"] is True and o["overall"]["difference"] is None


def test_compare_access_and_other_org(client, users, tree, national, assessment, earlier):
    url = f"/api/v1/assessments/{assessment.pk}/compare"
    login(client, users.admin_b)
    assert client.get(url, {"with": earlier.pk}).status_code == 404
    assert client.get(reverse("assessment:compare", args=[assessment.pk])).status_code == 404
    b_paper = Paper.objects.create(org=tree.b, title="滨江卷", purpose="assessment")
    b = LiteracyAssessment.objects.create(
        org=tree.b,
        title="滨江区测评",
        paper=b_paper,
        scheme=national,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    login(client, users.admin_a)
    assert client.get(url, {"with": b.pk}).status_code == 404  # not theirs: as if missing
    login(client, users.city_admin)
    r = client.get(url, {"with": b.pk})
    assert (
        r.status_code == 400 and "只能与西湖区总工会的其他测评比较" in r.json()["error"]["message"]
    )
    r = client.get(url, {"with": assessment.pk})
    assert r.status_code == 400 and "另一次测评" in r.json()["error"]["message"]
    assert client.get(url, {"with": 2**40}).status_code in (400, 422)


def test_compare_page(client, users, assessment, earlier):
    login(client, users.viewer_a)
    html = client.get(reverse("assessment:results", args=[assessment.pk])).content.decode()
    assert earlier.title in html and reverse("assessment:compare", args=[assessment.pk]) in html
    r = client.get(
        reverse("assessment:compare", args=[assessment.pk]), {"other": earlier.pk, "min_n": 5}
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "-10.00" in html and "-53.39 — 33.39" in html and "+30.00" in html
    assert "未参测" in html  # women in 2025
    assert 'style="' not in html and "<script>" not in html
    r = client.get(reverse("assessment:compare", args=[assessment.pk]), {"other": 999999})
    assert r.status_code == 400
