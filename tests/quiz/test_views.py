import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kesu.audit.models import AuditEntry
from kesu.quiz.models import Attempt, Paper

from ..conftest import login
from .conftest import make_question

pytestmark = pytest.mark.django_db


def test_index_links(client, users):
    login(client, users.staff_a)
    body = client.get(reverse("quiz:index")).content.decode()
    # a cadre without a roster record is not offered 我的答题, which would refuse them
    assert reverse("quiz:papers") in body and reverse("quiz:my") not in body


def test_create_paper_choose_items_and_publish(client, users, tree, qs):
    login(client, users.staff_a)
    response = client.post(
        reverse("quiz:paper_create"),
        {
            "org": "HZ-A",
            "title": "安全知识竞答",
            "purpose": "practice",
            "mode": "fixed",
            "multiple_rule": "partial",
            "shuffle_options": "on",
            "time_limit_minutes": "10",
            "show_answers": "submit",
            "pass_mark": "4",
        },
    )
    paper = Paper.objects.get(title="安全知识竞答")
    assert response.status_code == 302
    assert paper.time_limit_seconds == 600 and paper.multiple_rule == "partial"
    # Publishing with no items is refused with the reason.
    client.post(reverse("quiz:paper_status", args=[paper.pk]), {"action": "publish"})
    paper.refresh_from_db()
    assert paper.status == "draft"
    page = client.get(reverse("quiz:paper_items", args=[paper.pk]))
    assert qs.single.stem in page.content.decode()
    client.post(
        reverse("quiz:paper_items", args=[paper.pk]),
        {
            "q": [qs.single.pk, qs.multi.pk],
            f"points-{qs.single.pk}": "2",
            f"points-{qs.multi.pk}": "3",
        },
    )
    assert [(i.question_id, i.points) for i in paper.items.all()] == [
        (qs.single.pk, Decimal("2.00")),
        (qs.multi.pk, Decimal("3.00")),
    ]
    client.post(reverse("quiz:paper_status", args=[paper.pk]), {"action": "publish"})
    paper.refresh_from_db()
    assert paper.status == "published"
    assert AuditEntry.objects.filter(action="paper.status", target_id=str(paper.pk)).exists()
    assert client.get(reverse("quiz:paper_detail", args=[paper.pk])).status_code == 200


def test_rules_page_reports_unsatisfiable_rule(client, users, tree, bank):
    for _ in range(3):
        make_question(bank, "multiple", answer=[0], topic="安全")
    paper = Paper.objects.create(org=tree.a, title="随机卷", mode="random")
    login(client, users.staff_a)
    response = client.post(
        reverse("quiz:paper_rules", args=[paper.pk]),
        {
            "rule-0-type": "multiple",
            "rule-0-count": "6",
            "rule-0-points": "2",
            "rule-0-topic": "安全",
        },
    )
    assert response.status_code == 400
    assert "可用题库中“安全”主题的多选题只有3道，规则需要6道" in response.content.decode()
    assert not paper.rules.exists()
    client.post(
        reverse("quiz:paper_rules", args=[paper.pk]),
        {
            "rule-0-type": "multiple",
            "rule-0-count": "3",
            "rule-0-points": "2",
            "rule-0-topic": "安全",
        },
    )
    assert paper.rules.get().count == 3


def test_access_rules_for_staff_pages(client, users, paper):
    login(client, users.admin_b)
    assert client.get(reverse("quiz:paper_detail", args=[paper.pk])).status_code == 404
    assert client.get(reverse("quiz:paper_results", args=[paper.pk])).status_code == 404
    login(client, users.viewer_a)
    assert client.get(reverse("quiz:paper_detail", args=[paper.pk])).status_code == 200
    assert client.get(reverse("quiz:paper_edit", args=[paper.pk])).status_code == 403
    response = client.post(reverse("quiz:paper_status", args=[paper.pk]), {"action": "close"})
    assert response.status_code == 403
    login(client, users.member_a)
    assert client.get(reverse("quiz:papers")).status_code == 403


