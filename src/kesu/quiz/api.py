"""/api/v1 endpoints of 题库与答题 (wired in kesu/api.py): papers and attempts here,
questions in kesu.quiz.bank.api.

Papers are staff records scoped by the access layer. Attempts belong to members: a
member's token or session reaches only their own attempts; any other id answers 404.
The submit path is lean on purpose (contest load): one SELECT of the attempt with its
paper, answer keys from a per-process cache, one UPDATE.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from kesu.core.actors import Actor
from kesu.core.schemas import Id
from kesu.members.models import Member
from kesu.orgs import access
from kesu.quiz import selectors
from kesu.quiz.attempts import display, lean
from kesu.quiz.attempts import services as attempts
from kesu.quiz.bank.api import API_LABELS as QUESTION_LABELS
from kesu.quiz.bank.api import router as questions_router
from kesu.quiz.models import Attempt, Paper, Question
from kesu.quiz.papers import drawing, prepared
from kesu.quiz.papers import services as papers
from kesu.quiz.schemas import (
    AnswersIn,
    AttemptOut,
    AttemptPage,
    AttemptStartIn,
    PaperCreateIn,
    PaperDetailOut,
    PaperListQuery,
    PaperOut,
    PaperPage,
    PaperPatchIn,
    SavedOut,
    SubmitIn,
    SubmitOut,
)
from kesu.web.api_support import (
    ERRORS,
    ApiError,
    PageQuery,
    paginate,
    require_view,
)

router = Router(tags=["题库与答题"])
router.add_router("", questions_router)

# Chinese names of request fields, per first path segment under /api/v1/.
API_LABELS: dict[str, dict[str, str]] = {
    **QUESTION_LABELS,
    "papers": dict(papers.LABELS),
    "attempts": {"paper": "试卷", "answers": "作答"},
}


def _paper_out(paper: Paper) -> dict[str, Any]:
    data = {f: getattr(paper, f) for f in PaperOut.model_fields if hasattr(paper, f)}
    data.update(org=paper.org.code, org_name=paper.org.name)
    return data


def _paper_detail(paper: Paper) -> dict[str, Any]:
    items = [
        {
            "question": i.question_id,
            "points": i.points,
            "position": i.position,
            "type": i.question.type,
            "stem": i.question.stem,
        }
        for i in paper.items.select_related("question")
    ]
    rules = [
        {
            "type": r.type,
            "count": r.count,
            "points": r.points,
            "topic": r.topic,
            "dimension": r.dimension,
            "bank": r.bank_id,
        }
        for r in paper.rules.all()
    ]
    problems = papers.publish_problems(paper) if paper.status == Paper.Status.DRAFT else []
    return {
        **_paper_out(paper),
        "items": items,
        "rules": rules,
        "problems": problems,
        "max_score": drawing.paper_max_score(paper),
    }


def _items(payload_items) -> list[tuple[int, Any]]:
    return [(i.question, i.points) for i in payload_items]


def _rules(payload_rules) -> list[dict[str, Any]]:
    return [r.model_dump() for r in payload_rules]


# ---------------------------------------------------------------- papers


@router.get("/papers", response={200: PaperPage, **ERRORS}, summary="试卷列表")
def paper_index(request: HttpRequest, query: Query[PaperListQuery]) -> Any:
    user = require_view(request)
    rows = selectors.paper_list(user=user, q=query.q, status=query.status, purpose=query.purpose)
    page = paginate(rows, page=query.page, page_size=query.page_size)
    page["items"] = [_paper_out(p) for p in page["items"]]
    return page


def _set_questions(user: Actor, paper: Paper, payload: Any, request: HttpRequest) -> None:
    """The paper's fixed items and random rules, where the request gives them."""
    if payload.items is not None:
        papers.paper_set_items(
            actor=user, paper=paper, items=_items(payload.items), request=request
        )
    if payload.rules is not None:
        papers.paper_set_rules(
            actor=user, paper=paper, rules=_rules(payload.rules), request=request
        )


