"""Contest figures (see kesu.indicators.registry).

Scope: attempts counted by a contest (its paper, status submitted/expired, submitted within
the contest period, by a member of the contest's subtree) whose submission falls in the
range, for the attempt organisation's subtree; contests by their start date.

`contest.participation_rate` divides by the active roster of the very subtree the evidence
was narrowed to. The registry hands `measure` only the evidence queryset, so the subtree is
read back from that queryset's organisation-path filters (the scope's, a breakdown child's,
or the 本级 organisation's); see `_subtree_of`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, QuerySet
from django.db.models.lookups import Exact, StartsWith
from django.db.models.sql.where import AND

from kesu.contests import ranking, rosters, tally
from kesu.contests.models import Contest, ContestEntry
from kesu.contests.ranking import round2
from kesu.contests.schemas import ContestAttemptEvidenceOut, ContestOut
from kesu.contests.selectors import best_in_range, counted_in_range
from kesu.indicators import registry
from kesu.indicators.declare import distinct
from kesu.indicators.registry import (
    Indicator,
    Number,
    Scope,
    at_org,
    month_dimension,
    register,
)
from kesu.indicators.schemas import EVIDENCE_SCHEMAS, register_evidence_schema
from kesu.members.models import Member
from kesu.orgs.models import Organization
from kesu.quiz.models import Attempt

MONTH = month_dimension("submitted_at", "交卷月份")


def _subtree_of(records: QuerySet) -> tuple[str | None, int | None]:
    """(narrowest organisation path prefix, organisation id for 本级) filtered on `records`."""
    paths: list[str] = []
    exact: list[int] = []

    def walk(node: Any) -> None:
        for child in getattr(node, "children", []):
            if hasattr(child, "children"):
                # Only conjunctions narrow the records: a path inside an OR (each contest's
                # own subtree, see counted_in_range) or under NOT says nothing about them.
                if child.connector == AND and not child.negated:
                    walk(child)
                continue
            target = getattr(getattr(child, "lhs", None), "target", None)
            if target is None or not isinstance(child.rhs, str | int):
                continue
            if isinstance(child, StartsWith) and target.model is Organization:
                if target.name == "path" and isinstance(child.rhs, str):
                    paths.append(child.rhs)
            elif isinstance(child, Exact) and target.name == "org" and target.model is Attempt:
                exact.append(int(child.rhs))

    walk(records.query.where)
    return (max(paths, key=len) if paths else None), (exact[0] if exact else None)


@dataclass(frozen=True)
class ParticipationRate(Indicator):
    """Distinct participants / active members on the roster of the evidence's subtree, %."""

    def measure(self, records: QuerySet) -> Number:
        persons = records.aggregate(n=Count("member_id", distinct=True))["n"] or 0
        total = _roster(*_subtree_of(records))
        return round2(Decimal(100) * persons / total) if total else Decimal(0)


def _roster(path: str | None, org_id: int | None) -> int:
    """Active members (today, whatever their join date) of the 本级 organisation, of the
    subtree at `path`, or of every tree — from the roster roll-up."""
    if org_id is not None:
        org = Organization.objects.filter(pk=org_id).first()
        return rosters.roster_total(org, only_org=True) if org else 0
    if path is not None:
        org = Organization.objects.filter(path=path).first()
        if org is not None:
            return rosters.roster_total(org)
        return Member.objects.current().filter(org__path__startswith=path).count()
    return rosters.roster_everyone()


# The registry narrows evidence to the scope's subtree (Indicator.records), so the contests'
# own subtree tests can take that into account (see selectors.contest_periods).


def counted(scope: Scope) -> QuerySet[Attempt]:
    return counted_in_range(scope.start, scope.end, scope.org.path)


def best(scope: Scope) -> QuerySet[Attempt]:
    return best_in_range(scope.start, scope.end, scope.org.path)


def held(scope: Scope) -> QuerySet[Contest]:
    return Contest.objects.filter(starts_at__date__range=(scope.start, scope.end)).exclude(
        status=Contest.Status.DRAFT
    )


def _rolled(code: str, read: Callable[[QuerySet[ContestEntry], Scope, bool], Number]):
    """The figure `code` read from the contest roll-up (kesu.contests.tally), or counted from
    the attempts when a contest meeting the range reaches beyond it."""

    def rollup(scope: Scope, only_org: bool) -> Number:
        rows = tally.entries(scope.org, scope.start, scope.end, only_org=only_org)
        if rows is not None:
            return read(rows, scope, only_org)
        indicator = registry.get(code)
        records = indicator.records(scope)
        return indicator.measure(at_org(records, "org", scope.org) if only_org else records)

    return rollup


def _persons(rows: QuerySet[ContestEntry]) -> int:
    return rows.aggregate(n=Count("member_id", distinct=True))["n"] or 0


def _rate(rows: QuerySet[ContestEntry], scope: Scope, only_org: bool) -> Number:
    total = rosters.roster_total(scope.org, only_org=only_org)
    return round2(Decimal(100) * _persons(rows) / total) if total else Decimal(0)


def _average(rows: QuerySet[ContestEntry], scope: Scope, only_org: bool) -> Number:
    return rows.filter(is_best=True).aggregate(value=Avg(ranking.PERCENT))["value"] or 0


register(
    "contest.count",
    name="知识竞赛",
    unit="场",
    description="开始日期在起止日期之间（含）且已发布的知识竞赛，按主办组织计入。",
    evidence=held,
    dimensions=(month_dimension("starts_at", "开始月份"),),
)
register(
    "contest.participants",
    name="竞赛参赛人数",
    unit="人",
    description="范围内在竞赛期间交卷（含超时交卷）的参赛会员，去重计数；按答题时所在单位计入。",
    evidence=counted,
    aggregate=distinct("member_id"),
    dimensions=(MONTH,),
    rollup=_rolled("contest.participants", lambda rows, scope, only_org: _persons(rows)),
)
_rate = register(
    "contest.participation_rate",
    name="竞赛参与率",
    unit="%",
    description="参赛会员（去重）占该范围在册会员的百分比。",
    evidence=counted,
    rollup=_rolled("contest.participation_rate", _rate),
)
registry._REGISTRY[_rate.code] = ParticipationRate(
    **{
        f: getattr(_rate, f)
        for f in (
            "code",
            "name",
            "unit",
            "description",
            "evidence",
            "compute",
            "dimensions",
            "aggregate",
            "org_field",
            "rollup",
        )
    }
)
register(
    "contest.average_score",
    name="竞赛平均得分率",
    unit="%",
    description="每位参赛会员在每场竞赛中最好一次成绩的得分率（得分/满分）的平均值。",
    evidence=best,
    aggregate=lambda: Avg("percent"),
    dimensions=(MONTH,),
    rollup=_rolled("contest.average_score", _average),
)

register_evidence_schema(Contest, ContestOut)
if Attempt not in EVIDENCE_SCHEMAS:  # the quiz app may declare its own attempt shape
    register_evidence_schema(Attempt, ContestAttemptEvidenceOut)
