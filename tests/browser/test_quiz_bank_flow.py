"""A district cadre builds a question bank in the browser: starter bank, new bank, Excel
import with a bad row (dry run, then import), a question edited on a phone."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from kesu.quiz.models import Question, QuestionBank
from tests.browser.conftest import shot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sheet(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["西湖区2026年安全生产知识题"])
    ws.append(["题型", "题干", "选项A", "选项B", "选项C", "正确答案", "解析", "维度"])
    ws.append(
        [
            "单选",
            "安全标志中表示“禁止”的颜色是？",
            "红色",
            "黄色",
            "蓝色",
            "A",
            "",
            "应用科学的能力",
        ]
    )
    ws.append(["多选", "缺少答案的多选题", "甲", "乙", "丙", "", "", "科学知识"])
    ws.append(
        ["判断", "进入有限空间作业前应先通风、检测。", "", "", "", "对", "", "应用科学的能力"]
    )
    wb.save(path)
    return path


def login(page, username):
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def test_cadre_builds_a_bank(page, users, tree, tmp_path):
    login(page, "admin_a")
    page.goto(page.base + "/quiz/banks/")
    page.click("text=载入入门题库")
    page.wait_for_url(re.compile(r"/quiz/banks/\d+/$"))
    expect(page.locator(".results-head")).to_contain_text("共 74 道试题")
    page.select_option("select[name=dimension]", "spirit")
    page.click("button:has-text('查询')")
    expect(page.locator(".results-head")).to_contain_text("共 14 道试题")
    shot(page, "quiz-bank-detail")

    page.goto(page.base + "/quiz/banks/new/")
    page.select_option("select[name=org]", "HZ-A-1")
    page.fill("input[name=name]", "街道安全生产题库")
    page.click("button:has-text('保存')")
    page.wait_for_url(re.compile(r"/quiz/banks/\d+/$"))
    bank = QuestionBank.objects.get(name="街道安全生产题库")

    page.click("text=Excel 导入")
    page.set_input_files("input[name=file]", str(sheet(tmp_path / "q.xlsx")))
    page.click("button:has-text('上传')")
    report = page.locator("#import-report")
    expect(report).to_contain_text("校验结果（未写入）")
    expect(report).to_contain_text("第4行")
    expect(report).to_contain_text("未填写正确答案")
    assert not Question.objects.filter(bank=bank).exists()
    page.uncheck("input[name=dry_run]")
    page.set_input_files("input[name=file]", str(sheet(tmp_path / "q.xlsx")))
    page.click("button:has-text('上传')")
    expect(page.locator(".messages")).to_contain_text("已导入 2 道试题")
    shot(page, "quiz-bank-import")
    assert Question.objects.filter(bank=bank).count() == 2

    # On a phone: the judge question's form hides the option fields.
    page.set_viewport_size({"width": 390, "height": 844})
    judge = Question.objects.get(bank=bank, type="judge")
    page.goto(page.base + f"/quiz/questions/{judge.pk}/edit/")
    expect(page.locator("input[name=option_A]")).to_be_hidden()
    page.select_option("select[name=type]", "single")
    expect(page.locator("input[name=option_A]")).to_be_visible()
    page.select_option("select[name=type]", "judge")
    page.fill("textarea[name=explanation]", "先通风、再检测、后作业。")
    page.click("button:has-text('保存')")
    expect(page.locator(".question-options")).to_contain_text("正确")
    expect(page.locator(".notes")).to_contain_text("先通风")
    shot(page, "quiz-question-phone")
    assert page.csp_violations == []
