"""/api/v1/employers, /wage-agreements, /medical-mutual: scope, roles, Chinese 400s."""

from __future__ import annotations

import pytest

from kesu.audit.models import AuditEntry
from kesu.employers.models import Employer
from tests.api.conftest import error
from tests.employers.conftest import code

pytestmark = pytest.mark.django_db


def test_create_with_founding_and_list(tree, users, api_as):
    api = api_as("staff_a")
    body = {
        "org": tree.a1g.code,
        "name": "西湖新材料公司",
        "ownership": "非公有制",
        "credit_code": code(11).lower(),
        "staff_count": 60,
        "township": "北山街道",
        "founding": {"founded_on": "2026-04-28", "sign_hung": True, "home_rating": "district"},
    }
    response = api.post("/api/v1/employers", body)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["credit_code"] == code(11) and data["has_union"] is True
    assert data["founding"]["union"] == tree.a1g.code
    assert data["founding"]["home_rating_name"] == "区级模范职工之家"
    listed = api.get("/api/v1/employers", size="25plus", union="yes").json()
    assert [e["name"] for e in listed["items"]] == ["西湖新材料公司"]
    assert AuditEntry.objects.filter(action="employer.create").exists()
    assert AuditEntry.objects.filter(action="founding.create").exists()


def test_invalid_credit_code_is_a_chinese_400_and_nothing_stored(tree, api_as):
    bad = code(12)[:-1] + ("0" if code(12)[-1] != "0" else "1")
    response = api_as("staff_a").post(
        "/api/v1/employers",
        {
            "org": tree.a1g.code,
            "name": "甲公司",
            "ownership": "non_public",
            "credit_code": bad,
            "staff_count": -5,
        },
    )
    assert response.status_code == 400
    err = error(response)
    assert "校验位错误" in err["fields"]["credit_code"]
    assert err["fields"]["staff_count"] == "职工人数不能为负数"
    assert not Employer.objects.exists()


def test_bad_founding_rolls_back_the_employer(tree, api_as):
    response = api_as("staff_a").post(
        "/api/v1/employers",
        {
            "org": tree.a1g.code,
            "name": "乙公司",
            "ownership": "non_public",
            "founding": {"founded_on": "不是日期"},
        },
    )
    assert response.status_code == 400
    assert "建会日期" in error(response)["message"]
    assert not Employer.objects.exists()


def test_scope_and_roles(tree, emp, api_as):
    assert api_as("admin_b").get(f"/api/v1/employers/{emp.a1.pk}").status_code == 404
    assert (
        api_as("admin_b").patch(f"/api/v1/employers/{emp.a1.pk}", {"name": "x"}).status_code == 404
    )
    viewer = api_as("viewer_a")
    assert viewer.get(f"/api/v1/employers/{emp.a1.pk}").status_code == 200
    assert viewer.patch(f"/api/v1/employers/{emp.a1.pk}", {"name": "x"}).status_code == 403
    assert api_as("member_a").get("/api/v1/employers").status_code == 403
    names = {e["name"] for e in api_as("admin_a").get("/api/v1/employers").json()["items"]}
    assert "滨江制造公司" not in names and "西湖科技有限公司" in names
    # Creating under another subtree's union answers 404 like a missing one.
    response = api_as("admin_a").post(
        "/api/v1/employers", {"org": tree.bg.code, "name": "丙", "ownership": "non_public"}
    )
    assert response.status_code == 404


def test_duplicate_credit_code(tree, emp, api_as):
    response = api_as("admin_a").post(
        "/api/v1/employers",
        {
            "org": tree.a1g.code,
            "name": "重复",
            "ownership": "non_public",
            "credit_code": emp.b1.credit_code,
        },
    )
    assert response.status_code == 400
    assert error(response)["fields"]["credit_code"] == "该统一社会信用代码已登记，请勿重复登记"


def test_wage_agreement_api(tree, emp, api_as):
    api = api_as("admin_a")
    body = {
        "org": tree.a.code,
        "kind": "regional",
        "title": "区域性协议",
        "signed_on": "2026-03-01",
        "term_start": "2026-03-01",
        "term_end": "2027-02-28",
        "workers_covered": 160,
        "wage_increase_pct": "6.5",
        "employers": [emp.a1.pk, emp.a2.pk],
    }
    response = api.post("/api/v1/wage-agreements", body)
    assert response.status_code == 201, response.json()
    assert response.json()["employers"] == sorted([emp.a1.pk, emp.a2.pk])
    assert response.json()["wage_increase_pct"] in ("6.50", 6.5)
    # An employer of another subtree is refused at the field.
    response = api.post("/api/v1/wage-agreements", {**body, "employers": [emp.b1.pk]})
    assert response.status_code == 400
    assert f"企业编号 {emp.b1.pk} 不存在或无权访问" in error(response)["fields"]["employers"]
    response = api.post("/api/v1/wage-agreements", {**body, "workers_covered": -1})
    assert error(response)["fields"]["workers_covered"] == "覆盖职工人数不能为负数"
    assert api_as("admin_b").get("/api/v1/wage-agreements").json()["count"] == 0


def test_medical_mutual_api(tree, emp, api_as):
    api = api_as("admin_a")
    response = api.post(
        "/api/v1/medical-mutual", {"employer": emp.a1.pk, "year": 2026, "shares": 5281}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["org"] == tree.a1g.code and response.json()["shares"] == 5281
    response = api.post(
        "/api/v1/medical-mutual", {"employer": emp.a1.pk, "year": 2026, "shares": -1}
    )
    assert response.status_code == 400
    assert error(response)["fields"]["shares"] == "参保份数不能为负数"
    assert (
        api.post(
            "/api/v1/medical-mutual", {"employer": emp.b1.pk, "year": 2026, "shares": 1}
        ).status_code
        == 404
    )
    completion = api.get("/api/v1/medical-mutual/completion", org=tree.a.code, year=2026).json()
    assert completion["shares"] == 5281 and completion["text"] == "5281份（未设定年度任务）"
    assert (
        api_as("admin_b")
        .get("/api/v1/medical-mutual/completion", org=tree.a.code, year=2026)
        .status_code
        == 404
    )


def test_read_only_roles_cannot_write(tree, emp, api_as):
    viewer = api_as("viewer_a")
    response = viewer.post(
        "/api/v1/medical-mutual", {"employer": emp.a1.pk, "year": 2026, "shares": 5}
    )
    assert response.status_code == 403
    response = viewer.post(
        "/api/v1/wage-agreements",
        {
            "org": tree.a.code,
            "kind": "employer",
            "title": "x",
            "signed_on": "2026-01-01",
            "term_start": "2026-01-01",
            "term_end": "2026-12-31",
        },
    )
    assert response.status_code == 403
    for url in (
        "/api/v1/wage-agreements",
        "/api/v1/medical-mutual",
        "/api/v1/competitions",
        "/api/v1/culture-events",
    ):
        assert api_as("member_a").get(url).status_code == 403
        assert viewer.get(url).status_code == 200