def test_member_takes_paper_and_sees_result(client, member_user, paper, qs):
    login(client, member_user)
    my = client.get(reverse("quiz:my")).content.decode()
    assert paper.title in my
    response = client.post(reverse("quiz:take", args=[paper.pk]))
    attempt = Attempt.objects.get()
    assert response.url == reverse("quiz:attempt", args=[attempt.pk])
    # GET take resumes instead of starting a second attempt.
    assert client.get(reverse("quiz:take", args=[paper.pk])).url == response.url
    page = client.get(response.url).content.decode()
    assert qs.single.stem in page and "quiz.js" in page and "<script>" not in page
    single = next(i for i in attempt.layout if i["q"] == qs.single.pk)
    saved = client.post(
        reverse("quiz:attempt_save", args=[attempt.pk]),
        {f"q-{qs.single.pk}": str(single["perm"].index(1))},
        HTTP_ACCEPT="application/json",
    )
    assert saved.json()["ok"] is True
    page = client.get(response.url).content.decode()
    assert "checked" in page  # progress survives a reload
    done = client.post(
        reverse("quiz:attempt_submit", args=[attempt.pk]),
        {f"q-{qs.single.pk}": str(single["perm"].index(1)), f"q-{qs.judge.pk}": "0"},
    )
    assert done.url == reverse("quiz:attempt_result", args=[attempt.pk])
    result = client.get(done.url).content.decode()
    assert "4.00" in result and "解析文字" in result
    attempt.refresh_from_db()
    assert attempt.score == Decimal("4.00")
    # Saving after submit answers 409 with the result page to go to.
    late = client.post(
        reverse("quiz:attempt_save", args=[attempt.pk]), {}, HTTP_ACCEPT="application/json"
    )
    assert late.status_code == 409 and late.json()["redirect"].endswith("/result/")


def test_member_cannot_open_another_members_attempt(client, member_user, paper, members, users):
    from kesu.quiz.attempts import services as attempts

    other = attempts.start_attempt(member=members.in_a2, paper=paper)
    login(client, member_user)
    assert client.get(reverse("quiz:attempt", args=[other.pk])).status_code == 404
    assert client.post(reverse("quiz:attempt_submit", args=[other.pk])).status_code == 404
    assert client.get(reverse("quiz:attempt_result", args=[other.pk])).status_code == 404


def test_member_outside_audience_gets_404(client, member_user, tree, qs):
    from .conftest import make_paper

    paper_b = make_paper(tree.b, [(qs.judge, 1)], title="滨江卷")
    login(client, member_user)
    assert client.get(reverse("quiz:take", args=[paper_b.pk])).status_code == 404
    assert "滨江卷" not in client.get(reverse("quiz:my")).content.decode()


def test_results_page_and_export(client, users, paper, members, qs):
    from kesu.quiz.attempts import services as attempts

    a = attempts.start_attempt(member=members.in_a, paper=paper)
    attempts.submit_attempt(attempt=a, payload={str(qs.judge.pk): [0]})
    login(client, users.staff_a)
    page = client.get(reverse("quiz:paper_results", args=[paper.pk])).content.decode()
    assert members.in_a.name in page and "100.0%" in page
    response = client.get(reverse("quiz:paper_export", args=[paper.pk]))
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["成绩"].values)
    assert rows[1][0] == members.in_a.name and rows[1][1] == members.in_a.id_number_masked
    assert AuditEntry.objects.filter(action="paper.export").exists()


def test_quiz_home_offers_only_links_that_open(client, users, member_user):
    """A cadre without a roster record is not sent to 我的答题 (which would refuse them); a
    member is, and every link each of them is offered opens."""
    import re
    from html import unescape

    for user, expect_mine in ((users.staff_a, False), (member_user, True)):
        login(client, user)
        page = client.get("/quiz/").content.decode()
        assert ("/quiz/my/" in page) is expect_mine
        section = page[page.index('<section class="card">') :]
        for link in re.findall(r'href="(/[^"]+)"', section):
            assert client.get(unescape(link)).status_code == 200, link
