"""Out-of-range numbers are refused by the schema as field errors, never reach the database."""

from __future__ import annotations

import pytest

from tests.api.conftest import error

pytestmark = pytest.mark.django_db

HUGE = 5199274167816101560320


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/activities",
        "/api/v1/members",
        "/api/v1/papers",
        "/api/v1/assessments",
        "/api/v1/enrolments",
        "/api/v1/medical-mutual",
    ],
)
def test_a_page_beyond_the_bound_is_a_field_error(api_as, url):
    r = api_as("staff_a").get(url, page=HUGE)
    assert r.status_code == 422
    assert error(r)["fields"] == {"page": "不能大于1000000"}


@pytest.mark.parametrize("url", ["/api/v1/sessions", "/api/v1/enrolments"])
def test_an_id_filter_beyond_bigint_is_a_field_error(api_as, url):
    r = api_as("staff_a").get(url, course=-3501729982028612815028224)
    assert r.status_code == 422 and error(r)["fields"] == {"course": "不能小于1"}


def test_year_zero_on_the_completion_report_is_a_field_error(api_as):
    r = api_as("staff_a").get("/api/v1/medical-mutual/completion", org="HZ-A", year=0)
    assert r.status_code == 422 and error(r)["fields"] == {"year": "不能小于1900"}


def test_a_member_id_beyond_bigint_in_attendance_is_a_field_error(api_as):
    r = api_as("staff_a").post("/api/v1/activities/1/attendance", {"member_ids": [2**63]})
    assert r.status_code == 422
    assert error(r)["fields"] == {"member_ids": f"不能大于{2**63 - 1}"}


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (3.4e38, "不能大于99999.9"),
        ("1.25", "应为数字，小数位数不能超过规定"),
        ("NaN", "应为数字，小数位数不能超过规定"),
    ],
)
def test_planned_hours_must_fit_the_column(api_as, hours, message):
    r = api_as("staff_a").patch("/api/v1/courses/1", {"planned_hours": hours})
    assert r.status_code == 422 and error(r)["fields"] == {"planned_hours": message}


def test_the_openapi_document_shows_the_bounds(client):
    doc = client.get("/api/v1/openapi.json").json()
    params = {p["name"]: p["schema"] for p in doc["paths"]["/api/v1/members"]["get"]["parameters"]}
    assert (params["page"]["minimum"], params["page"]["maximum"]) == (1, 10**6)
    course = doc["paths"]["/api/v1/courses/{course_id}"]["get"]["parameters"][0]["schema"]
    assert (course["minimum"], course["maximum"]) == (1, 2**63 - 1)
    hours = doc["components"]["schemas"]["CoursePatchIn"]["properties"]["planned_hours"]
    assert {"type": "number", "minimum": 0.0, "maximum": 99999.9} in hours["anyOf"]


@pytest.mark.parametrize("to", ["0", "1700000000", "2026-1-1"])
def test_a_date_is_written_as_the_schema_says(api_as, to):
    r = api_as("staff_a").get("/api/v1/indicators", org="HZ-A", **{"from": "2026-01-01", "to": to})
    assert r.status_code == 422
    assert error(r)["fields"] == {"to": "日期格式无效，应为 YYYY-MM-DD"}
