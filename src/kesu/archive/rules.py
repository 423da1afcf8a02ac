"""Periodic evaluation (定期评估) of whole subtrees: every active member's figures and verdict
under the rule of their organisation (kesu.archive.figures), and who meets it.

The full figures (export, shortfall pages) work on batches of member ids (keyset ranges
over the primary key), a handful of grouped queries per batch, never one Python object per
record counted. Who meets their rule (archive.members_meeting_rule) reads only the members
whose year reaches each threshold of their rule, thresholds in SQL (kesu.archive.narrowing),
and counts the subtrees of rules asking for nothing from the roster: a city of a million
members in a few queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q, QuerySet

from kesu.archive.figures import (
    ALL_FIGURES,
    Figures,
    distinct_rules,
    figures_for,
    lacks,
    needed_figures,
    rules_for_subtree,
    subtree_rules,
)
from kesu.archive.models import ArchiveRule
from kesu.archive.narrowing import verdicts
from kesu.members import tally
from kesu.members.choices import CURRENT_STATUSES
from kesu.members.models import Member
from kesu.orgs.models import Organization

BATCH = 5000  # ids per round: each round costs a few grouped queries plus fixed overheads


# ---------------------------------------------------------------- whole subtrees


def member_batches(org: Organization, *, size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    """Active members of `org`'s subtree in id order, `size` at a time (keyset by id)."""
    base = Member.objects.current().filter(org__path__startswith=org.path)
    last = 0
    while True:
        rows = list(
            base.filter(id__gt=last)
            .order_by("id")
            .values("id", "org_id", "name", "id_number_masked", "id_number_enc")[:size]
        )
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


def evaluate(
    org: Organization, year: int, *, size: int = BATCH, verdict_only: bool = False
) -> Iterator[tuple[dict, Figures]]:
    """(member row, figures with rule and lacks) for every active member of the subtree.
    `verdict_only` reads only the figures the applicable rules look at, nothing at all when
    no rule applies (then no member is yielded), and — when every applicable rule asks for
    something — only the members whose year reaches each threshold of their rule
    (kesu.archive.narrowing; the others fall short and are not yielded; rows then carry
    only "id" and "org_id")."""
    if verdict_only:
        by_path = subtree_rules(org, year)
        if not by_path:
            return
        if all(needed_figures([r]) for r in by_path.values()):
            yield from verdicts(org, year, by_path)
            return
    rules = rules_for_subtree(org, year)
    needs = needed_figures(distinct_rules(rules)) if verdict_only else ALL_FIGURES
    for rows in member_batches(org, size=size):
        yield from _judged(rows, figures_for([r["id"] for r in rows], year, needs), rules)


def _judged(
    rows: list[dict[str, Any]], figures: dict[int, Figures], rules: dict[int, ArchiveRule | None]
) -> Iterator[tuple[dict, Figures]]:
    for row in rows:
        f = figures[row["id"]]
        f.rule = rules.get(row["org_id"])
        if f.rule is not None:
            f.lacks = lacks(f.rule, f)
        yield row, f


Everyone = list[tuple[Organization, list[Organization]]]  # (subtree root, inner rule orgs)


def _everyone_under(org: Organization, by_path: dict[str, ArchiveRule]) -> Everyone:
    """For each rule of `by_path` that asks for nothing (everyone under it meets it): the
    organisation whose subtree it governs within `org`'s, and the outermost organisations
    inside that subtree with rules of their own (their members fall under those)."""
    out = []
    for path, rule in by_path.items():
        if needed_figures([rule]):
            continue
        root = rule.org if len(path) > len(org.path) else org
        inner = [r.org for p, r in by_path.items() if p != root.path and p.startswith(root.path)]
        outermost = [
            o
            for o in inner
            if not any(o.path != i.path and o.path.startswith(i.path) for i in inner)
        ]
        out.append((root, outermost))
    return out


def _everyone_q(parts: Everyone) -> Q:
    q = Q(pk__in=[])
    for root, inner in parts:
        part = Q(org__path__startswith=root.path)
        for o in inner:
            part &= ~Q(org__path__startswith=o.path)
        q |= part
    return q


def _everyone_count(parts: Everyone) -> int:
    """Active members under the rules asking for nothing, from the roster roll-up."""
    return sum(
        tally.roster_total(root, joined_by=False)
        - sum(tally.roster_total(o, joined_by=False) for o in inner)
        for root, inner in parts
    )


def _meeting(org: Organization, year: int) -> tuple[list[int], Everyone]:
    """(ids of the members who meet a rule asking for something, the subtrees of the rules
    asking for nothing — whose active members all meet them)."""
    by_path = subtree_rules(org, year)
    parts = _everyone_under(org, by_path)
    asking = any(needed_figures([r]) for r in by_path.values())
    ids = [row["id"] for row, f in verdicts(org, year, by_path) if f.meets] if asking else []
    return ids, parts


def meeting_members(org: Organization, year: int) -> QuerySet[Member]:
    """The active members of the subtree who meet their rule, as a queryset."""
    ids, parts = _meeting(org, year)
    if not parts:
        return Member.objects.filter(pk__in=ids)
    return Member.objects.filter(Q(pk__in=ids) | Q(_everyone_q(parts), status__in=CURRENT_STATUSES))


def meeting_count(org: Organization, year: int) -> int:
    ids, parts = _meeting(org, year)
    return len(ids) + _everyone_count(parts)
