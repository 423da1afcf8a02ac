"""API shapes for papers and attempts. `org` is an organisation code; loose input types on
purpose: kesu.quiz.papers.services / attempts parse and answer in Chinese.

Answers travel as {"<question id>": [shown option positions, 0-based]} — the positions of
the options in the order the attempt shows them (`questions[].options`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from kesu.core.schemas import Id, Loose, LooseInt, OrgNamed, PartialIn, attr
from kesu.quiz.models import Paper, QuestionType
from kesu.web.api_schemas import code_list, page_of
from kesu.web.api_support import PageQuery

_In = PartialIn


class PaperListQuery(PageQuery):
    q: str = Field("", description="名称包含")
    status: str = Field("", description=code_list(Paper.Status, " / "))
    purpose: str = Field("", description=code_list(Paper.Purpose, " / "))


class PaperItemIn(Schema):
    question: Id
    points: Decimal | str | None = None


class PaperRuleIn(Schema):
    type: str = Field(description=code_list(QuestionType, " / "))
    count: LooseInt = None
    points: Decimal | str | None = None
    topic: Loose = None
    dimension: Loose = None
    bank: LooseInt = None


class _PaperFields(_In):
    title: Loose = None
    purpose: Loose = Field(
        None, description="practice 答题练习 / contest 知识竞赛 / assessment 素质测评"
    )
    mode: Loose = Field(None, description="fixed 固定试题 / random 按规则随机抽题")
    multiple_rule: Loose = Field(None, description=code_list(Paper.MultipleRule, " / "))
    shuffle_options: bool | str | None = None
    time_limit_seconds: LooseInt = None
    attempts_per_day: LooseInt = None
    attempts_total: LooseInt = None
    opens_at: dt.datetime | str | None = None
    closes_at: dt.datetime | str | None = None
    pass_mark: Decimal | str | None = None
    show_answers: Loose = Field(None, description=code_list(Paper.ShowAnswers, " / "))
    description: Loose = None


class PaperCreateIn(_PaperFields):
    org: str = Field(description="组织编码：试卷的组织单位，其下级会员可以答题")
    items: list[PaperItemIn] | None = Field(None, description="固定试题（按顺序）")
    rules: list[PaperRuleIn] | None = Field(None, description="抽题规则")


class PaperPatchIn(_PaperFields):
    org: Loose = None
    items: list[PaperItemIn] | None = None
    rules: list[PaperRuleIn] | None = None
    status: Loose = Field(None, description="published 发布 / closed 结束")


class PaperItemOut(Schema):
    question: int
    points: Decimal
    position: int
    type: str
    stem: str


class PaperRuleOut(Schema):
    type: str
    count: int
    points: Decimal
    topic: str
    dimension: str
    bank: int | None


class PaperOut(Schema):
    id: int
    org: str
    org_name: str
    title: str
    purpose: str
    mode: str
    multiple_rule: str
    shuffle_options: bool
    time_limit_seconds: int | None
    attempts_per_day: int | None
    attempts_total: int | None
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    pass_mark: Decimal | None
    show_answers: str
    status: str
    description: str
    created_at: dt.datetime


class PaperDetailOut(PaperOut):
    items: list[PaperItemOut]
    rules: list[PaperRuleOut]
    max_score: Decimal
    problems: list[str] = Field(description="发布前需要处理的问题")


PaperPage = page_of(PaperOut)


class AttemptStartIn(_In):
    paper: Id


class AnswersIn(_In):
    answers: dict[str, Any] = Field(description="{试题编号: [选项序号(从0起，按显示顺序)]}")


class SubmitIn(_In):
    answers: dict[str, Any] | None = None


class OptionOut(Schema):
    position: int
    label: str
    text: str


class AttemptQuestionOut(Schema):
    id: int
    n: int
    type: str
    stem: str
    points: str
    options: list[OptionOut]
    earned: str | None = None
    correct: list[int] | None = Field(None, description="正确选项的显示序号（允许公布时）")
    explanation: str | None = None


class AttemptOut(Schema):
    id: int
    paper: int
    paper_title: str
    status: str
    source: str
    started_at: dt.datetime
    deadline: dt.datetime | None
    remaining_seconds: int | None
    submitted_at: dt.datetime | None
    duration_seconds: int | None
    score: Decimal | None
    max_score: Decimal
    correct_count: int
    item_count: int
    passed: bool | None
    dimension_scores: dict[str, list[str]] = Field(
        description="{维度: [得分, 满分]}（十进制字符串）"
    )
    answers: dict[str, list[int]] = Field(description="已保存的作答（显示序号）")
    questions: list[AttemptQuestionOut] = []


class AttemptBriefOut(Schema):
    id: int
    paper: int
    paper_title: str
    status: str
    submitted_at: dt.datetime | None
    score: Decimal | None
    max_score: Decimal
    passed: bool | None


AttemptPage = page_of(AttemptBriefOut, "AttemptPage")


class SavedOut(Schema):
    id: int
    status: str
    saved: int = Field(description="已保存作答的题数")


class SubmitOut(Schema):
    id: int
    status: str
    score: Decimal | None
    max_score: Decimal
    correct_count: int
    item_count: int
    passed: bool | None
    duration_seconds: int | None
    submitted_at: dt.datetime | None


class AttemptEvidenceOut(OrgNamed):
    """How a submitted attempt appears in an indicator's evidence list (ID masked)."""

    id: int
    paper: int
    paper_title: str
    member_name: str
    member_id_number: str
    org: str
    org_name: str
    source: str
    score: Decimal | None
    max_score: Decimal
    submitted_at: dt.datetime | None

    resolve_paper = attr("paper_id")
    resolve_paper_title = attr("paper.title")
    resolve_member_name = attr("member.name")
    resolve_member_id_number = attr("member.id_number_masked")
