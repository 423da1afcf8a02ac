"""Reads of papers and attempts for pages, API, exports and the member's own pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Max, Q, QuerySet
from django.utils import timezone

from kesu.core.actors import Actor
from kesu.core.filters import where_given
from kesu.members.models import Member
from kesu.orgs import access
from kesu.quiz.attempts import services as attempt_rules
from kesu.quiz.models import Attempt, Paper, Question

DONE = (Attempt.Status.SUBMITTED, Attempt.Status.EXPIRED)


def _ancestor_paths(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["/" + "/".join(codes[: i + 1]) + "/" for i in range(len(codes))]


# ---------------------------------------------------------------- staff


def paper_list(*, user: Actor, q: str = "", status: str = "", purpose: str = "") -> QuerySet[Paper]:
    qs = access.restrict(Paper.objects.select_related("org"), user)
    qs = where_given(qs, title__contains=q, status=status, purpose=purpose)
    return qs.annotate(
        attempt_count=Count("attempts", filter=Q(attempts__status__in=DONE))
    ).order_by("-created_at", "-id")


def paper_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Paper:
    return access.get_for_user(Paper.objects.select_related("org"), user, action, pk=pk)


def paper_questions(paper: Paper) -> list[Any]:
    if paper.mode == Paper.Mode.FIXED:
        return list(paper.items.select_related("question", "question__bank"))
    return list(paper.rules.select_related("bank"))


def attempts_for_paper(paper: Paper, *, done_only: bool = True) -> QuerySet[Attempt]:
    qs = Attempt.objects.filter(paper=paper).select_related("member", "org")
    if done_only:
        qs = qs.filter(status__in=DONE)
    return qs.order_by("-score", "duration_seconds", "id")


@dataclass
class ItemRate:
    question: Question
    answered: int
    correct: int

    @property
    def rate(self) -> Decimal | None:
        if not self.answered:
            return None
        return (Decimal(self.correct) * 100 / self.answered).quantize(Decimal("0.1"))


def paper_summary(paper: Paper) -> dict[str, Any]:
    done = Attempt.objects.filter(paper=paper, status__in=DONE)
    agg = done.aggregate(
        n=Count("id"),
        people=Count("member", distinct=True),
        avg=Avg("score"),
        best=Max("score"),
        passed=Count("id", filter=Q(passed=True)),
    )
    if agg["avg"] is not None:
        agg["avg"] = Decimal(agg["avg"]).quantize(Decimal("0.01"))
    agg["in_progress"] = Attempt.objects.filter(
        paper=paper, status=Attempt.Status.IN_PROGRESS
    ).count()
    return agg


def item_rates(paper: Paper, *, limit: int = 50_000) -> list[ItemRate]:
    """Per question: how many submitted attempts had it and how many earned full points."""
    answered: dict[int, int] = defaultdict(int)
    correct: dict[int, int] = defaultdict(int)
    rows = (
        Attempt.objects.filter(paper=paper, status__in=DONE)
        .values_list("layout", "results")
        .order_by("id")[:limit]
    )
    for layout, results in rows:
        for item in layout:
            qid = int(item["q"])
            answered[qid] += 1
            if Decimal(results.get(str(qid), "0")) == Decimal(str(item["points"])):
                correct[qid] += 1
    order = (
        [int(i.question_id) for i in paper.items.all()] if paper.mode == Paper.Mode.FIXED else []
    )
    questions = Question.objects.in_bulk(list(answered) or order)
    ids = order + sorted(set(answered) - set(order))
    return [
        ItemRate(questions[q], answered.get(q, 0), correct.get(q, 0)) for q in ids if q in questions
    ]


# ---------------------------------------------------------------- members


def member_of(user: Actor) -> Member | None:
    if not user.is_authenticated or not getattr(user, "member_id", None):
        return None
    return Member.objects.select_related("org").get(pk=user.member_id)


def open_papers_for(member: Member, *, now=None) -> list[dict[str, Any]]:
    """Published, open papers whose audience contains the member, with why one can't be
    started now (limits) and the attempt in progress to resume."""
    now = now or timezone.now()
    papers = (
        Paper.objects.filter(
            status=Paper.Status.PUBLISHED, org__path__in=_ancestor_paths(member.org.path)
        )
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("org")
        .order_by("closes_at", "-created_at")
    )
    in_progress = {
        a.paper_id: a
        for a in Attempt.objects.filter(member=member, status=Attempt.Status.IN_PROGRESS)
    }
    out = []
    for paper in papers:
        current = in_progress.get(paper.pk)
        if current is not None and attempt_rules.is_due(current, now):
            current = None  # expires on its next read; the paper may be started again
        problem = None if current else attempt_rules.limit_problem(paper, member, now)
        out.append({"paper": paper, "resume": current, "problem": problem})
    return out


def member_attempts(member: Member) -> QuerySet[Attempt]:
    return (
        Attempt.objects.filter(member=member, status__in=DONE)
        .select_related("paper")
        .order_by("-submitted_at", "-id")
    )


def attempt_for_member(member: Member | None, pk: Any) -> Attempt:
    """The member's own attempt or NotFound (another member's id looks missing)."""
    if member is None:
        raise access.NotFound()
    try:
        return Attempt.objects.select_related("paper").get(pk=int(pk), member_id=member.pk)
    except (Attempt.DoesNotExist, ValueError, TypeError):
        raise access.NotFound() from None


def attempt_view(attempt: Attempt) -> list[dict[str, Any]]:
    """The questions of an attempt as shown: options in shown order, chosen positions, and
    (for the result page) the correct positions and earned points."""
    questions = Question.objects.in_bulk([int(i["q"]) for i in attempt.layout])
    from kesu.quiz.attempts.scoring import option_texts

    chosen = attempt_rules.answers_shown(attempt)
    out = []
    for n, item in enumerate(attempt.layout, start=1):
        question = questions[int(item["q"])]
        texts = option_texts(question)
        perm = item["perm"]
        correct = {perm.index(c) for c in question.answer if c in perm}
        mine = set(chosen.get(str(question.pk), []))
        out.append(
            {
                "n": n,
                "question": question,
                "points": item["points"],
                "options": [
                    {
                        "pos": p,
                        "letter": chr(65 + p),
                        "text": texts[c],
                        "chosen": p in mine,
                        "correct": p in correct,
                    }
                    for p, c in enumerate(perm)
                ],
                "earned": attempt.results.get(str(question.pk)),
            }
        )
    return out
