"""/api/v1/questions and /api/v1/question-banks. Thin: parse, call a selector or service.

Scope: banks of the caller's subtree plus those of its ancestors (shared downward) are
readable; only banks of the subtree are writable, by staff and admins. Correct answers and
explanations are returned only to roles that may edit questions (staff, admin); viewers get
null, and the member role gets 403 on every endpoint here (members see questions only
through their attempts). Editing an answered question makes a new version (see
kesu.quiz.bank.services); the response is then the new row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from kesu.core.actors import Actor
from kesu.core.schemas import Id, Loose, LooseList, patch_of
from kesu.orgs import access
from kesu.quiz.bank import selectors as sel
from kesu.quiz.bank import services as svc
from kesu.quiz.models import Dimension, Question, QuestionType
from kesu.web.api_schemas import code_list, list_query
from kesu.web.api_support import (
    ERRORS,
    PageMeta,
    PageQuery,
    paginate,
    require_view,
)

router = Router(tags=["题库"])

API_LABELS: dict[str, dict[str, str]] = {
    "questions": dict(svc.LABELS),
    "question-banks": {"org": "所属组织", "name": "题库名称", "description": "说明"},
}


class _In(Schema):
    model_config = ConfigDict(extra="forbid")

    def data(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class BankOut(Schema):
    id: int
    org: str = Field(description="所属组织编码")
    org_name: str
    name: str
    description: str
    editable: bool = Field(description="当前用户能否修改（本级及下级的题库）")
    created_at: dt.datetime


class BankPage(PageMeta):
    items: list[BankOut]


class BankListQuery(PageQuery):
    q: str = Field("", description="名称包含")


class BankCreateIn(_In):
    org: str = Field(description="所属组织编码")
    name: str
    description: Loose = None


BankPatchIn = patch_of(BankCreateIn, drop=("org",))  # a bank stays with its organisation


class QuestionOut(Schema):
    id: int
    family: int = Field(description="试题编号（各版本相同）")
    version: int
    is_current: bool
    bank: int
    bank_name: str
    org: str
    type: str = Field(description=code_list(QuestionType, " / "))
    type_name: str
    stem: str
    options: list[str]
    answer: list[int] | None = Field(description="正确选项的序号（从0起）；仅管理和工作人员可见")
    explanation: str | None = Field(description="解析；仅管理和工作人员可见")
    topic: str
    difficulty: int = Field(description="1 易，2 中，3 难")
    dimension: str
    dimension_name: str
    benchmark_code: str
    source: str
    status: str
    status_name: str
    intl_code: str
    intl_rates: dict[str, int | float] = Field(description='国际正确率（%），如 {"CN2015": 47}')
    created_at: dt.datetime
    warnings: list[str] = Field([], description="提示，如题干与可用题库中已有试题重复")


class QuestionPage(PageMeta):
    items: list[QuestionOut]


QuestionListQuery = list_query(
    sel.QuestionFilters,
    {
        "bank": "题库 id",
        "type": code_list(QuestionType, " / "),
        "dimension": code_list(Dimension, " / "),
        "topic": None,
        "status": code_list(Question.Status, " / "),
        "difficulty": "1 / 2 / 3",
        "q": "题干包含",
        "intl": "yes：只列有国际比较题号的试题",
    },
)


class _QuestionFields(_In):
    options: LooseList = Field(None, description="选项文字列表（判断题可省略）")
    answer: LooseList = Field(None, description='选项序号列表，或 "A"/"ABD"/"对"/"错"')
    explanation: Loose = None
    topic: Loose = None
    difficulty: int | str | None = Field(None, description="1–3 或 易/中/难")
    benchmark_code: Loose = None
    source: Loose = None
    status: Loose = None
    intl_code: Loose = None
    intl_rates: dict[str, Any] | None = None


class QuestionCreateIn(_QuestionFields):
    bank: int = Field(description="题库 id（须为本级或下级的题库）")
    type: str = Field(description=f"{code_list(QuestionType, ' / ')} 或 单选/多选/判断")
    stem: str
    dimension: str = Field(description="维度代码或中文名称")


class QuestionPatchIn(_QuestionFields):
    type: Loose = None
    stem: Loose = None
    dimension: Loose = None


def _bank_out(bank: Any, user: Actor) -> dict[str, Any]:
    return {
        "id": bank.pk,
        "org": bank.org.code,
        "org_name": bank.org.name,
        "name": bank.name,
        "description": bank.description,
        "editable": sel.can_edit_bank(user, bank),
        "created_at": bank.created_at,
    }


def _question_out(q: Question, user: Actor, warnings: list[str] | None = None) -> dict[str, Any]:
    staff = access.can(user, access.CHANGE)
    return {
        "id": q.pk,
        "family": q.family,
        "version": q.version,
        "is_current": q.is_current,
        "bank": q.bank_id,
        "bank_name": q.bank.name,
        "org": q.bank.org.code,
        "type": q.type,
        "type_name": str(q.get_type_display()),
        "stem": q.stem,
        "options": q.options,
        "answer": q.answer if staff else None,
        "explanation": q.explanation if staff else None,
        "topic": q.topic,
        "difficulty": q.difficulty,
        "dimension": q.dimension,
        "dimension_name": str(q.get_dimension_display()),
        "benchmark_code": q.benchmark_code,
        "source": q.source,
        "status": q.status,
        "status_name": str(q.get_status_display()),
        "intl_code": q.intl_code,
        "intl_rates": q.intl_rates,
        "created_at": q.created_at,
        "warnings": warnings or [],
    }


def _saved_out(saved: svc.SavedQuestion, user: Actor) -> dict[str, Any]:
    warnings = [
        f"题干与题库“{d.bank.name}”中的试题（编号{d.family}）重复" for d in saved.duplicates
    ]
    if saved.new_version:
        warnings.append(f"该题已有人作答，已保存为第{saved.question.version}版，原版本保留")
    return _question_out(saved.question, user, warnings)


# ---------------------------------------------------------------- banks


@router.get("/question-banks", response={200: BankPage, **ERRORS}, summary="题库列表")
def bank_index(request: HttpRequest, query: Query[BankListQuery]) -> dict[str, Any]:
    """本级及下级的题库，以及上级共享下来的题库。"""
    user = require_view(request)
    page = paginate(sel.bank_list(user, q=query.q), page=query.page, page_size=query.page_size)
    page["items"] = [_bank_out(b, user) for b in page["items"]]
    return page


@router.post("/question-banks", response={201: BankOut, **ERRORS}, summary="新建题库")
def bank_create(request: HttpRequest, payload: BankCreateIn) -> Status:
    user = require_view(request)
    data = payload.data()
    org = access.get_org_for_user(user, data.pop("org"))
    bank = svc.bank_create(actor=user, org=org, data=data, request=request)
    return Status(201, _bank_out(bank, user))


@router.get("/question-banks/{bank_id}", response={200: BankOut, **ERRORS}, summary="题库详情")
def bank_detail(request: HttpRequest, bank_id: Id) -> dict[str, Any]:
    user = require_view(request)
    return _bank_out(sel.bank_get(user, bank_id), user)


@router.patch("/question-banks/{bank_id}", response={200: BankOut, **ERRORS}, summary="修改题库")
def bank_patch(request: HttpRequest, bank_id: Id, payload: BankPatchIn) -> dict[str, Any]:
    user = require_view(request)
    access.require(user, access.CHANGE)
    bank = sel.bank_get(user, bank_id, access.CHANGE)
    bank = svc.bank_update(actor=user, bank=bank, data=payload.data(), request=request)
    return _bank_out(bank, user)


# ---------------------------------------------------------------- questions


@router.get("/questions", response={200: QuestionPage, **ERRORS}, summary="试题列表")
def question_index(request: HttpRequest, query: Query[QuestionListQuery]) -> dict[str, Any]:
    """可见题库中各试题的当前版本；按题库、题型、维度、主题、状态、难度和题干筛选。"""
    user = require_view(request)
    filters = sel.QuestionFilters.from_mapping(query.model_dump())
    rows = sel.question_list(user, filters=filters)
    page = paginate(rows, page=query.page, page_size=query.page_size)
    page["items"] = [_question_out(q, user) for q in page["items"]]
    return page


@router.post("/questions", response={201: QuestionOut, **ERRORS}, summary="新增试题")
def question_create(request: HttpRequest, payload: QuestionCreateIn) -> Status:
    user = require_view(request)
    access.require(user, access.CHANGE)
    data = payload.data()
    bank = sel.bank_get(user, data.pop("bank"), access.CHANGE)
    saved = svc.question_create(actor=user, bank=bank, data=data, request=request)
    return Status(201, _saved_out(saved, user))


@router.get("/questions/{question_id}", response={200: QuestionOut, **ERRORS}, summary="试题详情")
def question_detail(request: HttpRequest, question_id: Id) -> dict[str, Any]:
    user = require_view(request)
    return _question_out(sel.question_get(user, question_id), user)


@router.patch("/questions/{question_id}", response={200: QuestionOut, **ERRORS}, summary="修改试题")
def question_patch(request: HttpRequest, question_id: Id, payload: QuestionPatchIn) -> Any:
    """已被作答（组卷或答题中出现过）的试题修改后保存为新版本，返回新版本。"""
    user = require_view(request)
    access.require(user, access.CHANGE)
    question = sel.question_get(user, question_id, access.CHANGE)
    saved = svc.question_update(actor=user, question=question, data=payload.data(), request=request)
    return _saved_out(saved, user)


@router.get(
    "/questions/{question_id}/versions",
    response={200: list[QuestionOut], **ERRORS},
    summary="试题历史版本",
)
def question_versions(request: HttpRequest, question_id: Id) -> list[dict[str, Any]]:
    user = require_view(request)
    question = sel.question_get(user, question_id)
    rows = sel.question_versions(question).select_related("bank", "bank__org")
    return [_question_out(q, user) for q in rows]
