"""The summary's first section (加强组织领导) written from the leadership, meeting, team and
funds records created here, the way the reference summaries write it."""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document

from kesu.accounts.services import operator
from kesu.reports.numbers import fmt
from kesu.reports.organisation import TITLE
from kesu.reports.summary import Narrative, build_summary
from kesu.reports.summary_docx import write_docx
from tests.leadership.conftest import END, START, money, work  # noqa: F401 (fixtures)


def _yuan(amount: int) -> str:
    return fmt(Decimal(amount).quantize(Decimal("0.01")), "元")


def _first(org, **kwargs):
    summary = build_summary(user=operator(), org=org, start=START, end=END, **kwargs)
    return summary, summary.sections[0]


def test_first_section_from_records(money, work):  # noqa: F811
    summary, section = _first(money.a)
    assert section.heading == f"一、{TITLE}"
    texts = [p.text for p in section.paragraphs]
    assert texts[0] == (
        "一是建立组织机构。成立了由区总工会主席王建国任组长，区总工会副主席李丽华任副组长，"
        "宣教部部长赵刚、组织部部长孙静为成员的全民科学素质工作领导小组，领导小组下设办公室，"
        "办公室设在宣教部，由周敏负责日常工作（联系电话0571-87000000），"
        "形成了主要领导亲自抓、班子成员协调配合、齐抓共管的工作格局。"
    )
    assert texts[1] == (
        "二是明确责任分工。科普宣传工作由李丽华分管、宣教部承办、赵刚具体负责，"
        "做到任务层层分解，落实到科室和经办人员。"
    )
    # The township's meeting counts in the district's subtree; the topic is quoted once.
    assert texts[2] == (
        "三是加强统筹协调。召开专题会议、推进会2场，研究部署“科技活动周”部署会等工作，"
        "派员参加上级协调会议1场。"
    )
    # Figures are written by kesu.reports.numbers, as everywhere in the summary.
    assert texts[3] == (
        f"四是想方设法落实经费。落实科普工作经费{_yuan(110000)}，其中科普宣传{_yuan(30000)}、"
        f"职工服务{_yuan(80000)}；支出{_yuan(44500)}，占预算的40.5%，切实保障工作顺利开展。"
    )
    assert texts[4] == (
        "五是加强队伍建设。组建科普志愿者队伍1支、讲师团1支，共有队员3人，"
        f"参与科普活动志愿服务2人次，服务时长{fmt(Decimal('5.5'), '小时')}。"
    )
    codes = {f.code for p in section.paragraphs for f in p.figures}
    assert {"meetings.held", "funds.budget", "funds.spent", "volunteers.hours"} <= codes
    assert summary.sections[1].title == "组织建设与会员"  # the existing areas follow


def test_the_docx_carries_the_section(money, work):  # noqa: F811
    # A file is written only with the narrative parts filled in (reports.summary_docx).
    summary, _section = _first(
        money.a, narrative=Narrative(problems="经费执行偏慢。", next_plan="继续推进。")
    )
    out = io.BytesIO()
    write_docx(summary, out)
    document = Document(io.BytesIO(out.getvalue()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"一、{TITLE}" in text and f"落实科普工作经费{_yuan(110000)}，其中" in text


def test_only_what_records_hold(money, work):  # noqa: F811
    # HZ-B has a budget and a team but no group, division of work or meeting.
    _summary, section = _first(money.b)
    texts = [p.text for p in section.paragraphs]
    assert texts == [
        f"一是想方设法落实经费。落实科普工作经费{_yuan(5000)}，切实保障工作顺利开展。",
        "二是加强队伍建设。组建科普志愿者队伍1支。",
    ]
    # A grassroots union with none of these records has no such section at all.
    summary = build_summary(user=operator(), org=money.bg, start=START, end=END)
    assert all(s.title != TITLE for s in summary.sections)
