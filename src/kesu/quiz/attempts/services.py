"""Attempts: start (or resume), save answers progressively, submit, time-out.

Rules, all enforced here on the server:
- a member may start a paper that is published and open, whose audience subtree
  (`paper.org`) contains the member's organisation, within the attempts-per-day and total
  limits; an attempt already in progress is resumed instead of starting a second one;
- answers are given per question as *shown* option positions and stored as canonical
  option indexes; an unknown question, a position out of range or a second option on a
  single-choice question is refused as a whole (nothing stored);
- the deadline is `started_at + time limit`, capped by the paper's close time; answers
  arriving after it are ignored, and an expired attempt is submitted with what was saved
  the next time anyone reads or acts on it (no cron job);
- submitting twice returns the first result; the submit is one conditional UPDATE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from kesu.core import ratelimit
from kesu.core.errors import ServiceError
from kesu.members.models import Member
from kesu.quiz.attempts import lean, scoring
from kesu.quiz.models import Attempt, Paper, QuestionType
from kesu.quiz.papers import drawing, prepared

DEFAULT_STARTS_PER_MINUTE = 10
DEFAULT_SUBMITS_PER_MINUTE = 30


class AttemptError(ServiceError):
    """A refusal with a Chinese message; `code` is the API's machine code."""

    def __init__(self, message: str, code: str = "attempt_error", status: int = 400) -> None:
        super().__init__(message, code=code, status=status)


def _rate(kind: str, member_id: int, setting: str, default: int) -> None:
    """Starts and submissions per member per minute (kesu.core.ratelimit); limits from
    settings or environment KESU_QUIZ_*_PER_MINUTE."""
    if not ratelimit.hit(f"quiz:{kind}:{member_id}", ratelimit.limit(setting, default)):
        raise AttemptError("操作过于频繁，请稍后再试。", code="throttled", status=429)


def rate_start(member_id: int) -> None:
    _rate("start", member_id, "KESU_QUIZ_STARTS_PER_MINUTE", DEFAULT_STARTS_PER_MINUTE)


# ---------------------------------------------------------------- eligibility


def paper_open_problem(paper: Paper, now: dt.datetime) -> str | None:
    if paper.status == Paper.Status.DRAFT:
        return "该试卷尚未发布"
    if paper.status == Paper.Status.CLOSED:
        return "该试卷已结束"
    if paper.opens_at and now < paper.opens_at:
        local = timezone.localtime(paper.opens_at)
        return f"答题尚未开始，开始时间：{local:%Y-%m-%d %H:%M}"
    if paper.closes_at and now >= paper.closes_at:
        return "答题已截止"
    return None


def in_audience(paper: Paper, member: Member) -> bool:
    return member.org.path.startswith(paper.org.path)


def day_start(now: dt.datetime) -> dt.datetime:
    """Local midnight before `now`: the attempts-per-day limit counts from there."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def limit_problem(
    paper: Paper, member: Member, now: dt.datetime, started: list[dt.datetime] | None = None
) -> str | None:
    """The attempts-per-day or total limit the member has reached (None: neither).
    `started`: the start times of the member's attempts on the paper, when already read."""
    if paper.attempts_total is None and paper.attempts_per_day is None:
        return None
    if started is None:
        started = list(
            Attempt.objects.filter(paper=paper, member=member).values_list("started_at", flat=True)
        )
    day = day_start(now)
    return limits_reached(paper, len(started), sum(1 for at in started if at >= day))


def limits_reached(paper: Paper, total: int, today: int) -> str | None:
    """`limit_problem` from the member's counts of attempts on the paper: all, and today's."""
    if paper.attempts_total is not None and total >= paper.attempts_total:
        return f"该试卷每人最多可答{paper.attempts_total}次，您的次数已用完"
    if paper.attempts_per_day is not None and today >= paper.attempts_per_day:
        return f"该试卷每天最多可答{paper.attempts_per_day}次，请明天再来"
    return None


def start_problem(paper: Paper, member: Member, now: dt.datetime) -> str | None:
    """Why the member may not start a new attempt now (None: they may)."""
    if not in_audience(paper, member):
        return "您不在该试卷的答题范围内"
    return paper_open_problem(paper, now) or limit_problem(paper, member, now)


# ---------------------------------------------------------------- time-out


def deadline_for(paper: Paper, started: dt.datetime) -> dt.datetime | None:
    deadline = None
    if paper.time_limit_seconds:
        deadline = started + dt.timedelta(seconds=paper.time_limit_seconds)
    if paper.closes_at and (deadline is None or paper.closes_at < deadline):
        deadline = paper.closes_at
    return deadline


