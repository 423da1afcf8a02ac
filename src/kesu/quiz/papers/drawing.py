"""Which questions a paper may use, whether its rules can be met, and the per-attempt draw.

A draw is deterministic for a seed: the same (paper, member, attempt number) always gives
the same questions and option order, so a layout can be reproduced and tested. The layout
is stored on the attempt: `[{"q": question id, "perm": [shown position -> canonical index],
"points": "2"}]`.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet

from kesu.orgs.models import Organization
from kesu.quiz.bank.selectors import usable_banks
from kesu.quiz.models import Paper, PaperRule, Question, QuestionType
from kesu.quiz.papers import prepared


def usable_questions(org: Organization) -> QuerySet[Question]:
    return Question.objects.filter(
        bank__in=usable_banks(org), is_current=True, status=Question.Status.ACTIVE
    )


def rule_pool(paper: Paper, rule: PaperRule) -> QuerySet[Question]:
    qs = usable_questions(paper.org).filter(type=rule.type)
    if rule.bank_id:
        qs = qs.filter(bank_id=rule.bank_id)
    if rule.topic:
        qs = qs.filter(topic=rule.topic)
    if rule.dimension:
        qs = qs.filter(dimension=rule.dimension)
    return qs


def _rule_label(rule: PaperRule) -> str:
    parts = []
    if rule.bank_id:
        parts.append(f"题库“{rule.bank.name}”中")
    else:
        parts.append("可用题库中")
    if rule.topic:
        parts.append(f"“{rule.topic}”主题的")
    if rule.dimension:
        parts.append(f"“{rule.get_dimension_display()}”维度的")
    return "".join(parts) + str(QuestionType(rule.type).label)


def rule_problems(paper: Paper, rules: list[PaperRule] | None = None) -> list[str]:
    """Chinese messages for every rule the banks cannot satisfy (rules sharing a pool are
    added up): "题库中‘安全’主题的多选题只有3道，规则需要6道"."""
    rules = list(paper.rules.select_related("bank")) if rules is None else rules
    need: dict[tuple, int] = defaultdict(int)
    first: dict[tuple, PaperRule] = {}
    for rule in rules:
        key = (rule.type, rule.bank_id, rule.topic, rule.dimension)
        need[key] += rule.count
        first.setdefault(key, rule)
    problems = []
    for key, count in need.items():
        rule = first[key]
        have = rule_pool(paper, rule).count()
        if have < count:
            problems.append(f"{_rule_label(rule)}题只有{have}道，规则需要{count}道")
    return problems


def seed_for(paper_id: int, member_id: int, number: int) -> str:
    return f"kesu-quiz:{paper_id}:{member_id}:{number}"


def _matches(rule: PaperRule, qtype: str, bank_id: int, topic: str, dimension: str) -> bool:
    """rule_pool's filters, applied to one row of the usable questions."""
    return (
        qtype == rule.type
        and (not rule.bank_id or bank_id == rule.bank_id)
        and (not rule.topic or topic == rule.topic)
        and (not rule.dimension or dimension == rule.dimension)
    )


def draw_layout(
    paper: Paper, *, seed: str, shuffle: bool | None = None, rules: list[PaperRule] | None = None
) -> list[dict]:
    """The questions and option orders of one attempt (deterministic for `seed`), read
    from the database; starting an attempt draws from the cached copy
    (kesu.quiz.papers.prepared.for_paper), with the same result.

    Every rule samples from its sorted pool, minus the questions earlier rules took; the
    option orders are drawn afterwards, in layout order."""
    return prepared.draw(prepared.build(paper, rules), seed, shuffle)


def fixed_layout(paper: Paper) -> list[dict]:
    """The printed paper: questions in paper order, options as written (imports)."""
    return draw_layout(paper, seed="printed", shuffle=False)


def paper_max_score(paper: Paper, rules: list[PaperRule] | None = None) -> Decimal:
    if paper.mode == Paper.Mode.FIXED:
        return sum((i.points for i in paper.items.all()), Decimal(0))
    rules = list(paper.rules.all()) if rules is None else rules
    return sum((r.points * r.count for r in rules), Decimal(0))
