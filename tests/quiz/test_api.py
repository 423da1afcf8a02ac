import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kesu.accounts.services import token_create
from kesu.quiz.models import Attempt, Paper
from tests.api.conftest import ApiClient, error

from .conftest import make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(users):
    def make(user):
        _, plain = token_create(user=user, name="test")
        return ApiClient(plain)

    return make


@pytest.fixture(params=["lanes", "no lanes"])
def lanes(request, settings):
    """The contest lanes (kesu.quiz.attempts.start_lane, submit_lane) take a member's token
    calls by default: the attempt tests run with them and without them."""
    if request.param == "no lanes":
        settings.KESU_START_LANE = settings.KESU_SUBMIT_LANE = False


def test_paper_crud_and_scope(api, users, qs, tree):
    staff = api(users.staff_a)
    response = staff.post(
        "/api/v1/papers",
        {
            "org": "HZ-A",
            "title": "接口试卷",
            "mode": "fixed",
            "multiple_rule": "per_option",
            "items": [
                {"question": qs.single.pk, "points": "2"},
                {"question": qs.multi.pk, "points": 3},
            ],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["max_score"] == "5.00" and [i["question"] for i in body["items"]] == [
        qs.single.pk,
        qs.multi.pk,
    ]
    pid = body["id"]
    assert (
        staff.patch(f"/api/v1/papers/{pid}", {"status": "published"}).json()["status"]
        == "published"
    )
    listed = staff.get("/api/v1/papers").json()
    assert [p["id"] for p in listed["items"]] == [pid]
    # other subtree -> 404; viewer cannot write; member role has no staff API
    assert error(api(users.admin_b).get(f"/api/v1/papers/{pid}"))["code"] == "not_found"
    assert api(users.admin_b).get("/api/v1/papers").json()["count"] == 0
    assert api(users.viewer_a).patch(f"/api/v1/papers/{pid}", {"title": "x"}).status_code == 403
    assert api(users.member_a).get("/api/v1/papers").status_code == 403
    # creating in another subtree
    assert (
        api(users.staff_a).post("/api/v1/papers", {"org": "HZ-B", "title": "x"}).status_code == 404
    )


def test_paper_rules_unsatisfiable_is_400(api, users, bank):
    for _ in range(3):
        make_question(bank, "multiple", answer=[0], topic="安全")
    response = api(users.staff_a).post(
        "/api/v1/papers",
        {
            "org": "HZ-A",
            "title": "随机",
            "mode": "random",
            "rules": [{"type": "multiple", "count": 6, "points": 2, "topic": "安全"}],
        },
    )
    assert response.status_code == 400
    assert "多选题只有3道，规则需要6道" in error(response)["message"]
    assert not Paper.objects.exists()  # nothing half-stored


@pytest.mark.usefixtures("lanes")
def test_member_attempt_flow(api, member_user, paper, qs):
    me = api(member_user)
    started = me.post("/api/v1/attempts", {"paper": paper.pk})
    assert started.status_code == 201, started.json()
    body = started.json()
    aid = body["id"]
    assert len(body["questions"]) == 3 and "correct" not in str(
        body["questions"][0].get("correct") or ""
    )
    assert me.post("/api/v1/attempts", {"paper": paper.pk}).status_code == 200  # resumed
    q = {x["id"]: x for x in body["questions"]}
    # shown position of canonical option 1 of the single question
    attempt = Attempt.objects.get(pk=aid)
    perm = next(i["perm"] for i in attempt.layout if i["q"] == qs.single.pk)
    pos = perm.index(1)
    assert q[qs.single.pk]["options"][pos]["text"] == "乙"
    saved = me.call(
        "PUT", f"/api/v1/attempts/{aid}/answers", {"answers": {str(qs.single.pk): [pos]}}
    )
    assert saved.json()["saved"] == 1
    assert me.get(f"/api/v1/attempts/{aid}").json()["answers"] == {str(qs.single.pk): [pos]}
    done = me.post(f"/api/v1/attempts/{aid}/submit", {"answers": {str(qs.judge.pk): [0]}})
    assert done.status_code == 200 and done.json()["score"] == "4.00"
    again = me.post(f"/api/v1/attempts/{aid}/submit", {"answers": {str(qs.multi.pk): [0, 1]}})
    assert (
        again.json()["score"] == "4.00"
        and again.json()["submitted_at"] == done.json()["submitted_at"]
    )
    detail = me.get(f"/api/v1/attempts/{aid}").json()
    assert detail["status"] == "submitted" and detail["questions"][0]["explanation"] == "解析文字"
    assert me.get("/api/v1/attempts").json()["count"] == 1


@pytest.mark.usefixtures("lanes")
def test_tampered_and_foreign_attempts(api, member_user, paper, members, qs):
    from kesu.quiz.attempts import services as attempts

    me = api(member_user)
    aid = me.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]
    bad = me.post(f"/api/v1/attempts/{aid}/submit", {"answers": {"99999": [0]}})
    assert bad.status_code == 400 and "不在本次答卷中" in error(bad)["message"]
    bad = me.post(f"/api/v1/attempts/{aid}/answers", {"answers": {str(qs.single.pk): [7]}})
    assert bad.status_code == 400 and "没有第8个选项" in error(bad)["message"]
    assert Attempt.objects.get(pk=aid).status == "in_progress"
    other = attempts.start_attempt(member=members.in_a2, paper=paper)
    for call in (
        lambda: me.get(f"/api/v1/attempts/{other.pk}"),
        lambda: me.post(f"/api/v1/attempts/{other.pk}/submit", {}),
        lambda: me.call("PUT", f"/api/v1/attempts/{other.pk}/answers", {"answers": {}}),
    ):
        assert error(call())["code"] == "not_found"
    assert Attempt.objects.get(pk=other.pk).status == "in_progress"


@pytest.mark.usefixtures("lanes")
def test_start_refusals(api, member_user, tree, qs, users):
    from .conftest import make_paper

    me = api(member_user)
    other_tree = make_paper(tree.b, [(qs.judge, 1)])
    assert me.post("/api/v1/attempts", {"paper": other_tree.pk}).status_code == 404
    draft = make_paper(tree.a, [(qs.judge, 1)], status="draft")
    assert me.post("/api/v1/attempts", {"paper": draft.pk}).status_code == 404
    closed = make_paper(
        tree.a,
        [(qs.judge, 1)],
        closes_at=timezone.now() - dt.timedelta(hours=1),
        opens_at=timezone.now() - dt.timedelta(hours=2),
    )
    response = me.post("/api/v1/attempts", {"paper": closed.pk})
    assert response.status_code == 400 and "已截止" in error(response)["message"]
    assert (
        error(api(users.staff_a).post("/api/v1/attempts", {"paper": closed.pk}))["code"]
        == "forbidden"
    )


@pytest.mark.usefixtures("lanes")
def test_submit_after_deadline_scores_saved_answers_only(api, member_user, tree, qs):
    from .conftest import make_paper

    paper = make_paper(
        tree.a, [(qs.judge, Decimal(1)), (qs.single, Decimal(1))], time_limit_seconds=60
    )
    me = api(member_user)
    aid = me.post("/api/v1/attempts", {"paper": paper.pk}).json()["id"]
    me.post(f"/api/v1/attempts/{aid}/answers", {"answers": {str(qs.judge.pk): [0]}})
    Attempt.objects.filter(pk=aid).update(
        started_at=timezone.now() - dt.timedelta(minutes=5),
        deadline=timezone.now() - dt.timedelta(minutes=4),
    )
    perm = next(i["perm"] for i in Attempt.objects.get(pk=aid).layout if i["q"] == qs.single.pk)
    late = me.post(
        f"/api/v1/attempts/{aid}/submit", {"answers": {str(qs.single.pk): [perm.index(1)]}}
    )
    assert late.json()["status"] == "expired" and late.json()["score"] == "1.00"
