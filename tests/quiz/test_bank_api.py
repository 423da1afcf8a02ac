"""/api/v1/questions and /api/v1/question-banks: scope, roles, answers, versioning."""

from __future__ import annotations

from kesu.quiz.models import Question
from tests.api.conftest import error
from tests.quiz.bank_fixtures import api_as_fixture, attempt_seeing, banks_fixture  # noqa: F401


def test_bank_list_shared_downward(banks, api_as):
    body = api_as("staff_a").get("/api/v1/question-banks").json()
    got = {b["name"]: b["editable"] for b in body["items"]}
    assert got == {"市级题库": False, "西湖区题库": True}
    assert api_as("member_a").get("/api/v1/question-banks").status_code == 403


def test_question_list_filters_and_answers(banks, api_as):
    body = api_as("staff_a").get("/api/v1/questions").json()
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["type"] == "single")
    assert item["answer"] == [1] and item["explanation"] == "119是火警。"
    assert item["org"] == "HZ" and item["dimension_name"] == "科学知识"
    body = api_as("staff_a").get("/api/v1/questions", type="judge").json()
    assert [i["stem"] for i in body["items"]] == ["声音不能在真空中传播。"]
    # Viewers read questions without answers; the member role gets nothing.
    body = api_as("viewer_a").get("/api/v1/questions").json()
    assert body["count"] == 2 and all(i["answer"] is None for i in body["items"])
    assert all(i["explanation"] is None for i in body["items"])
    response = api_as("member_a").get("/api/v1/questions")
    assert response.status_code == 403 and "answer" not in response.content.decode()


def test_idor_and_write_scope(banks, api_as):
    client = api_as("admin_b")
    for url in (
        f"/api/v1/questions/{banks.q_a.pk}",
        f"/api/v1/question-banks/{banks.a.pk}",
        f"/api/v1/questions/{banks.q_a.pk}/versions",
        "/api/v1/questions/999999",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert error(response)["code"] == "not_found"
    assert client.patch(f"/api/v1/questions/{banks.q_a.pk}", {"stem": "x"}).status_code == 404
    # The city bank is readable by a district but not writable.
    staff = api_as("staff_a")
    assert staff.get(f"/api/v1/questions/{banks.q_city.pk}").status_code == 200
    assert staff.patch(f"/api/v1/questions/{banks.q_city.pk}", {"stem": "x"}).status_code == 404
    response = staff.post(
        "/api/v1/questions",
        {
            "bank": banks.city.pk,
            "type": "judge",
            "stem": "新题",
            "answer": "对",
            "dimension": "knowledge",
        },
    )
    assert response.status_code == 404
    viewer = api_as("viewer_a")
    response = viewer.patch(f"/api/v1/questions/{banks.q_a.pk}", {"stem": "x"})
    assert response.status_code == 403 and error(response)["code"] == "forbidden"
    response = viewer.post("/api/v1/question-banks", {"org": "HZ-A", "name": "x"})
    assert response.status_code == 403


def test_create_validation_and_duplicate_warning(banks, api_as):
    client = api_as("staff_a")
    response = client.post(
        "/api/v1/questions",
        {
            "bank": banks.a.pk,
            "type": "single",
            "stem": "题",
            "options": ["甲", "乙"],
            "answer": "",
            "dimension": "knowledge",
        },
    )
    err = error(response)
    assert response.status_code == 400 and err["code"] == "validation_error"
    assert err["fields"]["answer"] == "未填写正确答案" and "正确答案" in err["message"]
    response = client.post(
        "/api/v1/questions",
        {
            "bank": banks.a.pk,
            "type": "单选",
            "stem": "我国的火警报警电话是多少",
            "options": ["119", "110"],
            "answer": "A",
            "dimension": "科学知识",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["answer"] == [0] and body["version"] == 1
    assert "重复" in body["warnings"][0]


def test_patch_answered_question_makes_version(banks, api_as, members, tree):
    attempt_seeing(banks.q_a, tree.a1g, members.in_a, answered=True)
    client = api_as("staff_a")
    response = client.patch(f"/api/v1/questions/{banks.q_a.pk}", {"answer": "错"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["version"] == 2 and body["id"] != banks.q_a.pk and body["answer"] == [1]
    assert "第2版" in body["warnings"][-1]
    assert Question.objects.get(pk=banks.q_a.pk).answer == [0]
    versions = client.get(f"/api/v1/questions/{body['id']}/versions").json()
    assert [v["version"] for v in versions] == [2, 1]
    response = client.patch(f"/api/v1/questions/{banks.q_a.pk}", {"stem": "旧版"})
    assert response.status_code == 400 and "当前版本" in error(response)["message"]


def test_bank_create_and_patch(tree, users, api_as):
    client = api_as("staff_a")
    response = client.post("/api/v1/question-banks", {"org": "HZ-A-1", "name": "街道题库"})
    assert response.status_code == 201, response.json()
    bank_id = response.json()["id"]
    response = client.patch(f"/api/v1/question-banks/{bank_id}", {"name": ""})
    assert response.status_code == 400 and error(response)["fields"]["name"] == "题库名称不能为空"
    response = client.patch(f"/api/v1/question-banks/{bank_id}", {"description": "安全生产"})
    assert response.json()["description"] == "安全生产"
    assert client.post("/api/v1/question-banks", {"org": "HZ-B", "name": "x"}).status_code == 404


def test_intl_items_keep_whole_percent(tree, api_as, users):
    from kesu.quiz.bank.starter import load_starter_bank

    load_starter_bank(tree.city)
    body = api_as("staff_a").get("/api/v1/questions", intl="yes", page_size=8).json()
    assert body["count"] == 8
    assert body["items"][0]["intl_code"] == "NSF-1"
    assert body["items"][0]["intl_rates"] == {"CN2015": 47, "US2018": 86}
    assert body["items"][2]["intl_rates"] == {"US2018": 72}
