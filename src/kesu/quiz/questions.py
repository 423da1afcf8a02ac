"""Writes to question banks and questions: validation, versioning, duplicates, audit.

Versioning rule: a question is *used* once a paper pins it (PaperItem) or an attempt has
shown or answered it (its id in `Attempt.layout` or `Attempt.answers`). Editing a used
question writes a new row of the same family with `version + 1` and marks the old row
`is_current=False`, so old attempts keep the text and answer they saw. Unused questions,
and status-only changes (启用/停用), are updated in place.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.http import HttpRequest

from kesu.audit.services import audit_record, diff
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt, Dimension, PaperItem, Question, QuestionBank, QuestionType

JUDGE_OPTIONS = ["正确", "错误"]
LETTERS = "ABCDEF"
MAX_OPTIONS = len(LETTERS)
DIFFICULTY = {1: "易", 2: "中", 3: "难"}
# Fields whose change on a used question makes a new version (status changes stay in place).
CONTENT_FIELDS = ("type", "stem", "options", "answer", "explanation", "topic", "difficulty",
                  "dimension", "benchmark_code", "source", "intl_code", "intl_rates")  # fmt: skip
LABELS = {
    "name": "题库名称", "description": "说明", "type": "题型", "stem": "题干", "options": "选项",
    "answer": "正确答案", "explanation": "解析", "topic": "主题", "difficulty": "难度",
    "dimension": "维度", "benchmark_code": "基准点", "source": "来源", "status": "状态",
    "intl_code": "国际比较题号", "intl_rates": "国际正确率", "bank": "题库",
}  # fmt: skip


class QuestionError(ValueError):
    """Field errors in Chinese: {field: message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


@dataclass
class SavedQuestion:
    question: Question
    duplicates: list[Question] = field(default_factory=list)  # same normalised stem nearby
    new_version: bool = False


# ---------------------------------------------------------------- parsing


_STRIP = {"P", "S", "Z", "C"}  # punctuation, symbols, separators, control characters


def normalise_stem(text: str) -> str:
    """Full-width → half-width (NFKC), lower case, no spaces, punctuation or symbols."""
    folded = unicodedata.normalize("NFKC", str(text or "")).lower()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in _STRIP)


def stem_hash(text: str) -> str:
    return hashlib.sha256(normalise_stem(text).encode()).hexdigest()


def _choice(value: Any, choices: Any, field_name: str, errors: dict[str, str]) -> str:
    text = str(value or "").strip()
    for code, label in choices:
        if text in (code, str(label)):
            return code
    names = "、".join(str(label) for _, label in choices)
    errors[field_name] = f"取值“{text}”无效，可选：{names}" if text else "此项为必填项"
    return ""


def parse_type(value: Any, errors: dict[str, str]) -> str:
    aliases = {"单选题": "single", "多选题": "multiple", "判断题": "judge", "是非": "judge",
               "对错": "judge"}  # fmt: skip
    text = str(value or "").strip()
    return aliases.get(text) or _choice(text, QuestionType.choices, "type", errors)


