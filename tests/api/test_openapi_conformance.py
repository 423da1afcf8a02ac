"""Real answers of the operations whose documented schema was once overwritten by a namesake
(training vs medical-mutual enrolments, competition vs archive entries) match the document."""

from __future__ import annotations

import pytest
import schemathesis
from werkzeug.test import Client

from kesu.accounts.services import token_create
from kesu.training import services as training
from tests.employers.conftest import code

pytestmark = pytest.mark.django_db


def test_enrolments_and_the_archive_answer_as_documented(tree, users, members, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    client = Client(wsgi_app)
    auth = {"Authorization": f"Bearer {token_create(user=users.staff_a, name='t')[1]}"}
    course = training.course_create(
        actor=users.staff_a,
        org=tree.a,
        data={
            "title": "安全生产知识培训",
            "planned_hours": "6",
            "topics": "safety",
            "capacity": "",
            "pass_percent": "80",
            "self_enrol": True,
        },
    )

    def answer(method: str, path: str, url: str, **kwargs):
        response = client.open(url, method=method, headers=auth, **kwargs)
        assert response.status_code < 300, response.get_data(as_text=True)
        schema[path][method].validate_response(response)
        return response.get_json()

    body = {"course": course.pk, "member": members.in_a2.pk}
    enrolment = answer("POST", "/api/v1/enrolments", "/api/v1/enrolments", json=body)
    answer("GET", "/api/v1/enrolments", "/api/v1/enrolments")
    answer("GET", "/api/v1/enrolments/{enrolment_id}", f"/api/v1/enrolments/{enrolment['id']}")
    answer(
        "GET", "/api/v1/members/{member_id}/archive", f"/api/v1/members/{members.in_a2.pk}/archive"
    )
    employer = answer(
        "POST",
        "/api/v1/employers",
        "/api/v1/employers",
        json={
            "org": tree.a1g.code,
            "name": "某科技公司",
            "credit_code": code(1),
            "staff_count": 30,
            "ownership": "non_public",
        },
    )
    body = {"employer": employer["id"], "year": 2026, "shares": 10}
    answer("POST", "/api/v1/medical-mutual", "/api/v1/medical-mutual", json=body)
    answer("GET", "/api/v1/medical-mutual", "/api/v1/medical-mutual")
    components = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert set(components["EnrolmentIn"]["properties"]) == {"course", "member"}
    assert {"employer", "shares"} <= set(components["MutualEnrolmentIn"]["properties"])
