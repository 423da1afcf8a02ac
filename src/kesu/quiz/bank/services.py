"""Writes to question banks and questions: validation, versioning, duplicates, audit.

Versioning rule: a question is *used* once a paper pins it (PaperItem) or an attempt has
shown or answered it (its id in `Attempt.layout` or `Attempt.answers`). Editing a used
question writes a new row of the same family with `version + 1` and marks the old row
`is_current=False`, so old attempts keep the text and answer they saw. Unused questions,
and status-only changes (启用/停用), are updated in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.http import HttpRequest

from kesu.audit.services import audit_record, diff
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import apply_in_scope
from kesu.quiz.bank.validation import (  # noqa: F401 (re-exported for callers)
    CONTENT_FIELDS,
    DIFFICULTY,
    JUDGE_OPTIONS,
    LABELS,
    LETTERS,
    MAX_OPTIONS,
    QuestionError,
    clean_question,
    normalise_stem,
    parse_answer,
    stem_hash,
    text_value,
)
from kesu.quiz.models import Attempt, PaperItem, Question, QuestionBank
from kesu.quiz.papers import prepared

EXACT_SCAN_LIMIT = 2000  # attempts read to decide whether a question was used (is_used)


@dataclass
class SavedQuestion:
    question: Question
    duplicates: list[Question] = field(default_factory=list)  # same normalised stem nearby
    new_version: bool = False


# ---------------------------------------------------------------- banks


def _bank_snapshot(bank: QuestionBank) -> dict[str, Any]:
    return {"name": bank.name, "description": bank.description, "org": bank.org.code}


def _clean_bank(data: dict[str, Any], bank: QuestionBank | None) -> dict[str, str]:
    name = text_value(data.get("name", bank.name if bank else ""))
    if not name:
        raise QuestionError({"name": "题库名称不能为空"})
    if len(name) > 120:
        raise QuestionError({"name": "题库名称最多120个字"})
    return {
        "name": name,
        "description": text_value(data.get("description", bank.description if bank else "")),
    }


def bank_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> QuestionBank:
    """A bank owned by `org`, usable by its whole subtree."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean = _clean_bank(data, None)
    bank = QuestionBank(org=org, created_by=actor if getattr(actor, "pk", None) else None, **clean)
    with transaction.atomic():
        bank.save()
        audit_object(
            actor,
            "question_bank.create",
            bank,
            diff({}, _bank_snapshot(bank)),
            request,
            target_type="question_bank",
            org=org,
        )
    return bank


def bank_update(
    *, actor: Actor, bank: QuestionBank, data: dict[str, Any], request: HttpRequest | None = None
) -> QuestionBank:
    access.ensure_org_in_scope(actor, bank.org, access.CHANGE)
    clean = _clean_bank(data, bank)
    before = _bank_snapshot(bank)
    with transaction.atomic():
        apply_in_scope(actor, bank, clean)
        bank.save(update_fields=[*clean, "updated_at"])
        changes = diff(before, _bank_snapshot(bank))
        if changes:
            audit_object(
                actor, "question_bank.update", bank, changes, request, target_type="question_bank"
            )
    return bank


# ---------------------------------------------------------------- questions


def duplicates_in_banks(
    banks: Any, hashes: list[str], *, exclude_family: int | None = None
) -> dict[str, Question]:
    """stem hash -> a current question with that normalised stem in `banks`."""
    qs = Question.objects.filter(bank__in=banks, is_current=True, stem_hash__in=hashes)
    if exclude_family is not None:
        qs = qs.exclude(family=exclude_family)
    return {q.stem_hash: q for q in qs.select_related("bank").order_by("-id")}


def _usable(bank: QuestionBank) -> Any:
    from kesu.quiz.bank.selectors import usable_banks

    return usable_banks(bank.org)


def next_families(count: int) -> list[int]:
    """`count` unused family numbers (callers retry on a rare concurrent collision)."""
    top = Question.objects.aggregate(m=Max("family"))["m"] or 0
    return list(range(top + 1, top + 1 + count))


