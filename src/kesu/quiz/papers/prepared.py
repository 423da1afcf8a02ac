"""Prepared paper data for starting attempts: the contest opening minute.

When a contest opens, tens of thousands of members start the same paper within a minute.
Every start needs the same things of that paper: its rules, the ids and filter columns of
the questions it may draw from, how many options each has, and its maximum score; every
display of an attempt needs each question's stem and option texts. Those are read once,
kept in Django's cache (Redis when KESU_REDIS_URL is set, local memory otherwise) and
served from there.

Each process also keeps the pools it has used (kesu.core.memo, by key) and the displays
(with their texts written as JSON), so that a start or a fetch reads neither the cache nor the
database for them.

Invalidation is by key, not by message, so it holds on every node and process, with a shared
cache or a per-process local-memory one: the pool's key carries a *stamp* read from the
database on every start — the paper's `updated_at` (every paper service touches it: edits,
items, rules, publish, close), its organisation's path, and the newest `updated_at` and the
number of the banks it may use (every question service touches its bank, see `touch_bank`).
Any change gives a new key; the old entry simply ages out.

Displays are keyed the same way, by question id and the *display stamp*: the newest
`updated_at` of all banks (`shown_newest`), which the start lane reads inside its one SELECT
for a start and for a fetch, and the API's endpoints in one small query. An edit of a
question touches its bank in the edit's transaction, so from its commit every node reads a
new stamp, misses its memory and the cache, and reads the question again. (Both stamps
assume the nodes' clocks agree to within the time between two bank edits.)

What is cached never holds an answer or an explanation: the draw needs ids, types and
option counts; display needs stem and option texts.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from functools import cache as cache_function
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kesu.accounts.lean_rows import column, hot_fetchone, table
from kesu.core.memo import remember
from kesu.orgs.models import Organization
from kesu.quiz.attempts.scoring import option_texts
from kesu.quiz.bank.selectors import ancestor_codes, usable_banks
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
    # Random papers: each rule's matching rows, in `rows` order (empty in entries cached
    # before it existed: `draw` then filters `rows` itself).
    pools: tuple[tuple[PoolRow, ...], ...] = ()


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
    pools = _pools(specs, rows)
    return Prepared(paper.mode, paper.shuffle_options, specs, rows, (), total, pools)


def _pools(rules: tuple[Rule, ...], rows: tuple[PoolRow, ...]) -> tuple[tuple[PoolRow, ...], ...]:
    from kesu.quiz.papers.drawing import _matches

    return tuple(tuple(row for row in rows if _matches(rule, *row[1:5])) for rule in rules)


# The stamp's read of the usable banks (`bank.selectors.usable_banks`: banks owned by the
# paper's organisation or an ancestor, i.e. by the codes of its path), written by hand and
# prepared on PostgreSQL (kesu.accounts.lean_rows): it runs on every start. The codes are
# padded to a fixed count, so that every start runs the same statement text. The start lane
# reads it inside its own SELECT (`banks_from`, `bank_codes`) and hands the figures over.
CODES = 8


def banks_from(using: str) -> str:
    """FROM the usable banks, their organisation's code among CODES bound values."""
    return (
        f"FROM {table(QuestionBank, using)} b INNER JOIN {table(Organization, using)} o "
        f"ON o.{column(Organization, 'id', using=using)} = "
        f"{column(QuestionBank, 'org', 'b', using)} "
        f"WHERE o.{column(Organization, 'code', using=using)} IN ({', '.join(['%s'] * CODES)})"
    )


def banks_newest(using: str) -> str:
    return f"MAX(b.{column(QuestionBank, 'updated_at', using=using)})"


@cache_function  # one text per database alias
def _banks_sql(using: str) -> str:
    return f"SELECT {banks_newest(using)}, COUNT(*) {banks_from(using)}"  # noqa: S608 (identifiers from _meta, values bound)


def _padded(paper: Paper) -> list[str] | None:
    """The codes of the paper's organisation and its ancestors, padded to CODES (None when
    the tree is deeper than that)."""
    codes = ancestor_codes(paper.org)
    if not 0 < len(codes) <= CODES:
        return None
    return codes + codes[-1:] * (CODES - len(codes))


class Banks(NamedTuple):
    """The usable banks' newest `updated_at` (as the database returns it) and their number,
    read for the padded `codes`."""

    codes: list[str]
    newest: Any
    count: int


# Per process: the codes each paper's stamp was last read with (the start lane binds them in
# its one SELECT; when the paper's organisation has moved since, `_stamp` reads again).
_codes: dict[int, list[str]] = {}
KEPT = 1024  # papers remembered; the oldest are dropped beyond that


def bank_codes(paper_id: int) -> list[str]:
    """The codes the lane binds for this paper: the last seen, or CODES that match nothing."""
    return _codes.get(paper_id) or [""] * CODES


def _keep_codes(paper_id: int, codes: list[str]) -> None:
    _codes[paper_id] = codes
    if len(_codes) > KEPT:
        _codes.pop(next(iter(_codes), 0), None)  # threads may race here: never an error


def _stamp(paper: Paper, banks: Banks | None = None) -> str:
    codes = _padded(paper)
    if codes is not None and banks is not None and banks.codes == codes:
        at, n = banks.newest, banks.count
    elif codes is not None:
        at, n = hot_fetchone(_banks_sql(DEFAULT_DB_ALIAS), codes)
        _keep_codes(paper.pk, codes)
    else:  # deeper than any tree kesu serves: the same read through the ORM
        found = usable_banks(paper.org).aggregate(at=Max("updated_at"), n=Count("id"))
        at, n = found["at"], found["n"]
    return f"{paper.pk}:{paper.updated_at.timestamp()}:{paper.org.path}:{display_stamp(at)}:{n}"


