import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook

from kesu.assessment.importing import POINTS, scores_import
from kesu.assessment.results import assessment_results
from kesu.audit.models import AuditEntry
from kesu.members.idnumber import make_id_number
from kesu.quiz.models import Attempt
from tests.assessment.conftest import person
from tests.conftest import login

pytestmark = pytest.mark.django_db
HEAD = [
    "序号",
    "姓名",
    "身份证号",
    "科学知识",
    "科学方法",
    "科学精神与思想",
    "应用科学的能力",
    "测评日期",
]


def sheet(rows, head=HEAD) -> BytesIO:
    book = Workbook()
    ws = book.active
    ws.append(["2026年职工科学素质测评成绩"])  # a title row above the header
    ws.append(head)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out


def ids(members):
    from kesu.core import crypto

    return [crypto.decrypt(m.id_number_enc) for m in members]


@pytest.fixture
def two(tree):
    return [
        person(tree.a1g, born=dt.date(1990, 1, 1), male=True),
        person(tree.a, born=dt.date(1985, 5, 5), male=False),
    ]


def test_good_rows_percent(users, assessment, two, tree):
    a, b = ids(two)
    rows = [[1, "甲", a, "80%", 70, 75, 60, "2026-04-02"], [2, "乙", b, 50, 50, 50, 50, None]]
    dry = scores_import(actor=users.staff_a, assessment=assessment, source=sheet(rows))
    assert dry.ok and dry.rows == 2 and dry.valid == 2 and Attempt.objects.count() == 0
    done = scores_import(
        actor=users.staff_a, assessment=assessment, source=sheet(rows), dry_run=False
    )
    assert done.created == 2
    att = Attempt.objects.get(member=two[0])
    assert att.source == "scores" and att.status == "submitted"
    assert att.dimension_scores["knowledge"] == ["80", "100"]
    # 0.8×40 + 0.7×20 + 0.75×20 + 0.6×20 = 32 + 14 + 15 + 12 = 73 → 具备
    r = assessment_results(assessment, org=tree.a, min_n=1)
    assert r.overall.tiers["具备科学素质"] == 1 and r.overall.tiers["科学素质较低"] == 1
    assert AuditEntry.objects.filter(action="assessment.import_scores").count() == 1


def test_points_against_stated_max(users, assessment, two, tree):
    a, _b = ids(two)
    rows = [[1, "甲", a, 34, 17, 17, 17, None]]  # 85% everywhere → 85 → 高阶
    scores_import(
        actor=users.staff_a, assessment=assessment, source=sheet(rows), mode=POINTS, dry_run=False
    )
    r = assessment_results(assessment, org=tree.a, min_n=1)
    assert r.overall.tiers["具备高阶科学素质"] == 1


def test_bad_rows_reported_nothing_stored(users, assessment, two, members):
    a, b = ids(two)
    unknown = make_id_number("330106", dt.date(1991, 2, 3), 17)
    (outside,) = ids([members.in_b])
    rows = [
        [1, "甲", a, 80, 70, 75, 60, None],
        [2, "乙", b[:-1] + ("0" if b[-1] != "0" else "1"), 50, 50, 50, 50, None],  # checksum
        [3, "丙", a, 50, 50, 50, 50, None],  # duplicate
        [4, "丁", unknown, 120, "x", None, 50, "2027-01-01"],
        [5, "戊", outside, 50, 50, 50, 50, None],  # another subtree
    ]
    result = scores_import(
        actor=users.staff_a, assessment=assessment, source=sheet(rows), dry_run=False
    )
    text = [str(e) for e in result.errors]
    assert Attempt.objects.count() == 0 and result.created == 0 and result.valid == 1
    assert "第4行“身份证号”列：身份证号校验位错误，请核对号码" in text
    assert "第5行“身份证号”列：与第3行重复" in text
    assert "第6行“科学知识”列：应在0到100之间" in text
    assert "第6行“科学方法”列：应为数字" in text
    assert "第6行“科学精神与思想”列：不能为空" in text
    assert any(t.startswith("第6行“测评日期”列：应在测评期间") for t in text)
    assert "第7行“身份证号”列：该身份证号不在本测评组织（及下级）的会员名册中" in text


def test_missing_column_and_page(client, users, assessment, two):
    login(client, users.viewer_a)
    url = reverse("assessment:import", args=[assessment.pk])
    assert client.post(url, {}).status_code == 403
    login(client, users.staff_a)
    r = client.post(
        url,
        {
            "file": sheet([[1]], head=["姓名", "身份证号", "科学知识"]),
            "mode": "percent",
            "dry_run": "on",
        },
    )
    assert r.status_code == 400 and "缺少必填列：科学方法" in r.content.decode()
    a, _ = ids(two)
    f = sheet([[1, "甲", a, 80, 70, 75, 60, None]])
    r = client.post(url, {"file": f, "mode": "percent", "dry_run": "on"})
    assert r.status_code == 200 and "校验通过" in r.content.decode()
    f.seek(0)
    r = client.post(url, {"file": f, "mode": "percent"})
    assert r.status_code == 302 and Attempt.objects.count() == 1
    assert (
        client.get(reverse("assessment:import_template", args=[assessment.pk])).status_code == 200
    )