def is_used(question: Question) -> bool:
    """Pinned by a paper, or shown/answered in an attempt (see the module docstring).

    Only attempts that could hold this row are read: papers of the bank's subtree (banks
    are shared downward), attempts created after the row. If more than EXACT_SCAN_LIMIT
    such attempts exist (a large contest drawing from the bank) the answer is a
    conservative yes: a new version never harms, while reading every layout would take
    seconds (measured on PostgreSQL here: 1.9 s for 12,000 attempts of 20 items; the
    bounded check answers in ~40 ms).
    """
    pk = question.pk
    if PaperItem.objects.filter(question_id=pk).exists():
        return True
    candidates = Attempt.objects.filter(
        paper__org__path__startswith=question.bank.org.path, created_at__gte=question.created_at
    ).exclude(source=Attempt.Source.SCORES)
    ids = list(candidates.values_list("pk", flat=True)[: EXACT_SCAN_LIMIT + 1])
    if len(ids) > EXACT_SCAN_LIMIT:
        return True
    if not ids:
        return False
    attempts = Attempt.objects.filter(pk__in=ids)
    if attempts.filter(answers__has_key=str(pk)).exists():
        return True
    if connection.vendor == "postgresql":
        return attempts.filter(layout__contains=[{"q": pk}]).exists()
    table = connection.ops.quote_name(Attempt._meta.db_table)
    marks = ",".join(["%s"] * len(ids))
    with connection.cursor() as cursor:  # SQLite: no JSON containment lookup
        cursor.execute(
            f"SELECT 1 FROM {table} a, json_each(a.layout) e "  # noqa: S608
            f"WHERE a.id IN ({marks}) AND json_extract(e.value, '$.q') = %s LIMIT 1",
            [*ids, pk],
        )
        return cursor.fetchone() is not None


def _snapshot(q: Question) -> dict[str, Any]:
    return {f: getattr(q, f) for f in (*CONTENT_FIELDS, "status")}


def question_create(
    *, actor: Actor, bank: QuestionBank, data: dict[str, Any], request: HttpRequest | None = None
) -> SavedQuestion:
    """Create a question in `bank`; duplicates in the usable banks are returned as a warning."""
    access.ensure_org_in_scope(actor, bank.org, access.CHANGE)
    clean = clean_question(data)
    digest = stem_hash(clean["stem"])
    dups = list(duplicates_in_banks(_usable(bank), [digest]).values())
    for attempt in range(3):
        try:
            with transaction.atomic():
                question = Question.objects.create(
                    bank=bank,
                    family=next_families(1)[0],
                    stem_hash=digest,
                    created_by=actor if getattr(actor, "pk", None) else None,
                    **clean,
                )
                prepared.touch_bank(bank.pk)
                audit_object(
                    actor,
                    "question.create",
                    question,
                    diff({}, _snapshot(question)),
                    request,
                    label=question.stem[:60],
                    org=bank.org,
                )
            break
        except IntegrityError:
            if attempt == 2:
                raise
    return SavedQuestion(question=question, duplicates=dups)


def question_update(
    *, actor: Actor, question: Question, data: dict[str, Any], request: HttpRequest | None = None
) -> SavedQuestion:
    """Edit the current version; a used question gets a new version (same family)."""
    access.ensure_org_in_scope(actor, question.bank.org, access.CHANGE)
    if not question.is_current:
        raise QuestionError({"stem": "只能修改试题的当前版本"})
    data = {k: v for k, v in data.items() if k in (*CONTENT_FIELDS, "status")}
    clean = clean_question(data, base=question)
    before = _snapshot(question)
    changes = diff(before, clean)
    if not changes:
        return SavedQuestion(question=question)
    digest = stem_hash(clean["stem"])
    dups = list(
        duplicates_in_banks(
            _usable(question.bank), [digest], exclude_family=question.family
        ).values()
    )
    content_changed = any(key in CONTENT_FIELDS for key in changes)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if not locked.is_current:
            raise QuestionError({"stem": "该试题已被他人修改，请刷新后重试"})
        new_version = content_changed and is_used(locked)
        if new_version:
            Question.objects.filter(pk=locked.pk).update(is_current=False)
            saved = Question.objects.create(
                bank_id=locked.bank_id,
                family=locked.family,
                version=locked.version + 1,
                stem_hash=digest,
                created_by=actor if getattr(actor, "pk", None) else None,
                **clean,
            )
            question.is_current = False
        else:
            for key, value in clean.items():
                setattr(question, key, value)
            question.stem_hash = digest
            question.save(update_fields=[*clean, "stem_hash"])
            saved = question
        prepared.touch_bank(locked.bank_id)  # its papers' pools and its displays are read again
        action = "question.new_version" if new_version else "question.update"
        audit_record(
            actor=actor,
            action=action,
            target_type="question",
            target_id=saved.pk,
            target_repr=saved.stem[:60],
            org_path=question.bank.org.path,
            changes={**changes, "version": [locked.version, saved.version]}
            if new_version
            else changes,
            request=request,
        )
    return SavedQuestion(question=saved, duplicates=dups, new_version=new_version)


def question_retire(
    *, actor: Actor, question: Question, request: HttpRequest | None = None
) -> Question:
    """停用: no longer drawn into new papers; attempts and history are unaffected."""
    return question_update(
        actor=actor, question=question, data={"status": Question.Status.RETIRED}, request=request
    ).question
