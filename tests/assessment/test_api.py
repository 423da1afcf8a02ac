import pytest

from kesu.assessment.models import LiteracyAssessment
from kesu.audit.models import AuditEntry
from tests.conftest import login

pytestmark = pytest.mark.django_db
FIELDS = {"n", "literate", "raw_share", "weighted_share", "n_eff", "ci_low", "ci_high", "tiers"}


def url(a, suffix=""):
    return f"/api/v1/assessments/{a.pk}{suffix}"


def test_results_field_names(client, users, assessment, sample):
    login(client, users.admin_a)
    r = client.get(
        url(assessment, "/results"),
        {"org": "HZ-A", "min_n": 5, "from": "2026-03-01", "to": "2026-06-30"},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert FIELDS <= set(body["overall"])
    o = body["overall"]
    assert (o["n"], o["literate"], o["raw_share"], o["weighted_share"]) == (15, 9, 60.0, 40.0)
    assert o["n_eff"] == 10.0 and o["ci_low"] < 40 < o["ci_high"]
    assert o["tiers"]["具备高阶科学素质"] == 1
    assert set(body["groups"]) == {"gender", "age", "education", "migrant", "org"}
    assert all(FIELDS <= set(g) for rows in body["groups"].values() for g in rows)
    assert body["from"] == "2026-03-01"
    assert [x["share"] for x in body["national"]] == [10.56, 12.93, 14.14, 15.37]


def test_results_refused_below_min_n(client, users, assessment, sample):
    login(client, users.viewer_a)
    o = client.get(url(assessment, "/results")).json()["overall"]
    assert o["refused"] is True and o["weighted_share"] is None and o["raw_share"] == 60.0


def test_other_subtree_404_and_outside_audience_400(client, users, assessment, sample):
    login(client, users.admin_b)
    assert client.get(url(assessment)).status_code == 404
    assert client.get(url(assessment, "/results")).status_code == 404
    login(client, users.admin_a)
    assert client.get(url(assessment, "/results"), {"org": "HZ-B"}).status_code == 404
    login(client, users.city_admin)
    r = client.get(url(assessment, "/results"), {"org": "HZ-B"})
    assert r.status_code == 400 and "不在本测评的范围" in r.json()["error"]["message"]


def test_list_create_and_roles(client, users, paper, tree):
    body = {
        "org": "HZ-A",
        "title": "测评",
        "paper": paper.pk,
        "scheme": "national-2022",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }
    login(client, users.viewer_a)
    r = client.post("/api/v1/assessments", body, content_type="application/json")
    assert r.status_code == 403
    login(client, users.member_a)
    assert client.get("/api/v1/assessments").status_code == 403
    login(client, users.staff_a)
    r = client.post(
        "/api/v1/assessments",
        {**body, "period_end": "2025-01-01", "paper": 999999},
        content_type="application/json",
    )
    assert r.status_code == 400
    fields = r.json()["error"]["fields"]
    assert set(fields) == {"paper", "period_end"}
    assert LiteracyAssessment.objects.count() == 0
    r = client.post("/api/v1/assessments", body, content_type="application/json")
    assert r.status_code == 201, r.content
    assert r.json()["scheme"] == "national-2022" and r.json()["org"] == "HZ-A"
    assert AuditEntry.objects.filter(action="assessment.create").count() == 1
    r = client.post("/api/v1/assessments", {**body, "org": "HZ-B"}, content_type="application/json")
    assert r.status_code == 404
    items = client.get("/api/v1/assessments").json()["items"]
    assert [x["title"] for x in items] == ["测评"]
    login(client, users.admin_b)
    assert client.get("/api/v1/assessments").json()["items"] == []


def test_lower_unit_sees_ancestor_assessment_for_its_part(client, assessment, sample, tree):
    from tests.factories import make_user

    login(client, make_user("town", tree.a1, "viewer"))
    body = client.get(url(assessment, "/results"), {"min_n": 5}).json()
    assert body["org"] == "HZ-A-1" and body["overall"]["n"] == 10


def test_schemes_and_raking(client, users, assessment, sample):
    login(client, users.viewer_a)
    codes = [s["code"] for s in client.get("/api/v1/literacy-schemes").json()]
    assert codes == ["benchmark-50", "national-2022"]
    body = client.get(url(assessment, "/results"), {"method": "raking", "min_n": 5}).json()
    assert body["weighting"]["method"] == "raking" and body["weighting"]["converged"]
    assert body["overall"]["weighted_share"] == 40.0
    r = client.get(url(assessment, "/results"), {"method": "x", "from": "2026-13-01"})
    assert r.status_code == 422 and {"method", "from"} <= set(r.json()["error"]["fields"])