def parse_options(value: Any) -> list[str]:
    """A list, or text with one option per line; blanks dropped, "A." prefixes removed."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else str(value).splitlines()
    out = []
    for item in items:
        text = str(item if item is not None else "").strip()
        text = re.sub(r"^[A-Fa-f][.．、:：)）]\s*", "", text)
        if text:
            out.append(text)
    return out


_TRUE = {"对", "正确", "√", "✓", "是", "t", "true", "y", "yes"}
_FALSE = {"错", "错误", "×", "✗", "x", "否", "f", "false", "n", "no"}


def parse_answer(value: Any, qtype: str) -> list[int] | str:
    """Indexes into the options, or a Chinese message. Accepts [0, 2], "A", "ABD", "A,B",
    and for 判断 "对"/"错"/"正确"/"错误"/"√"/"×" (or "A"/"B")."""
    if isinstance(value, list | tuple):
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            return "应为选项序号列表"
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text:
        return "未填写正确答案"
    if qtype == "judge":
        if text.lower() in _TRUE:
            return [0]
        if text.lower() in _FALSE:
            return [1]
    letters = re.sub(r"[\s,，、;；]", "", text).upper()
    if not letters or any(ch not in LETTERS for ch in letters):
        hint = "对/错" if qtype == "judge" else "选项字母，如 A 或 ABD"
        return f"“{text}”无法识别，应填写{hint}"
    return sorted({LETTERS.index(ch) for ch in letters})


def _is_true_false(options: list[str]) -> bool:
    if len(options) != 2:
        return False
    first, second = (unicodedata.normalize("NFKC", o).strip().lower() for o in options)
    return first in _TRUE and second in _FALSE


def _difficulty(value: Any, errors: dict[str, str]) -> int:
    text = str(value if value is not None else "").strip()
    lookup = {"易": 1, "容易": 1, "简单": 1, "中": 2, "中等": 2, "一般": 2, "难": 3, "困难": 3,
              "较难": 3}  # fmt: skip
    if text in lookup:
        return lookup[text]
    try:
        number = int(float(text))
    except ValueError:
        errors["difficulty"] = f"取值“{text}”无效，应为 易/中/难 或 1–3"
        return 2
    if number not in DIFFICULTY:
        errors["difficulty"] = "应为 易/中/难 或 1–3"
    return number


def _text(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value).strip()
    return text[:limit] if limit else text


def clean_question(data: dict[str, Any], *, base: Question | None = None) -> dict[str, Any]:
    """Validate a whole question (`data` over the values of `base`); raise QuestionError."""
    errors: dict[str, str] = {}
    merged: dict[str, Any] = {}
    if base is not None:
        merged = {f: getattr(base, f) for f in (*CONTENT_FIELDS, "status")}
    merged.update(data)
    clean: dict[str, Any] = {}
    qtype = parse_type(merged.get("type"), errors)
    clean["type"] = qtype
    clean["stem"] = _text(merged.get("stem"))
    if not clean["stem"]:
        errors["stem"] = "题干不能为空"
    elif len(clean["stem"]) > 2000:
        errors["stem"] = "题干过长（最多2000字）"
    options = parse_options(merged.get("options"))
    if qtype == "judge" and (not options or _is_true_false(options)):
        options = list(JUDGE_OPTIONS)  # "对/错", "√/×", "是/否" are written as 正确/错误
    clean["options"] = options
    if qtype == "judge" and options != JUDGE_OPTIONS:
        errors["options"] = "判断题的选项应为“正确”“错误”两项"
    elif len(options) < 2:
        errors["options"] = "至少需要2个选项"
    elif len(options) > MAX_OPTIONS:
        errors["options"] = f"最多{MAX_OPTIONS}个选项（A–F）"
    elif len({normalise_stem(o) for o in options}) < len(options):
        errors["options"] = "选项有重复"
    answer = parse_answer(merged.get("answer"), qtype)
    if isinstance(answer, str):
        errors["answer"] = answer
    elif not answer:
        errors["answer"] = "未填写正确答案"
    elif any(i < 0 or i >= len(options) for i in answer) and "options" not in errors:
        shown = "、".join(LETTERS[i] if 0 <= i < MAX_OPTIONS else str(i) for i in answer)
        errors["answer"] = f"正确答案 {shown} 不在选项范围内（共{len(options)}个选项）"
    elif qtype in ("single", "judge") and len(answer) != 1:
        errors["answer"] = f"{'单选题' if qtype == 'single' else '判断题'}只能有一个正确答案"
    elif qtype == "multiple" and len(answer) < 2:
        errors["answer"] = "多选题至少需要2个正确答案"
    clean["answer"] = answer if isinstance(answer, list) else []
    clean["explanation"] = _text(merged.get("explanation"))
    clean["topic"] = _text(merged.get("topic"), 60)
    clean["difficulty"] = _difficulty(merged.get("difficulty", 2), errors)
    clean["dimension"] = _choice(merged.get("dimension"), Dimension.choices, "dimension", errors)
    clean["benchmark_code"] = _text(merged.get("benchmark_code"), 20)
    clean["source"] = _text(merged.get("source"), 200)
    status = merged.get("status") or Question.Status.ACTIVE
    clean["status"] = _choice(status, Question.Status.choices, "status", errors)
    clean["intl_code"] = _text(merged.get("intl_code"), 20)
    rates = merged.get("intl_rates") or {}
    if not isinstance(rates, dict) or not all(
        isinstance(v, int | float) and 0 <= v <= 100 for v in rates.values()
    ):
        errors["intl_rates"] = '应为 {"CN2015": 47} 形式的百分数'
    clean["intl_rates"] = rates if isinstance(rates, dict) else {}
    if errors:
        raise QuestionError(errors)
    return clean


# ---------------------------------------------------------------- banks


def _bank_snapshot(bank: QuestionBank) -> dict[str, Any]:
    return {"name": bank.name, "description": bank.description, "org": bank.org.code}


def _clean_bank(data: dict[str, Any], bank: QuestionBank | None) -> dict[str, str]:
    name = _text(data.get("name", bank.name if bank else ""))
    if not name:
        raise QuestionError({"name": "题库名称不能为空"})
    if len(name) > 120:
        raise QuestionError({"name": "题库名称最多120个字"})
    return {
        "name": name,
        "description": _text(data.get("description", bank.description if bank else "")),
    }


def bank_create(
    *, actor: Any, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> QuestionBank:
    """A bank owned by `org`, usable by its whole subtree."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean = _clean_bank(data, None)
    bank = QuestionBank(org=org, created_by=actor if getattr(actor, "pk", None) else None,
                        **clean)  # fmt: skip
    with transaction.atomic():
        bank.save()
        audit_record(actor=actor, action="question_bank.create", target_type="question_bank",
                     target_id=bank.pk, target_repr=bank.name, org_path=org.path,
                     changes=diff({}, _bank_snapshot(bank)), request=request)  # fmt: skip
    return bank


