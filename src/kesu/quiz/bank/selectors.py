"""Reads of question banks and questions: pages, API, import/export and papers share these.

Visibility: a bank is owned by an organisation and shared downward, so a user sees the
banks of their whole subtree (which they may edit, given a writing role) plus the banks of
their ancestors (read and use only: a district cannot edit the city's bank).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from kesu.core.actors import Actor
from kesu.core.filters import Filters
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Question, QuestionBank


def ancestor_codes(org: Organization) -> list[str]:
    """Codes of `org` and every organisation above it ("/HZ/HZ-A/" -> ["HZ", "HZ-A"])."""
    return [code for code in org.path.split("/") if code]


def usable_banks(org: Organization) -> QuerySet[QuestionBank]:
    """Banks owned by `org` or any ancestor: what a paper of `org` may draw from."""
    return QuestionBank.objects.filter(org__code__in=ancestor_codes(org))


def _visible_filter(user: Actor) -> Q | None:
    """None: everything (superuser); else subtree or ancestors of the user's organisation."""
    prefix = access.scope_path(user)
    if prefix is None:
        return None
    return Q(org__path__startswith=prefix) | Q(org__code__in=ancestor_codes(user.org))


def bank_list(user: Actor, *, q: str = "") -> QuerySet[QuestionBank]:
    if not access.can(user, access.VIEW):
        return QuestionBank.objects.none()
    qs = QuestionBank.objects.select_related("org")
    visible = _visible_filter(user)
    if visible is not None:
        qs = qs.filter(visible)
    if q:
        qs = qs.filter(name__contains=q)
    current = Q(questions__is_current=True)
    return qs.annotate(
        question_count=Count("questions", filter=current),
        active_count=Count("questions", filter=current & Q(questions__status="active")),
    ).order_by("org__path", "name", "id")


def bank_get(user: Actor, pk: Any, action: str = access.VIEW) -> QuestionBank:
    """One bank: VIEW reaches ancestors' banks too; CHANGE only banks of the subtree."""
    qs = QuestionBank.objects.select_related("org")
    if action != access.VIEW:
        return access.get_for_user(qs, user, action, pk=pk)
    if not access.can(user, access.VIEW):
        raise access.NotFound()
    visible = _visible_filter(user)
    try:
        return (qs if visible is None else qs.filter(visible)).get(pk=pk)
    except (QuestionBank.DoesNotExist, ValueError, TypeError):
        raise access.NotFound() from None


def can_edit_bank(user: Actor, bank: QuestionBank) -> bool:
    if not access.can(user, access.CHANGE):
        return False
    prefix = access.scope_path(user)
    return prefix is None or bank.org.path.startswith(prefix)


@dataclass
class QuestionFilters(Filters):
    bank: str = ""  # bank id
    type: str = ""
    dimension: str = ""
    topic: str = ""
    status: str = ""
    difficulty: str = ""
    q: str = ""  # stem contains
    intl: str = ""  # "yes": only items with an international comparison code


def question_list(
    user: Actor, *, bank: QuestionBank | None = None, filters: QuestionFilters | None = None
) -> QuerySet[Question]:
    """Current versions of the questions in the banks the user can see."""
    f = filters or QuestionFilters()
    banks = bank_list(user)
    if bank is not None:
        banks = banks.filter(pk=bank.pk)
    elif f.bank:
        banks = banks.filter(pk=int(f.bank)) if f.bank.isdigit() else banks.none()
    qs = Question.objects.filter(bank__in=banks.values("pk"), is_current=True)
    for name in ("type", "dimension", "topic", "status"):
        if getattr(f, name):
            qs = qs.filter(**{name: getattr(f, name)})
    if f.difficulty.isdigit():
        qs = qs.filter(difficulty=int(f.difficulty))
    if f.q:
        qs = qs.filter(stem__contains=f.q)
    if f.intl == "yes":
        qs = qs.exclude(intl_code="")
    return qs.select_related("bank", "bank__org").order_by("bank_id", "family")


def question_get(user: Actor, pk: Any, action: str = access.VIEW) -> Question:
    """A question (any version) in a bank the user can see (or edit, for CHANGE)."""
    try:
        question = Question.objects.select_related("bank", "bank__org").get(pk=int(pk))
    except (Question.DoesNotExist, ValueError, TypeError):
        raise access.NotFound() from None
    bank_get(user, question.bank_id, action)
    return question


def question_versions(question: Question) -> QuerySet[Question]:
    return Question.objects.filter(family=question.family).order_by("-version")


def bank_topics(bank: QuestionBank) -> list[str]:
    rows = bank.questions.filter(is_current=True).exclude(topic="").values_list("topic", flat=True)
    return sorted(set(rows))


def starter_bank_above(org: Organization, name: str) -> QuestionBank | None:
    """The starter bank (by name) of an ancestor of `org`, if one is already shared down."""
    above = [code for code in ancestor_codes(org) if code != org.code]
    return QuestionBank.objects.filter(org__code__in=above, name=name).select_related("org").first()