def for_paper(paper: Paper, banks: Banks | None = None) -> Prepared:
    """The paper's draw data (one small query checks it is current, unless the caller read
    the banks' figures already: `banks`): from the process's memo (a key never changes
    meaning, so nothing there goes stale; it spares reading and unpickling the pool on every
    start), else from the cache, else from the database."""
    key = PREFIX + "pool:" + _stamp(paper, banks)
    return remember(key, lambda: _cached_pool(key, paper))


def _cached_pool(key: str, paper: Paper) -> Prepared:
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
    rng = random.Random(seed)
    shuffle = prepared.shuffle if shuffle is None else shuffle
    if prepared.mode == Paper.Mode.FIXED:
        return [
            {"q": row.pk, "perm": _perm(rng, row, shuffle), "points": str(points)}
            for row, points in prepared.fixed
        ]
    taken: set[int] = set()
    drawn: list[tuple[PoolRow, Rule]] = []
    pools = prepared.pools or _pools(prepared.rules, prepared.rows)
    for rule, matching in zip(prepared.rules, pools, strict=True):
        pool = [row for row in matching if row.pk not in taken]
        for row in rng.sample(pool, min(rule.count, len(pool))):
            taken.add(row.pk)
            drawn.append((row, rule))
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


def encoded(text: str) -> str:
    """A string as the API's renderer writes it (kesu.web.api_support.ChineseJSONRenderer)."""
    return json.dumps(text, ensure_ascii=False)


class Encoded(NamedTuple):
    """A shown question's texts already written as JSON strings (`encoded`), and room for
    its option lists as written in each order (`orders`, filled by the start lane)."""

    type: str
    stem: str
    options: tuple[str, ...]
    orders: dict[tuple[int, ...], str]

    @classmethod
    def of(cls, shown: Shown) -> Encoded:
        options = tuple(map(encoded, shown.options))
        return cls(encoded(shown.type), encoded(shown.stem), options, {})


# Per process, in front of Django's cache: the shown questions with their JSON texts (the
# start lane writes those as they are), each with the display stamp it was read under.
MEMORY_KEPT = 20_000  # questions; beyond that the memory starts again
_memory: dict[int, tuple[float, Shown, Encoded]] = {}


def shown_newest(using: str) -> str:
    """The display stamp as a subquery: the newest `updated_at` of every bank."""
    newest = column(QuestionBank, "updated_at", using=using)
    return f"(SELECT MAX({newest}) FROM {table(QuestionBank, using)})"  # noqa: S608 (identifiers from _meta)


def display_stamp(newest: Any) -> float:
    """`shown_newest` as the database returns it (SQLite: text), as a number."""
    if isinstance(newest, str):
        newest = parse_datetime(newest)
    return newest.timestamp() if newest else 0.0


@cache_function  # one text per database alias
def _display_stamp_sql(using: str) -> str:
    return f"SELECT {shown_newest(using)}"


def read_display_stamp(using: str = DEFAULT_DB_ALIAS) -> float:
    """The display stamp in a query of its own (the endpoints; the lanes read it in theirs)."""
    return display_stamp(hot_fetchone(_display_stamp_sql(using), [], using)[0])


def _shown_key(stamp: float, qid: int) -> str:
    return f"{PREFIX}shown:{stamp!r}:{qid}"


def _remembered(question_ids: list[int], stamp: float) -> dict[int, tuple[float, Shown, Encoded]]:
    """The shown questions by id, as of `stamp`: from the process's memory, else the cache,
    else one query for the missing ones."""
    found = {}
    for qid in question_ids:
        hit = _memory.get(qid)
        if hit is not None and hit[0] == stamp:
            found[qid] = hit
    missing = [q for q in question_ids if q not in found]
    if missing:
        keys = {_shown_key(stamp, q): q for q in missing}
        fresh = {keys[k]: v for k, v in cache.get_many(list(keys)).items()}
        unknown = [q for q in missing if q not in fresh]
        if unknown:
            # Read after the stamp: at least as new as the banks were then.
            read = {
                q.pk: Shown(q.type, q.stem, tuple(option_texts(q)))
                for q in Question.objects.filter(pk__in=unknown).only(
                    "id", "type", "stem", "options"
                )
            }
            cache.set_many({_shown_key(stamp, q): v for q, v in read.items()}, SHOWN_SECONDS)
            fresh.update(read)
        if len(_memory) > MEMORY_KEPT:
            _memory.clear()
        for qid, one in fresh.items():
            found[qid] = _memory[qid] = (stamp, one, Encoded.of(one))
    return found


def shown(question_ids: list[int], stamp: float | None = None) -> dict[int, Shown]:
    """Stems and option texts by question id (see `_remembered`), as of the display stamp
    (read here when not given)."""
    if stamp is None:
        stamp = read_display_stamp()
    return {qid: hit[1] for qid, hit in _remembered(question_ids, stamp).items()}


def shown_encoded(question_ids: list[int], stamp: float) -> dict[int, Encoded]:
    """The same, written as JSON strings."""
    return {qid: hit[2] for qid, hit in _remembered(question_ids, stamp).items()}


def forget_memory() -> None:
    """Empty this process's memory of shown questions (tests: rolled-back ids come again)."""
    _memory.clear()


def touch_bank(bank_id: int) -> None:
    """A question of this bank changed: papers drawing from it get a new pool key."""
    QuestionBank.objects.filter(pk=bank_id).update(updated_at=timezone.now())