@router.post("/papers", response={201: PaperDetailOut, **ERRORS}, summary="新建试卷")
def paper_create(request: HttpRequest, payload: PaperCreateIn) -> Status:
    """固定试题用 items（[{question, points}]），随机抽题用 rules（[{type, count, points, topic,
    dimension, bank}]）；规则无法由题库满足时返回 400 并说明缺几道。"""
    user = require_view(request)
    data = payload.data()
    org = access.get_org_for_user(user, data.pop("org"), access.CHANGE)
    data.pop("items", None), data.pop("rules", None)
    with transaction.atomic():
        paper = papers.paper_create(actor=user, org=org, data=data, request=request)
        _set_questions(user, paper, payload, request)
    return Status(201, _paper_detail(paper))


@router.get("/papers/{paper_id}", response={200: PaperDetailOut, **ERRORS}, summary="试卷详情")
def paper_detail(request: HttpRequest, paper_id: Id) -> Any:
    return _paper_detail(selectors.paper_get(user=require_view(request), pk=paper_id))


@router.patch("/papers/{paper_id}", response={200: PaperDetailOut, **ERRORS}, summary="修改试卷")
def paper_patch(request: HttpRequest, paper_id: Id, payload: PaperPatchIn) -> Any:
    """status=published 发布（先检查试题/规则），status=closed 结束答题。"""
    user = require_view(request)
    paper = selectors.paper_get(user=user, pk=paper_id)
    access.require(user, access.CHANGE)
    data = payload.data()
    status = data.pop("status", None)
    data.pop("items", None), data.pop("rules", None)
    with transaction.atomic():
        if data:
            papers.paper_update(actor=user, paper=paper, data=data, request=request)
        _set_questions(user, paper, payload, request)
        if status == Paper.Status.PUBLISHED:
            papers.paper_publish(actor=user, paper=paper, request=request)
        elif status == Paper.Status.CLOSED:
            papers.paper_close(actor=user, paper=paper, request=request)
        elif status:
            raise ApiError(
                400,
                "validation_error",
                "状态：取值无效，可选：published、closed",
                {"status": "取值无效，可选：published、closed"},
            )
    return _paper_detail(paper)


# ---------------------------------------------------------------- attempts


def _member_id(request: HttpRequest) -> int:
    user = request.auth  # type: ignore[attr-defined]
    member_id = getattr(user, "member_id", None)
    if not member_id:
        raise ApiError(403, "forbidden", "当前账号未关联会员名册，不能答题")
    return member_id


def _own_attempt(request: HttpRequest, attempt_id: Id) -> Attempt:
    member_id = _member_id(request)
    try:
        return (
            Attempt.objects.select_related("paper")
            .order_by()
            .get(pk=attempt_id, member_id=member_id)
        )
    except Attempt.DoesNotExist:
        raise access.NotFound() from None


def attempt_out(attempt: Attempt, stamp: float | None = None) -> dict[str, Any]:
    """AttemptOut of an attempt with its paper, every field in the schema's order and type, as
    validating it would give them (the start lane renders it without validating it again,
    giving the display stamp it has read: kesu.quiz.papers.prepared)."""
    now = timezone.now()
    show = attempts.answers_visible(attempt, now)
    done = attempt.status != Attempt.Status.IN_PROGRESS
    ids = [int(i["q"]) for i in attempt.layout]
    # Stems and options from the prepared cache; answers only when they may be shown.
    seen = prepared.shown(ids, stamp)
    keys = Question.objects.only("id", "answer", "explanation").in_bulk(ids) if show else {}
    out_questions = []
    for n, item in enumerate(attempt.layout, start=1):
        qid = int(item["q"])
        q = seen[qid]
        perm = item["perm"]
        key = keys.get(qid)
        out_questions.append(
            {
                "id": qid,
                "n": n,
                "type": q.type,
                "stem": q.stem,
                "points": item["points"],
                "options": [
                    {"position": p, "label": chr(65 + p), "text": q.options[c]}
                    for p, c in enumerate(perm)
                ],
                "earned": attempt.results.get(str(qid)) if done else None,
                "correct": sorted(perm.index(c) for c in key.answer if c in perm) if key else None,
                "explanation": key.explanation if key else None,
            }
        )
    return {**display.attempt_fields(attempt, now), "questions": out_questions}