def _keys(attempt: Attempt) -> dict[int, scoring.AnswerKey]:
    return scoring.answer_keys(int(item["q"]) for item in attempt.layout)


def _finish(
    attempt: Attempt,
    *,
    status: str,
    at: dt.datetime,
    keys: dict[int, scoring.AnswerKey] | None = None,
) -> Attempt:
    """Score and store in one conditional UPDATE; a concurrent finish wins and is returned."""
    paper = attempt.paper
    keys = keys or _keys(attempt)
    result = scoring.score_attempt(
        layout=attempt.layout,
        answers=attempt.answers,
        keys=keys,
        multiple_rule=paper.multiple_rule,
        pass_mark=paper.pass_mark,
    )
    duration = max(0, int((at - attempt.started_at).total_seconds()))
    fields: dict[str, Any] = {
        **result.as_fields(),
        "status": status,
        "submitted_at": at,
        "duration_seconds": duration,
        "answers": attempt.answers,
    }
    if not lean.update_in_progress(attempt.pk, fields):
        attempt.refresh_from_db()
        return attempt
    for name, value in fields.items():
        setattr(attempt, name, value)
    return attempt


def is_due(attempt: Attempt, now: dt.datetime) -> bool:
    """The attempt is in progress and its deadline has passed (it expires on its next read)."""
    return (
        attempt.status == Attempt.Status.IN_PROGRESS
        and attempt.deadline is not None
        and now >= attempt.deadline
    )


def expire_if_due(attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Submit an in-progress attempt whose deadline has passed, with what was saved."""
    now = now or timezone.now()
    if is_due(attempt, now):
        return _finish(attempt, status=Attempt.Status.EXPIRED, at=attempt.deadline)
    return attempt


# ---------------------------------------------------------------- start


def start_attempt(
    *, member: Member, paper: Paper, now: dt.datetime | None = None, rate_limit: bool = True
) -> Attempt:
    """Resume the member's attempt in progress or start a new one (see module notes)."""
    now = now or timezone.now()
    if not in_audience(paper, member):
        raise AttemptError("您不在该试卷的答题范围内", code="not_eligible", status=403)
    if rate_limit:
        rate_start(member.pk)
    # One read of the member's attempts on this paper: the one in progress, the limits and
    # the next attempt's number; the draw comes from the paper's prepared data.
    mine = list(
        Attempt.objects.filter(paper=paper, member=member)
        .order_by("-started_at")
        .values_list("pk", "status", "started_at")
    )
    current_pk = next(
        (pk for pk, status, _at in mine if status == Attempt.Status.IN_PROGRESS), None
    )
    if current_pk is not None:
        current = expire_if_due(Attempt.objects.select_related("paper").get(pk=current_pk), now)
        if current.status == Attempt.Status.IN_PROGRESS:
            return current
    started = [at for _pk, _status, at in mine]
    problem = paper_open_problem(paper, now) or limit_problem(paper, member, now, started)
    if problem:
        raise AttemptError(problem, code="not_open")
    return begin_attempt(member=member, paper=paper, now=now, number=len(mine) + 1)


def begin_attempt(
    *,
    member: Member,
    paper: Paper,
    now: dt.datetime,
    number: int,
    banks: prepared.Banks | None = None,
    seen: lean.Seen | None = None,
) -> Attempt:
    """The member's `number`-th attempt on the paper, drawn from its prepared data, once the
    caller has found them eligible with none in progress (`start_attempt`, or the start lane
    from its one read, which brings the banks' figures of the paper's stamp along). A
    concurrent start of the same member (a double tap) wins and is returned: the database
    keeps one attempt in progress per member and paper (lean.insert_unless_in_progress).
    `seen`: the start lane's token's last use, written by the insert's statement."""
    ready = prepared.for_paper(paper, banks)
    layout = prepared.draw(ready, drawing.seed_for(paper.pk, member.pk, number))
    if not layout:
        raise AttemptError("该试卷没有可用的试题，请联系组织者", code="empty_paper")
    attempt = Attempt(
        paper=paper,
        member=member,
        org_id=member.org_id,
        started_at=now,
        deadline=deadline_for(paper, now),
        layout=layout,
        item_count=len(layout),
        max_score=ready.max_score,
    )
    current = lean.insert_unless_in_progress(attempt, seen=seen)  # one statement
    if current is not None:
        return Attempt.objects.select_related("paper").get(pk=current)
    return attempt


# ---------------------------------------------------------------- answers


def parse_answers(
    attempt: Attempt, payload: Any, keys: dict[int, scoring.AnswerKey] | None = None
) -> dict[str, list[int]]:
    """{question id: [shown positions]} -> {question id: [canonical indexes]}, or a Chinese
    AttemptError naming the problem. Nothing is stored when any entry is bad."""
    if not isinstance(payload, Mapping):
        raise AttemptError("答案格式有误：应为 {试题编号: [选项序号…]}", code="bad_answers")
    keys_by_q = {str(item["q"]): item for item in attempt.layout}
    types = keys or _keys(attempt)
    clean: dict[str, list[int]] = {}
    for raw_q, raw_choice in payload.items():
        qid = str(raw_q).strip()
        item = keys_by_q.get(qid)
        if item is None:
            raise AttemptError(f"试题 {qid} 不在本次答卷中", code="bad_answers")
        if raw_choice is None:
            raw_choice = []
        if isinstance(raw_choice, int | str):
            raw_choice = [raw_choice]
        if not isinstance(raw_choice, list):
            raise AttemptError(f"试题 {qid} 的答案应为选项序号列表", code="bad_answers")
        perm = item["perm"]
        shown: set[int] = set()
        for value in raw_choice:
            try:
                position = int(value)
            except (TypeError, ValueError):
                raise AttemptError(
                    f"试题 {qid} 的选项序号“{value}”无效", code="bad_answers"
                ) from None
            if isinstance(value, bool) or not 0 <= position < len(perm):
                raise AttemptError(f"试题 {qid} 没有第{position + 1}个选项", code="bad_answers")
            shown.add(position)
        if len(shown) > 1 and types[int(qid)].type != QuestionType.MULTIPLE:
            raise AttemptError(f"试题 {qid} 是单选题或判断题，只能选一个选项", code="bad_answers")
        clean[qid] = sorted(perm[p] for p in shown)
    return clean


def save_answers(*, attempt: Attempt, payload: Any, now: dt.datetime | None = None) -> Attempt:
    """Merge answers into an attempt in progress. After the deadline nothing is stored: the
    attempt is submitted with what it had and an AttemptError says so."""
    now = now or timezone.now()
    attempt = expire_if_due(attempt, now)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        raise AttemptError("本次答题已交卷，答案不能再修改", code="attempt_closed")
    clean = parse_answers(attempt, payload)
    merged = {**attempt.answers, **clean}
    updated = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.IN_PROGRESS).update(
        answers=merged
    )
    if not updated:
        raise AttemptError("本次答题已交卷，答案不能再修改", code="attempt_closed")
    attempt.answers = merged
    return attempt


