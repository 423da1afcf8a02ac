"""题库 pages: list/detail scope, question form (create, validation, versioning), import
page, export, starter bank."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kesu.quiz.bank import starter
from kesu.quiz.models import Question, QuestionBank
from tests.conftest import login
from tests.quiz.bank_fixtures import attempt_seeing, banks_fixture  # noqa: F401

FORM = {
    "type": "single",
    "stem": "下列哪项是急救电话？",
    "option_A": "110",
    "option_B": "120",
    "option_C": "",
    "option_D": "",
    "option_E": "",
    "option_F": "",
    "answer": "B",
    "explanation": "120",
    "topic": "应急避险",
    "difficulty": "1",
    "dimension": "knowledge",
    "benchmark_code": "",
    "source": "",
    "status": "active",
}


def test_bank_list_and_detail_scope(client, banks, users):
    login(client, users.staff_a)
    page = client.get(reverse("quiz:banks")).content.decode()
    assert "市级题库" in page and "西湖区题库" in page and "滨江区题库" not in page
    assert "上级共享，只读" in page
    page = client.get(reverse("quiz:bank_detail", args=[banks.city.pk])).content.decode()
    assert "我国的火警报警电话是多少" in page and "添加试题" not in page
    page = client.get(reverse("quiz:bank_detail", args=[banks.a.pk]), {"type": "judge"})
    assert "声音不能在真空中传播" in page.content.decode()
    assert client.get(reverse("quiz:bank_detail", args=[banks.b.pk])).status_code == 404
    assert client.get(reverse("quiz:question_detail", args=[banks.q_b.pk])).status_code == 404
    assert client.get(reverse("quiz:question_edit", args=[banks.q_city.pk])).status_code == 404
    login(client, users.member_a)
    assert client.get(reverse("quiz:banks")).status_code == 403


def test_viewer_reads_without_answers_and_cannot_write(client, banks, users):
    login(client, users.viewer_a)
    page = client.get(reverse("quiz:question_detail", args=[banks.q_city.pk])).content.decode()
    assert "我国的火警报警电话是多少" in page and "119是火警" not in page
    assert client.get(reverse("quiz:question_create", args=[banks.a.pk])).status_code == 403
    assert client.get(reverse("quiz:bank_export", args=[banks.a.pk])).status_code == 403
    url = reverse("quiz:question_retire", args=[banks.q_a.pk])
    assert client.post(url).status_code == 403


def test_create_question_form(client, banks, users):
    login(client, users.staff_a)
    url = reverse("quiz:question_create", args=[banks.a.pk])
    response = client.post(url, {**FORM, "answer": ""})
    assert response.status_code == 200 and "未填写正确答案" in response.content.decode()
    response = client.post(url, {**FORM, "type": "multiple", "answer": "A"})
    assert "多选题至少需要2个正确答案" in response.content.decode()
    assert not Question.objects.filter(stem=FORM["stem"]).exists()
    response = client.post(url, FORM, follow=True)
    q = Question.objects.get(stem=FORM["stem"])
    assert q.options == ["110", "120"] and q.answer == [1] and q.bank == banks.a
    page = response.content.decode()
    assert "已添加试题" in page and "120" in page and "版本记录" in page
    response = client.post(url, {**FORM, "stem": "我国的火警报警电话是多少"}, follow=True)
    assert "重复" in response.content.decode()


def test_edit_answered_question_makes_new_version(client, banks, users, members, tree):
    attempt_seeing(banks.q_a, tree.a1g, members.in_a, answered=True)
    login(client, users.staff_a)
    url = reverse("quiz:question_edit", args=[banks.q_a.pk])
    page = client.get(url).content.decode()
    assert "保存为新版本" in page
    data = {
        **FORM,
        "type": "judge",
        "stem": "声音可以在真空中传播。",
        "answer": "错",
        "option_A": "",
        "option_B": "",
        "dimension": "knowledge",
    }
    response = client.post(url, data, follow=True)
    new = Question.objects.get(family=banks.q_a.family, is_current=True)
    assert new.version == 2 and new.pk != banks.q_a.pk and new.answer == [1]
    assert "第2版" in response.content.decode()
    old = reverse("quiz:question_detail", args=[banks.q_a.pk])
    assert "历史版本" in client.get(old).content.decode()
    response = client.get(url)
    assert response.status_code == 302  # an old version is not editable


def test_retire(client, banks, users):
    login(client, users.staff_a)
    client.post(reverse("quiz:question_retire", args=[banks.q_a.pk]))
    banks.q_a.refresh_from_db()
    assert banks.q_a.status == "retired"


def test_bank_create_and_edit(client, tree, users):
    login(client, users.staff_a)
    response = client.post(reverse("quiz:bank_create"), {"org": "HZ-B", "name": "x"})
    assert response.status_code == 404 and not QuestionBank.objects.exists()
    response = client.post(reverse("quiz:bank_create"), {"org": "HZ-A", "name": "安全题库"})
    bank = QuestionBank.objects.get(name="安全题库")
    assert response.status_code == 302 and bank.org == tree.a
    client.post(reverse("quiz:bank_edit", args=[bank.pk]), {"name": "安全生产题库"})
    bank.refresh_from_db()
    assert bank.name == "安全生产题库"


def test_import_page_and_export(client, banks, users):
    login(client, users.staff_a)
    url = reverse("quiz:bank_import", args=[banks.a.pk])
    template = client.get(reverse("quiz:bank_template"))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    upload = lambda: SimpleUploadedFile("t.xlsx", template.content)  # noqa: E731
    page = client.post(url, {"file": upload(), "dry_run": "on"}).content.decode()
    assert "校验结果（未写入）" in page and "已跳过" in page
    assert Question.objects.filter(bank=banks.a).count() == 1
    page = client.post(url, {"file": upload()}).content.decode()
    assert "已导入 1 道试题" in page
    assert Question.objects.filter(bank=banks.a).count() == 2
    response = client.get(reverse("quiz:bank_export", args=[banks.a.pk]), {"type": "multiple"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 2 and rows[1][:2] == ("多选", "下列属于可再生能源的有哪些？")
    assert rows[1][8] == "ABD"
    assert client.get(reverse("quiz:bank_import", args=[banks.city.pk])).status_code == 404


def test_starter_bank_button(client, tree, users):
    login(client, users.city_admin)
    response = client.post(reverse("quiz:bank_starter"), {"org": "HZ"})
    bank = QuestionBank.objects.get(org=tree.city, name=starter.starter_items()["name"])
    assert response.status_code == 302 and bank.questions.count() >= 68
    login(client, users.staff_a)
    assert client.post(reverse("quiz:bank_starter"), {"org": "HZ"}).status_code == 404
    # HZ-A already has the city's starter bank shared down: no second copy.
    response = client.post(reverse("quiz:bank_starter"), {"org": "HZ-A"})
    assert response.url == reverse("quiz:bank_detail", args=[bank.pk])
    assert QuestionBank.objects.count() == 1