@router.get("/attempts", response={200: AttemptPage, **ERRORS}, summary="我的答题记录")
def attempt_index(request: HttpRequest, query: Query[PageQuery]) -> Any:
    member_id = _member_id(request)
    rows = (
        Attempt.objects.filter(member_id=member_id)
        .select_related("paper")
        .order_by("-started_at", "-id")
    )
    page = paginate(rows, page=query.page, page_size=query.page_size)
    page["items"] = [
        {
            "id": a.pk,
            "paper": a.paper_id,
            "paper_title": a.paper.title,
            "status": a.status,
            "submitted_at": a.submitted_at,
            "score": a.score,
            "max_score": a.max_score,
            "passed": a.passed,
        }
        for a in page["items"]
    ]
    return page


@router.post("/attempts", response={200: AttemptOut, 201: AttemptOut, **ERRORS}, summary="开始答题")
def attempt_start(request: HttpRequest, payload: AttemptStartIn) -> Status:
    """开始答题；已有未交卷的答题时返回该答题（200）而不是再开一份。"""
    member_id = _member_id(request)
    member = Member.objects.select_related("org").get(pk=member_id)
    paper = (
        Paper.objects.select_related("org")
        .filter(pk=payload.paper)
        .exclude(status=Paper.Status.DRAFT)
        .first()
    )
    if paper is None or not attempts.in_audience(paper, member):
        raise access.NotFound()
    now = timezone.now()
    attempt = attempts.start_attempt(member=member, paper=paper, now=now)
    # A new attempt starts `now`; a resumed one (or a concurrent tap's) started earlier.
    return Status(201 if attempt.started_at == now else 200, attempt_out(attempt))


@router.get("/attempts/{attempt_id}", response={200: AttemptOut, **ERRORS}, summary="答题详情")
def attempt_detail(request: HttpRequest, attempt_id: Id) -> Any:
    attempt = attempts.expire_if_due(_own_attempt(request, attempt_id))
    return attempt_out(attempt)


def _save(request: HttpRequest, attempt_id: Id, payload: AnswersIn) -> Any:
    attempt = _own_attempt(request, attempt_id)
    attempt = attempts.save_answers(attempt=attempt, payload=payload.answers)
    return {"id": attempt.pk, "status": attempt.status, "saved": len(attempt.answers)}


@router.put(
    "/attempts/{attempt_id}/answers", response={200: SavedOut, **ERRORS}, summary="保存作答"
)
def attempt_answers_put(request: HttpRequest, attempt_id: Id, payload: AnswersIn) -> Any:
    """逐步保存作答（合并到已保存的作答）；截止后不再保存，并按已保存的作答自动交卷。"""
    return _save(request, attempt_id, payload)


@router.post(
    "/attempts/{attempt_id}/answers", response={200: SavedOut, **ERRORS}, summary="保存作答（POST）"
)
def attempt_answers_post(request: HttpRequest, attempt_id: Id, payload: AnswersIn) -> Any:
    return _save(request, attempt_id, payload)


@router.post("/attempts/{attempt_id}/submit", response={200: SubmitOut, **ERRORS}, summary="交卷")
def attempt_submit(request: HttpRequest, attempt_id: Id, payload: SubmitIn | None = None) -> Any:
    """交卷（幂等：重复交卷返回第一次的成绩）。可在 answers 中附带最后的作答。"""
    member_id = _member_id(request)
    attempt = lean.attempt_for_submit(attempt_id, member_id)
    if attempt is None:
        raise access.NotFound()
    return submit(attempt, payload.answers if payload is not None else None)


def submit(attempt: Attempt, answers: Any) -> dict[str, Any]:
    """Submit and the answer (also kesu.quiz.attempts.submit_lane's); a refusal raises ApiError."""
    attempt = attempts.submit_attempt(attempt=attempt, payload=answers)
    return {f: getattr(attempt, f) for f in SubmitOut.model_fields} | {"id": attempt.pk}
