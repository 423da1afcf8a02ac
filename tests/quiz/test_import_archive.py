import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from kesu.audit.models import AuditEntry
from kesu.indicators.registry import Scope
from kesu.indicators.registry import get as get_indicator
from kesu.quiz.archive import archive_entries
from kesu.quiz.attempts import importing, scoring
from kesu.quiz.attempts import services as attempts
from kesu.quiz.models import Attempt
from tests.factories import make_member

from ..conftest import login

pytestmark = pytest.mark.django_db


def sheet(rows):
    book = Workbook()
    ws = book.active
    ws.append(["某单位纸质答卷登记表"])  # a title row above the header
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def ids(m):
    from kesu.core.crypto import decrypt

    return decrypt(m.id_number_enc)


HEADER = ["身份证号", "姓名", "第1题", "第2题", "第3题"]


def test_parse_answer():
    assert importing.parse_answer("B", qtype="single", option_count=4) == [1]
    assert importing.parse_answer("a, c", qtype="multiple", option_count=4) == [0, 2]
    assert importing.parse_answer("对", qtype="judge", option_count=2) == [0]
    assert importing.parse_answer("×", qtype="judge", option_count=2) == [1]
    assert importing.parse_answer(None, qtype="single", option_count=4) == []
    with pytest.raises(ValueError, match="选项“E”不存在"):
        importing.parse_answer("E", qtype="single", option_count=4)
    with pytest.raises(ValueError, match="有多个选项"):
        importing.parse_answer("AB", qtype="single", option_count=4)
    with pytest.raises(ValueError, match="无效"):
        importing.parse_answer("1", qtype="single", option_count=4)


def test_import_scores_like_online_and_reports_errors(users, paper, members, tree, qs):
    extra = make_member(tree.a1g, name="赵六")
    rows = [
        HEADER,
        [ids(members.in_a), "张三", "B", "AC", "对"],  # row 3: all correct -> 8
        [ids(members.in_b), "王五", "B", "AC", "对"],  # row 4: other subtree
        [ids(extra), "赵六", "E", "A", "错"],  # row 5: bad letter
        [ids(members.in_a), "张三", "B", "AC", "对"],  # row 6: duplicate
        ["", "无名", "A", "", ""],  # row 7: no ID
    ]
    report = importing.import_sittings(
        actor=users.staff_a, paper=paper, source=sheet(rows), dry_run=False
    )
    got = {(e.row, e.column): e.message for e in report.errors}
    assert got[(4, "身份证号")] == "本单位及下级名册中没有该身份证号的会员"
    assert "选项“E”不存在" in got[(5, "第1题")]
    assert got[(6, "身份证号")] == "与第3行重复"
    assert got[(7, "身份证号")] == "请填写身份证号"
    assert report.created == 0 and not Attempt.objects.exists()  # nothing half-stored
    good = [
        HEADER,
        [ids(members.in_a), "张三", "B", "AC", "对"],
        [ids(extra), "赵六", "B", "A", "错"],
    ]
    dry = importing.import_sittings(actor=users.staff_a, paper=paper, source=sheet(good))
    assert dry.valid == 2 and dry.created == 0 and not Attempt.objects.exists()
    done = importing.import_sittings(
        actor=users.staff_a, paper=paper, source=sheet(good), dry_run=False
    )
    assert done.created == 2
    a = Attempt.objects.get(member=members.in_a)
    assert a.source == "paper" and a.score == Decimal("8.00") and a.status == "submitted"
    # scored exactly like an online attempt with the same answers
    online = scoring.score_attempt(
        layout=a.layout,
        answers=a.answers,
        keys=scoring.answer_keys(int(i["q"]) for i in a.layout),
        multiple_rule=paper.multiple_rule,
        pass_mark=None,
    )
    assert online.score == a.score
    b = Attempt.objects.get(member=extra)
    assert b.score == Decimal("2.00")  # 'A' alone on an all-or-nothing multiple earns 0
    again = importing.import_sittings(
        actor=users.staff_a, paper=paper, source=sheet(good), dry_run=False
    )
    assert "已导入过" in again.errors[0].message and Attempt.objects.count() == 2
    assert AuditEntry.objects.filter(action="paper.import_sittings").count() == 1


def test_import_file_problems(users, paper, tree):
    bad = importing.import_sittings(actor=users.staff_a, paper=paper, source=io.BytesIO(b"junk"))
    assert "无法读取" in bad.file_error
    missing = importing.import_sittings(
        actor=users.staff_a, paper=paper, source=sheet([["身份证号", "第1题"]])
    )
    assert "缺少必填列" in missing.file_error and "第2题" in missing.file_error
    from kesu.quiz.models import Paper

    random_paper = Paper.objects.create(org=tree.a, title="随机", mode="random")
    assert (
        "不能导入"
        in importing.import_sittings(
            actor=users.staff_a, paper=random_paper, source=sheet([HEADER])
        ).file_error
    )


def test_import_page(client, users, paper, members):
    login(client, users.staff_a)
    upload = sheet([HEADER, [ids(members.in_a), "张三", "B", "AC", "X"]])
    upload.name = "sheet.xlsx"
    url = reverse("quiz:paper_import", args=[paper.pk])
    response = client.post(url, {"file": upload, "dry_run": "on"})
    assert response.status_code == 200 and "（仅校验，未保存）" in response.content.decode()
    assert not Attempt.objects.exists()
    upload.seek(0)
    response = client.post(url, {"file": upload})
    assert "已保存 1 份" in response.content.decode()
    assert Attempt.objects.get().score == Decimal("6.00")
    assert client.get(reverse("quiz:paper_import_template", args=[paper.pk])).status_code == 200
    login(client, users.viewer_a)
    assert client.get(reverse("quiz:paper_import", args=[paper.pk])).status_code == 403


def test_archive_and_indicators(paper, members, qs, tree):
    a = attempts.start_attempt(member=members.in_a, paper=paper)
    attempts.submit_attempt(attempt=a, payload={str(qs.judge.pk): [0]})
    b = attempts.start_attempt(member=members.in_a, paper=paper)
    attempts.submit_attempt(attempt=b, rate_limit=False)
    attempts.start_attempt(member=members.in_a2, paper=paper)  # in progress: not counted
    entries = archive_entries(members.in_a)
    assert len(entries) == 2 and entries[0].title == paper.title
    assert entries[1].figures["得分"] == "2.00/8.00"
    today = timezone.localdate()
    scope = Scope(tree.a, today - dt.timedelta(days=1), today)
    assert get_indicator("quiz.attempts").value(scope) == 2
    assert get_indicator("quiz.participants").value(scope) == 1
    assert get_indicator("quiz.attempts").value(Scope(tree.b, today, today)) == 0
