"""Excel template, import (good/bad rows, dry run, all-or-nothing, duplicates), export
round-trip, and the starter bank."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from kesu.audit.models import AuditEntry
from kesu.orgs import access
from kesu.quiz.bank import sheets, starter
from kesu.quiz.models import Question
from tests.quiz.bank_fixtures import banks_fixture  # noqa: F401


def _xlsx(rows, *, title=True) -> io.BytesIO:
    book = Workbook()
    ws = book.active
    if title:
        ws.append(["西湖区总工会2026年安全知识题库"])  # a title row above the header
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


HEADER = ["题目", "类型", "A", "B", "C", "D", "答案", "答案解析", "专题", "难易程度", "维度"]
GOOD = [
    [
        "下列哪项是急救电话？",
        "单选",
        "110",
        "120",
        "119",
        "",
        "B",
        "120是急救电话。",
        "应急避险",
        "易",
        "科学知识",
    ],
    [
        "安全帽能减轻坠落物对头部的伤害。",
        "判断",
        "",
        "",
        "",
        "",
        "对",
        "",
        "安全生产",
        "",
        "应用科学的能力",
    ],
    [
        "下列属于个人防护用品的有哪些？",
        "多选",
        "安全帽",
        "防护手套",
        "扳手",
        "护目镜",
        "ABD",
        "",
        "安全生产",
        "中",
        "应用科学的能力",
    ],
]
BAD = [
    ["没有答案的题", "单选", "甲", "乙", "", "", "", "", "", "", "科学知识"],
    ["多选只有一个答案", "多选", "甲", "乙", "丙", "", "A", "", "", "", "科学方法"],
    ["选项有空缺", "单选", "甲", "", "丙", "", "A", "", "", "", "科学知识"],
    ["题型写错", "填空", "甲", "乙", "", "", "A", "", "", "", "科学知识"],
    [
        "下列哪项是急救电话",
        "单选",
        "110",
        "120",
        "",
        "",
        "B",
        "",
        "",
        "",
        "科学知识",
    ],  # dup of row 3
    [
        "声音不能在真空中传播。",
        "判断",
        "",
        "",
        "",
        "",
        "对",
        "",
        "",
        "",
        "科学知识",
    ],  # in HZ-A bank
]


def test_template_has_headers_and_lists():
    book = load_workbook(io.BytesIO(sheets.build_template()))
    ws = book[sheets.DATA_SHEET]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["题型", "题干", "选项A"] and "正确答案" in header and "基准点" in header
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert '"单选,多选,判断"' in lists and '"易,中,难"' in lists
    assert '"科学知识,科学方法,科学精神与思想,应用科学的能力"' in lists
    assert "说明" in book.sheetnames


def test_template_examples_import_cleanly(banks, users):
    report = sheets.import_questions(
        actor=users.staff_a, bank=banks.a, source=io.BytesIO(sheets.build_template()), dry_run=True
    )
    assert report.errors == [] and report.rows == 3
    # Two examples are already in HZ-A's bank and the city's (usable) bank: reported only.
    assert report.valid == 1 and {e.row for e in report.skipped} == {2, 4}


def test_import_good_and_bad_rows(banks, users):
    source = _xlsx([HEADER, *GOOD, *BAD])
    dry = sheets.import_questions(actor=users.staff_a, bank=banks.a, source=source, dry_run=True)
    assert dry.rows == 9 and dry.valid == 3 and not dry.applied and dry.created == 0
    assert Question.objects.filter(bank=banks.a).count() == 1
    errors = {(e.row, e.column): e.message for e in dry.errors}
    assert errors[(6, "答案")] == "未填写正确答案"  # row 6 in Excel: title, header, 3 good
    assert "至少需要2个正确答案" in errors[(7, "答案")]
    assert "选项B为空" in errors[(8, "选项")]
    assert "填空" in errors[(9, "类型")]
    dups = {e.row: e.message for e in dry.skipped}
    assert dups[10] == "与第3行题干重复，已跳过"
    assert "西湖区题库" in dups[11]
    # All-or-nothing: any error, nothing stored.
    source.seek(0)
    strict = sheets.import_questions(
        actor=users.staff_a, bank=banks.a, source=source, all_or_nothing=True
    )
    assert not strict.applied and Question.objects.filter(bank=banks.a).count() == 1
    # Default: the valid rows are stored, the rest reported; importing again adds nothing.
    source.seek(0)
    report = sheets.import_questions(actor=users.staff_a, bank=banks.a, source=source)
    assert report.applied and report.created == 3 and report.error_rows == 4
    stored = Question.objects.get(bank=banks.a, stem="下列属于个人防护用品的有哪些？")
    assert stored.answer == [0, 1, 3] and stored.options[3] == "护目镜"
    assert stored.dimension == "application" and stored.topic == "安全生产"
    judge = Question.objects.get(bank=banks.a, stem="安全帽能减轻坠落物对头部的伤害。")
    assert judge.options == ["正确", "错误"] and judge.answer == [0] and judge.difficulty == 2
    assert AuditEntry.objects.filter(action="question.import").count() == 1
    source.seek(0)
    again = sheets.import_questions(actor=users.staff_a, bank=banks.a, source=source)
    assert again.created == 0 and len(again.skipped) == 5


def test_import_file_problems_and_scope(banks, users):
    report = sheets.import_questions(
        actor=users.staff_a, bank=banks.a, source=io.BytesIO(b"not a spreadsheet")
    )
    assert "无法读取" in report.file_error
    report = sheets.import_questions(
        actor=users.staff_a, bank=banks.a, source=_xlsx([["题干", "题型"], ["x", "单选"]])
    )
    assert "缺少必填列：正确答案" in report.file_error
    with pytest.raises(access.NotFound):
        sheets.import_questions(actor=users.staff_a, bank=banks.city, source=_xlsx([HEADER]))
    with pytest.raises(access.Forbidden):
        sheets.import_questions(actor=users.viewer_a, bank=banks.a, source=_xlsx([HEADER]))


def test_export_round_trip_and_formula_safety(banks, users, tree):
    from kesu.quiz.bank import services as svc

    svc.question_create(
        actor=users.staff_a,
        bank=banks.a,
        data={
            "type": "multiple",
            "stem": "=1+1 的结果不是下列哪些？",
            "options": ["=2", "3", "4"],
            "answer": "BC",
            "dimension": "method",
            "topic": "科技知识",
            "difficulty": 3,
            "benchmark_code": "基准10",
            "source": "自编",
            "explanation": "-注意",
        },
    )
    rows = list(Question.objects.filter(bank=banks.a, is_current=True).order_by("family"))
    data = sheets.export_questions(actor=users.staff_a, rows=rows, label="西湖区题库")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["B3"].value == "'=1+1 的结果不是下列哪些？" and ws["C3"].value == "'=2"
    new = svc.bank_create(actor=users.staff_a, org=tree.a1, data={"name": "副本"})
    report = sheets.import_questions(actor=users.staff_a, bank=new, source=io.BytesIO(data))
    # Both stems already exist in HZ-A's bank, which the township's bank can use.
    assert report.created == 0 and len(report.skipped) == 2
    other = svc.bank_create(actor=users.admin_b, org=tree.b, data={"name": "滨江副本"})
    report = sheets.import_questions(actor=users.admin_b, bank=other, source=io.BytesIO(data))
    assert report.errors == [] and report.created == 2
    copy = Question.objects.get(bank=other, type="multiple")
    original = rows[1]
    for name in (
        "options",
        "answer",
        "dimension",
        "topic",
        "difficulty",
        "benchmark_code",
        "source",
        "status",
    ):
        assert getattr(copy, name) == getattr(original, name), name
    # The export's protective apostrophe is dropped again on import.
    assert copy.stem == original.stem == "=1+1 的结果不是下列哪些？"
    assert copy.explanation == "-注意"
    assert AuditEntry.objects.filter(action="question.export").exists()


def test_starter_bank_loads_idempotently(tree):
    bank = starter.load_starter_bank(tree.city)
    items = Question.objects.filter(bank=bank)
    assert items.count() >= 68
    assert set(items.values_list("dimension", flat=True)) == {
        "knowledge",
        "method",
        "spirit",
        "application",
    }
    assert set(items.values_list("type", flat=True)) == {"single", "multiple", "judge"}
    nsf = list(items.exclude(intl_code="").order_by("family"))
    assert [q.intl_code for q in nsf] == [f"NSF-{i}" for i in range(1, 9)]
    assert [q.intl_rates.get("CN2015") for q in nsf] == [47, 51, None, 41, 22, 19, 49, 24]
    assert [q.intl_rates["US2018"] for q in nsf] == [86, 79, 72, 68, 46, 44, 59, 50]
    assert "CN2015" not in nsf[2].intl_rates
    assert all(q.source == "NSF Science & Engineering Indicators 2020, Table 7-1" for q in nsf)
    assert [q.answer for q in nsf] == [[0], [0], [2], [1], [0], [1], [0], [1]]
    assert not items.filter(explanation="").exists()
    again = starter.load_starter_bank(tree.city)
    assert again.pk == bank.pk and Question.objects.filter(bank=bank).count() == items.count()


def test_demo_step(tree):
    from io import StringIO

    from kesu.demo.services import DemoContext
    from kesu.quiz.demo import quiz_bank_demo

    ctx = DemoContext(scale="small", seed=1, stdout=StringIO(), nodes=[], org_ids={}, users={})
    from kesu.demo.generator import OrgNode

    ctx.nodes = [
        OrgNode(
            code="HZ",
            name="杭州市总工会",
            level="city",
            kind="union",
            path="/HZ/",
            depth=0,
            parent_code=None,
        )
    ]
    quiz_bank_demo(ctx)
    assert ctx.counts["question_banks"] == 1 and ctx.counts["questions"] >= 68
