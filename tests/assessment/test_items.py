"""题目分析 of an assessment read from attempts, on the hand-worked matrix of
tests/quiz/test_item_stats.py plus a fifth item everyone got right:

        i1 i2 i3 i4 i5   total   (i1, i2 科学知识; i3, i4 科学方法; i5 科学精神)
    P1   1  1  1  1  1    5
    P2   1  1  1  0  1    4
    P3   1  1  0  0  1    3
    P4   1  0  1  0  1    3
    P5   0  0  0  0  1    1
i5 is constant: it adds 1 to every total, so the variance of the totals (1.76) and the
corrected r of i1–i4 (.686, .480, .480, .456) are those of the four-item matrix, and
α = 5/4 · (1 − .80/1.76) = 15/22 = .682. i5: p = 100 % → 过易, r undefined.
科学知识 (i1, i2): totals 2,2,2,1,0, variance 3.2/5 = .64, α = 2·(1 − (.16+.24)/.64) = .75.
科学方法 (i3, i4): totals 2,1,0,1,0, variance 2.8/5 = .56, α = 2·(1 − (.24+.16)/.56) = 4/7.
Distractors of i2 (key A): A 60 % (mean total (5+4+3)/3 = 4), B 20 % (3), C 20 % (1), D 0.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kesu.assessment.models import LiteracyAssessment
from kesu.audit.models import AuditEntry
from kesu.quiz.models import Attempt, QuestionBank
from tests.assessment.conftest import PERIOD, at, person
from tests.conftest import login
from tests.quiz.conftest import make_paper, make_question

pytestmark = pytest.mark.django_db

MATRIX = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 1], [1, 1, 0, 0, 1], [1, 0, 1, 0, 1], [0, 0, 0, 0, 1]]
CHOSEN_2 = [0, 0, 0, 1, 2]
DIMS = ["knowledge", "knowledge", "method", "method", "spirit"]


@pytest.fixture
def analysed(tree, national):
    bank = QuestionBank.objects.create(org=tree.city, name="市级测评题库")
    questions = [make_question(bank, dimension=d) for d in DIMS]
    questions[4].stem = "=1+1 等于几？"  # a formula-looking stem: exported as text
    questions[4].save()
    paper = make_paper(
        tree.a, [(q, Decimal(2)) for q in questions], purpose="assessment", title="题目分析测评卷"
    )
    a = LiteracyAssessment.objects.create(
        org=tree.a,
        title="2026年题目分析测评",
        paper=paper,
        scheme=national,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
    )
    for p, row in enumerate(MATRIX):
        m = person(tree.a1g, born=dt.date(1990, 1, 1), male=p % 2 == 0, education="bachelor")
        chosen = {str(q.pk): [0 if x else 1] for q, x in zip(questions, row, strict=True)}
        chosen[str(questions[1].pk)] = [CHOSEN_2[p]]
        Attempt.objects.create(
            paper=paper,
            member=m,
            org=m.org,
            status="submitted",
            started_at=at(dt.date(2026, 4, 1)),
            submitted_at=at(dt.date(2026, 4, 1)),
            answers=chosen,
            layout=[{"q": q.pk, "perm": [0, 1, 2, 3], "points": "2"} for q in questions],
            results={
                str(q.pk): "2.00" if x else "0.00" for q, x in zip(questions, row, strict=True)
            },
            dimension_scores={
                "knowledge": [2 * (row[0] + row[1]), 4],
                "method": [2 * (row[2] + row[3]), 4],
                "spirit": [2 * row[4], 2],
            },
            score=2 * sum(row),
            max_score=10,
        )
    return a, questions


def test_api_items_by_hand(client, users, analysed):
    a, questions = analysed
    login(client, users.viewer_a)
    r = client.get(f"/api/v1/assessments/{a.pk}/items")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["persons"] == 5 and body["fixed"] is True
    items = body["items"]
    assert [i["question"] for i in items] == [q.pk for q in questions]
    assert [i["difficulty"] for i in items] == [80.0, 60.0, 60.0, 20.0, 100.0]
    assert [i["discrimination"] for i in items] == [0.686, 0.48, 0.48, 0.456, None]
    assert [i["flags"] for i in items] == [[], [], [], [], ["too_easy"]]
    assert items[4]["flag_labels"] == ["过易"]
    options = [(o["label"], o["share"], o["mean_total"], o["is_key"]) for o in items[1]["options"]]
    assert options == [
        ("A. 甲", 60.0, 4.0, True),
        ("B. 乙", 20.0, 3.0, False),
        ("C. 丙", 20.0, 1.0, False),
        ("D. 丁", 0.0, None, False),
    ]
    rel = {x["key"]: x for x in body["reliability"]}
    assert set(rel) == {"paper", "knowledge", "method"}  # 科学精神 has one item: no α
    assert (rel["paper"]["alpha"], rel["knowledge"]["alpha"], rel["method"]["alpha"]) == (
        0.682,
        0.75,
        0.571,
    )
    assert rel["paper"]["coefficient"] == "KR-20" and rel["paper"]["items"] == 5
    assert rel["paper"]["ci_low"] < 0.682 < rel["paper"]["ci_high"]


def test_items_outsider_404_and_bounds(client, users, analysed):
    a, _questions = analysed
    login(client, users.admin_b)
    assert client.get(f"/api/v1/assessments/{a.pk}/items").status_code == 404
    assert client.get(reverse("assessment:items_xlsx", args=[a.pk])).status_code == 404
    login(client, users.viewer_a)
    r = client.get(f"/api/v1/assessments/{2**63}/items")
    assert r.status_code in (400, 422) and "error" in r.json()
    login(client, users.admin_a)
    r = client.get(f"/api/v1/assessments/{a.pk}/items", {"org": "HZ-B"})
    assert r.status_code == 404  # another district: the same answer as a missing one


def test_results_page_section_and_export(client, users, analysed):
    a, questions = analysed
    login(client, users.viewer_a)
    html = client.get(reverse("assessment:results", args=[a.pk])).content.decode()
    assert "题目分析" in html and "KR-20" in html and "0.682" in html
    assert (
        '<a class="tag warn" href="{}">过易</a>'.format(
            reverse("quiz:question_detail", args=[questions[4].pk])
        )
        in html
    )
    assert "样本量估算" in html and "需抽取约" in html
    r = client.get(reverse("assessment:items_xlsx", args=[a.pk]))
    assert r.status_code == 200
    book = load_workbook(BytesIO(r.content))
    rows = list(book["题目分析"].iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "试题编号", "维度")
    first_of_5 = next(row for row in rows if row[0] == 5)
    assert first_of_5[4] == "'=1+1 等于几？" and first_of_5[7] == 100 and first_of_5[9] == "过易"
    option_rows = rows[5:9]  # item 2's four options, the first on the item's row
    assert [x[11] for x in option_rows] == [60, 20, 20, 0]
    assert option_rows[0][10] == "A. 甲（正确答案）"
    rel = list(book["信度"].iter_rows(values_only=True))
    assert rel[1][:5] == ("全卷", "KR-20", 5, 5, 0.682)
    assert AuditEntry.objects.filter(action="assessment.items_export", target_id=str(a.pk)).exists()


def test_question_page_shows_flags_of_visible_assessments(client, users, analysed):
    a, questions = analysed
    url = reverse("quiz:question_detail", args=[questions[4].pk])
    login(client, users.staff_a)
    html = client.get(url).content.decode()
    assert "测评中的题目分析" in html and a.title in html and "过易" in html
    login(client, users.admin_b)  # sees the city's bank, not HZ-A's assessment
    r = client.get(url)
    assert r.status_code == 200 and a.title not in r.content.decode()
    html = client.get(reverse("quiz:question_detail", args=[questions[0].pk])).content.decode()
    assert "测评中的题目分析" not in html


def test_drawn_paper_items_without_reliability(client, users, tree, national):
    """A drawn paper: each person saw two of q1–q3 (layout), one attempt was imported as
    dimension scores (no per-item results, left out).
        P1 q1 ✓ q2 ✓ · P2 q1 ✓ q3 ✗ · P3 q2 ✗ q3 ✓ · P4 q1 ✗ q2 ✗
    q1: 2 of 3 right (66.67 %); q2: 1 of 3 (33.33 %); q3: 1 of 2 (50 %, r undefined: n < 3).
    No reliability: the persons did not see the same items."""
    from kesu.quiz.models import Paper, PaperRule

    bank = QuestionBank.objects.create(org=tree.a, name="区题库")
    q1, q2, q3 = (make_question(bank) for _ in range(3))
    paper = Paper.objects.create(org=tree.a, title="抽题卷", purpose="assessment", mode="random")
    PaperRule.objects.create(paper=paper, type="single", count=2, points=2, bank=bank)
    a = LiteracyAssessment.objects.create(
        org=tree.a,
        title="抽题测评",
        paper=paper,
        scheme=national,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
    )
    seen = [((q1, 1), (q2, 1)), ((q1, 1), (q3, 0)), ((q2, 0), (q3, 1)), ((q1, 0), (q2, 0)), ()]
    for pairs in seen:
        m = person(tree.a1g, born=dt.date(1990, 1, 1), male=True)
        Attempt.objects.create(
            paper=paper,
            member=m,
            org=m.org,
            status="submitted",
            started_at=at(dt.date(2026, 4, 1)),
            submitted_at=at(dt.date(2026, 4, 1)),
            layout=[{"q": q.pk, "points": "2"} for q, _x in pairs],
            answers={str(q.pk): [0 if x else 1] for q, x in pairs},
            results={str(q.pk): "2" if x else "0" for q, x in pairs},
            dimension_scores={"knowledge": ["50", "100"]},
            score=1,
            max_score=2,
        )
    login(client, users.staff_a)
    body = client.get(f"/api/v1/assessments/{a.pk}/items").json()
    assert body["persons"] == 4 and body["fixed"] is False and body["reliability"] == []
    assert [(i["question"], i["answered"], i["difficulty"]) for i in body["items"]] == [
        (q1.pk, 3, 66.67),
        (q2.pk, 3, 33.33),
        (q3.pk, 2, 50.0),
    ]
    assert body["items"][2]["discrimination"] is None
    html = client.get(reverse("assessment:results", args=[a.pk])).content.decode()
    assert "随机抽题的试卷每人题目不同，不计算信度" in html
    html = client.get(reverse("quiz:question_detail", args=[q3.pk])).content.decode()
    assert "抽题测评" in html
