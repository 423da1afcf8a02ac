"""A contest and its paper in one step (竞赛与试卷一起创建), and the paper kept in step with
the contest's status.

A contest needs a paper of purpose "contest" of the same organisation, with questions and
published. Staff used to have to make that paper first in the quiz pages; here they pick a
question bank and how many questions of each type, and the paper (rule-drawn, each member
gets their own draw) is made, given the rules and published with the contest, all in one
transaction. Picking an existing published contest paper stays possible.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from kesu.contests import services
from kesu.contests.models import Contest
from kesu.contests.validation import ContestError, clean_contest
from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Paper, QuestionType
from kesu.quiz.papers import services as papers

DRAW_FIELDS = {
    QuestionType.SINGLE: "single_count",
    QuestionType.MULTIPLE: "multiple_count",
    QuestionType.JUDGE: "judge_count",
}
# The quiz app's field names for a paper's settings and rules -> the contest form's.
_PAPER_FIELDS = {
    "rules": "bank",
    "time_limit_minutes": "time_limit_minutes",
    "title": "title",
    "status": "status",
}


def _count(value: Any, field: str, errors: dict[str, str]) -> int:
    text = str(value if value is not None else "").strip()
    if not text:
        return 0
    if not text.isdigit() or int(text) > 200:
        errors[field] = "题数应为0到200之间的整数"
        return 0
    return int(text)


def draw_rules(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The paper's drawing rules from the form: one per question type with a count."""
    errors: dict[str, str] = {}
    bank = str(data.get("bank") or "").strip()
    if not bank:
        errors["bank"] = "请选择题库"
    rules = []
    for qtype, field in DRAW_FIELDS.items():
        n = _count(data.get(field), field, errors)
        if n:
            rules.append(
                {"type": qtype, "count": n, "points": data.get("points") or "1", "bank": bank}
            )
    if not rules and not errors:
        errors["single_count"] = "请至少填写一种题型的题数"
    if errors:
        raise ContestError(errors)
    return rules


def sync_paper(*, actor: Actor, contest: Contest, request: HttpRequest | None = None) -> None:
    """The paper follows the contest: published with it (so members can answer), closed with
    it (no answer after the end). A paper that cannot be published refuses the contest."""
    paper = contest.paper
    try:
        if contest.status == Contest.Status.PUBLISHED and paper.status == Paper.Status.DRAFT:
            papers.paper_publish(actor=actor, paper=paper, request=request)
        elif contest.status == Contest.Status.CLOSED and paper.status == Paper.Status.PUBLISHED:
            papers.paper_close(actor=actor, paper=paper, request=request)
    except papers.PaperError as exc:
        raise ContestError({"status": "；".join(exc.errors.values())}) from None


def _paper_errors(exc: papers.PaperError) -> dict[str, str]:
    return {_PAPER_FIELDS.get(k, "bank"): f"试卷：{v}" for k, v in exc.errors.items()}


@transaction.atomic
def contest_create_with_paper(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Contest:
    """Create the contest's paper (rule-drawn from `data["bank"]`, `single_count`…,
    `points`, `time_limit_minutes`) and the contest on it, for `org`; published together
    when the contest is. Audited by each service it calls."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean, errors = clean_contest(data)
    try:
        rules = draw_rules(data)
    except ContestError as exc:
        errors = {**exc.errors, **errors}
    if errors:
        raise ContestError(errors)
    settings = {
        "title": f"{clean['title']}（竞赛试卷）"[:200],
        "purpose": Paper.Purpose.CONTEST,
        "mode": Paper.Mode.RANDOM,
        "opens_at": clean["starts_at"],
        "closes_at": clean["ends_at"],
        "time_limit_minutes": data.get("time_limit_minutes") or None,
        "show_answers": Paper.ShowAnswers.AFTER_CLOSE,
    }
    try:
        paper = papers.paper_create(actor=actor, org=org, data=settings, request=request)
        papers.paper_set_rules(actor=actor, paper=paper, rules=rules, request=request)
    except papers.PaperError as exc:
        raise ContestError(_paper_errors(exc)) from None
    return services.contest_create(
        actor=actor, org=org, data={**data, "paper": paper.pk}, request=request
    )