def bank_update(
    *, actor: Any, bank: QuestionBank, data: dict[str, Any], request: HttpRequest | None = None
) -> QuestionBank:
    access.ensure_org_in_scope(actor, bank.org, access.CHANGE)
    clean = _clean_bank(data, bank)
    before = _bank_snapshot(bank)
    with transaction.atomic():
        locked = QuestionBank.objects.select_for_update().select_related("org").get(pk=bank.pk)
        access.ensure_org_in_scope(actor, locked.org, access.CHANGE)
        for key, value in clean.items():
            setattr(bank, key, value)
        bank.save(update_fields=[*clean, "updated_at"])
        changes = diff(before, _bank_snapshot(bank))
        if changes:
            audit_record(actor=actor, action="question_bank.update", target_type="question_bank",
                         target_id=bank.pk, target_repr=bank.name, org_path=bank.org.path,
                         changes=changes, request=request)  # fmt: skip
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
    from kesu.quiz.bank_selectors import usable_banks

    return usable_banks(bank.org)


def next_families(count: int) -> list[int]:
    """`count` unused family numbers (callers retry on a rare concurrent collision)."""
    top = Question.objects.aggregate(m=Max("family"))["m"] or 0
    return list(range(top + 1, top + 1 + count))


def is_used(question: Question) -> bool:
    """Pinned by a paper, or shown/answered in an attempt (see the module docstring)."""
    pk = question.pk
    if PaperItem.objects.filter(question_id=pk).exists():
        return True
    # Only papers of the bank's subtree can draw from it (banks are shared downward).
    attempts = Attempt.objects.filter(paper__org__path__startswith=question.bank.org.path)
    if attempts.filter(answers__has_key=str(pk)).exists():
        return True
    if connection.vendor == "postgresql":
        return attempts.filter(layout__contains=[{"q": pk}]).exists()
    table = connection.ops.quote_name(Attempt._meta.db_table)
    scope, params = attempts.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:  # SQLite: no JSON containment lookup
        cursor.execute(
            f"SELECT 1 FROM {table} a, json_each(a.layout) e "  # noqa: S608
            f"WHERE a.id IN ({scope}) AND json_extract(e.value, '$.q') = %s LIMIT 1",
            [*params, pk],
        )
        return cursor.fetchone() is not None


def _snapshot(q: Question) -> dict[str, Any]:
    return {f: getattr(q, f) for f in (*CONTENT_FIELDS, "status")}


def question_create(
    *, actor: Any, bank: QuestionBank, data: dict[str, Any], request: HttpRequest | None = None
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
                    bank=bank, family=next_families(1)[0], stem_hash=digest,
                    created_by=actor if getattr(actor, "pk", None) else None, **clean,
                )  # fmt: skip
                audit_record(actor=actor, action="question.create", target_type="question",
                             target_id=question.pk, target_repr=question.stem[:60],
                             org_path=bank.org.path, changes=diff({}, _snapshot(question)),
                             request=request)  # fmt: skip
            break
        except IntegrityError:
            if attempt == 2:
                raise
    return SavedQuestion(question=question, duplicates=dups)


def question_update(
    *, actor: Any, question: Question, data: dict[str, Any], request: HttpRequest | None = None
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
    dups = list(duplicates_in_banks(_usable(question.bank), [digest],
                                    exclude_family=question.family).values())  # fmt: skip
    content_changed = any(key in CONTENT_FIELDS for key in changes)
    with transaction.atomic():
        locked = Question.objects.select_for_update().get(pk=question.pk)
        if not locked.is_current:
            raise QuestionError({"stem": "该试题已被他人修改，请刷新后重试"})
        new_version = content_changed and is_used(locked)
        if new_version:
            Question.objects.filter(pk=locked.pk).update(is_current=False)
            saved = Question.objects.create(
                bank_id=locked.bank_id, family=locked.family, version=locked.version + 1,
                stem_hash=digest, created_by=actor if getattr(actor, "pk", None) else None,
                **clean,
            )  # fmt: skip
            question.is_current = False
        else:
            for key, value in clean.items():
                setattr(question, key, value)
            question.stem_hash = digest
            question.save(update_fields=[*clean, "stem_hash"])
            saved = question
        action = "question.new_version" if new_version else "question.update"
        audit_record(actor=actor, action=action, target_type="question", target_id=saved.pk,
                     target_repr=saved.stem[:60], org_path=question.bank.org.path,
                     changes={**changes, "version": [locked.version, saved.version]}
                     if new_version else changes, request=request)  # fmt: skip
    return SavedQuestion(question=saved, duplicates=dups, new_version=new_version)


def question_retire(
    *, actor: Any, question: Question, request: HttpRequest | None = None
) -> Question:
    """停用: no longer drawn into new papers; attempts and history are unaffected."""
    return question_update(actor=actor, question=question,
                           data={"status": Question.Status.RETIRED}, request=request).question  # fmt: skip