def submit_attempt(
    *,
    attempt: Attempt,
    payload: Any = None,
    now: dt.datetime | None = None,
    rate_limit: bool = True,
) -> Attempt:
    """Submit (idempotent): final answers in `payload` are merged first when on time."""
    now = now or timezone.now()
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return attempt
    attempt = expire_if_due(attempt, now)
    if attempt.status != Attempt.Status.IN_PROGRESS:
        return attempt
    if rate_limit:
        _rate(
            "submit", attempt.member_id, "KESU_QUIZ_SUBMITS_PER_MINUTE", DEFAULT_SUBMITS_PER_MINUTE
        )
    keys = _keys(attempt)  # read once for both steps
    if payload:
        attempt.answers = {**attempt.answers, **parse_answers(attempt, payload, keys)}
    return _finish(attempt, status=Attempt.Status.SUBMITTED, at=now, keys=keys)


# ---------------------------------------------------------------- reading


def answers_shown(attempt: Attempt) -> dict[str, list[int]]:
    """The saved answers as the member sees them (shown positions)."""
    out = {}
    for item in attempt.layout:
        qid = str(item["q"])
        chosen = attempt.answers.get(qid)
        if chosen:
            perm = item["perm"]
            out[qid] = sorted(perm.index(c) for c in chosen if c in perm)
    return out


def answers_visible(attempt: Attempt, now: dt.datetime | None = None) -> bool:
    """Whether correct answers and explanations may be shown for this submitted attempt."""
    if attempt.status == Attempt.Status.IN_PROGRESS:
        return False
    policy = attempt.paper.show_answers
    if policy == Paper.ShowAnswers.AFTER_SUBMIT:
        return True
    if policy == Paper.ShowAnswers.AFTER_CLOSE:
        paper = attempt.paper
        now = now or timezone.now()
        return paper.status == Paper.Status.CLOSED or bool(
            paper.closes_at and now >= paper.closes_at
        )
    return False
