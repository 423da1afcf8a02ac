"""Prepared paper data for starting attempts: the contest opening minute.

When a contest opens, tens of thousands of members start the same paper within a minute.
Every start needs the same things of that paper: its rules, the ids and filter columns of
the questions it may draw from, how many options each has, and its maximum score; every
display of an attempt needs each question's stem and option texts. Those are read once,
kept in Django's cache (Redis when KESU_REDIS_URL is set, local memory otherwise) and
served from there.

Invalidation is by key, not by message, so it also holds with a per-process local-memory
cache: the pool's key carries a *stamp* read from the database on every start — the
paper's `updated_at` (every paper service touches it: edits, items, rules, publish,
close), its organisation's path, and the newest `updated_at` and the number of the banks it
may use (every question service touches its bank, see `touch_bank`). Any change gives a new
key; the old entry simply ages out.

What is cached never holds an answer or an explanation: the draw needs ids, types and
option counts; display needs stem and option texts. A question's display is keyed by its
id: a question that has been shown is in an attempt's layout, hence "used", and editing a
used question writes a new version (a new id) — its in-place edits (status only, or before
first use) drop the entry anyway (`forget_shown`).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone

from kesu.quiz.attempts.scoring import option_texts
from kesu.quiz.models import Paper, PaperRule, Question, QuestionBank, QuestionType

PREFIX = "kesu:quiz:"
POOL_SECONDS = 6 * 3600  # an unchanged paper is re-read at most four times a day
SHOWN_SECONDS = 24 * 3600


class Rule(NamedTuple):
    """A paper rule as plain values (what `drawing._matches` and the draw read)."""

    type: str
    count: int
    points: Decimal
    bank_id: int | None
    topic: str
    dimension: str


class PoolRow(NamedTuple):
    pk: int
    type: str
    bank_id: int
    topic: str
    dimension: str
    options: int  # how many options the question shows


class Prepared(NamedTuple):
    """Everything a draw needs for one paper at one stamp."""

    mode: str
    shuffle: bool
    rules: tuple[Rule, ...]
    rows: tuple[PoolRow, ...]  # random papers: the usable questions of the rules' types
    fixed: tuple[tuple[PoolRow, Decimal], ...]  # fixed papers: questions and points in order
    max_score: Decimal


def rule_of(rule: PaperRule) -> Rule:
    return Rule(rule.type, rule.count, rule.points, rule.bank_id, rule.topic, rule.dimension)


def _row(q: Question) -> PoolRow:
    return PoolRow(q.pk, q.type, q.bank_id, q.topic, q.dimension, len(option_texts(q)))


def build(paper: Paper, rules: list[PaperRule] | None = None) -> Prepared:
    """Read a paper's draw data from the database (no cache)."""
    from kesu.quiz.papers.drawing import usable_questions

    if paper.mode == Paper.Mode.FIXED:
        items = paper.items.select_related("question").order_by("position", "id")
        fixed = tuple((_row(i.question), i.points) for i in items)
        total = sum((points for _row_, points in fixed), Decimal(0))
        return Prepared(paper.mode, paper.shuffle_options, (), (), fixed, total)
    if rules is None:
        rules = list(paper.rules.all().order_by("position", "id"))
    specs = tuple(rule_of(r) for r in rules)
    rows: tuple[PoolRow, ...] = ()
    if specs:
        qs = (
            usable_questions(paper.org)
            .filter(type__in={r.type for r in specs})
            .order_by("pk")
            .only("id", "type", "bank_id", "topic", "dimension", "options")
        )
        rows = tuple(_row(q) for q in qs)
    total = sum((r.points * r.count for r in specs), Decimal(0))
    return Prepared(paper.mode, paper.shuffle_options, specs, rows, (), total)


def _stamp(paper: Paper) -> str:
    from kesu.quiz.papers.drawing import usable_banks

    banks = usable_banks(paper.org).aggregate(at=Max("updated_at"), n=Count("id"))
    at = banks["at"].timestamp() if banks["at"] else 0
    return f"{paper.pk}:{paper.updated_at.timestamp()}:{paper.org.path}:{at}:{banks['n']}"


def for_paper(paper: Paper) -> Prepared:
    """The paper's draw data from the cache (one small query checks it is current)."""
    key = PREFIX + "pool:" + _stamp(paper)
    found = cache.get(key)
    if found is None:
        found = build(paper)
        cache.set(key, found, POOL_SECONDS)
    return found


def _perm(rng: random.Random, row: PoolRow, shuffle: bool) -> list[int]:
    order = list(range(row.options))
    if shuffle and row.type != QuestionType.JUDGE:
        rng.shuffle(order)
    return order


def draw(prepared: Prepared, seed: str, shuffle: bool | None = None) -> list[dict]:
    """The layout of one attempt (see kesu.quiz.papers.drawing: same questions, same orders)."""
    from kesu.quiz.papers.drawing import _matches

    rng = random.Random(seed)
    shuffle = prepared.shuffle if shuffle is None else shuffle
    if prepared.mode == Paper.Mode.FIXED:
        return [
            {"q": row.pk, "perm": _perm(rng, row, shuffle), "points": str(points)}
            for row, points in prepared.fixed
        ]
    taken: set[int] = set()
    drawn: list[tuple[PoolRow, Rule]] = []
    by_pk = {row.pk: row for row in prepared.rows}
    for rule in prepared.rules:
        pool = [
            row.pk for row in prepared.rows if row.pk not in taken and _matches(rule, *row[1:5])
        ]
        for qid in rng.sample(pool, min(rule.count, len(pool))):
            taken.add(qid)
            drawn.append((by_pk[qid], rule))
    return [
        {"q": row.pk, "perm": _perm(rng, row, shuffle), "points": str(rule.points)}
        for row, rule in drawn
    ]


# ---------------------------------------------------------------- display


class Shown(NamedTuple):
    """What a member sees of a question: never its answer or explanation."""

    type: str
    stem: str
    options: tuple[str, ...]


def _shown_key(qid: int) -> str:
    return f"{PREFIX}shown:{qid}"


def shown(question_ids: list[int]) -> dict[int, Shown]:
    """Stems and option texts by question id: from the cache, the missing ones in one query."""
    keys = {_shown_key(q): q for q in question_ids}
    found = {keys[k]: v for k, v in cache.get_many(list(keys)).items()}
    missing = [q for q in question_ids if q not in found]
    if missing:
        fresh = {
            q.pk: Shown(q.type, q.stem, tuple(option_texts(q)))
            for q in Question.objects.filter(pk__in=missing).only("id", "type", "stem", "options")
        }
        cache.set_many({_shown_key(q): v for q, v in fresh.items()}, SHOWN_SECONDS)
        found.update(fresh)
    return found


def forget_shown(question_id: int) -> None:
    cache.delete(_shown_key(question_id))


def touch_bank(bank_id: int) -> None:
    """A question of this bank changed: papers drawing from it get a new pool key."""
    QuestionBank.objects.filter(pk=bank_id).update(updated_at=timezone.now())
