"""Short declarations for the common kinds of indicator (see kesu.indicators.registry).

Most figures are one of a few kinds: the records of a model dated within the range (`dated`,
`timed` for timestamps), filed under a year the range touches (`yearly`), standing at its
end (`as_of`) or kept without history (`undated`); counted, summed over a field, counted as
distinct members, or the share of them that meet a condition; split by a choice field
(`by_choice`) or a yes/no one (`by_flag`). `Records` declares the usual family of figures
over one kind of record together, so an app's `indicators.py` reads as a table:

    CULTURE = Records(dated(CultureEvent, "start_on"), dimensions=(CULTURE_KIND,))
    CULTURE.count("culture.count", "文体活动", "场", "开始日期在起止日期之间（含）的职工文体活动。")
    CULTURE.total("teams", "culture.teams", "文体活动参赛队伍", "个", "…参赛队伍数之和。")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Aggregate,
    Choices,
    Count,
    DecimalField,
    ExpressionWrapper,
    FloatField,
    Model,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, NullIf

from kesu.core.dates import during
from kesu.indicators.registry import Dimension, Indicator, Scope, register

Evidence = Callable[[Scope], QuerySet]
MakeAggregate = Callable[[], Any]
_TENTH = Decimal("0.1")


def dated(model: type[Model], field: str, **where: Any) -> Evidence:
    """The records of `model` whose date `field` falls within the range (both ends
    inclusive), narrowed by `where`."""

    def evidence(scope: Scope) -> QuerySet:
        return model._default_manager.filter(
            **{f"{field}__range": (scope.start, scope.end)}, **where
        )

    return evidence


def timed(
    model: type[Model], field: str, *, related: tuple[str, ...] = (), **where: Any
) -> Evidence:
    """The records of `model` whose timestamp `field` falls on the range's local days,
    narrowed by `where`, with the `related` records read along."""

    def evidence(scope: Scope) -> QuerySet:
        qs = model._default_manager.filter(**during(field, scope.start, scope.end), **where)
        return qs.select_related(*related) if related else qs

    return evidence


def yearly(model: type[Model], field: str = "year", **where: Any) -> Evidence:
    """The records of `model` filed under a year the range touches, narrowed by `where`."""

    def evidence(scope: Scope) -> QuerySet:
        return model._default_manager.filter(
            **{f"{field}__range": (scope.start.year, scope.end.year)}, **where
        )

    return evidence


def as_of(model: type[Model], field: str, **where: Any) -> Evidence:
    """The records of `model` standing at the end of the range (see `standing`), narrowed
    by `where`."""
    return lambda scope: model._default_manager.filter(standing(field, scope), **where)


def undated(model: type[Model], **where: Any) -> Evidence:
    """The records of `model` narrowed by `where`, as they are today whatever the range
    (what keeps no history: the experts on file, the organisations of the tree)."""
    return lambda scope: model._default_manager.filter(**where)


def narrowed(evidence: Evidence, **where: Any) -> Evidence:
    """`evidence` narrowed by `where`."""
    return lambda scope: evidence(scope).filter(**where)


def total(field: Any) -> Callable[[], Aggregate]:
    """The sum of `field` (a name or an expression) over the evidence."""
    return lambda: Sum(field)


def distinct(field: str) -> Callable[[], Aggregate]:
    """The number of distinct `field` values (persons, cases…) among the evidence."""
    return lambda: Count(field, distinct=True)


class _Tenths(ExpressionWrapper):
    """Rounds to one decimal on every database (SQLite returns the raw float otherwise)."""

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), _quantize]


def _quantize(value, expression, connection):
    return None if value is None else Decimal(value).quantize(_TENTH, rounding=ROUND_HALF_UP)


def share(flag: str) -> MakeAggregate:
    """The share (%, one decimal) of the evidence whose boolean `flag` is true, in one SQL
    aggregate over the records the evidence lists."""

    def aggregate() -> _Tenths:
        ratio = ExpressionWrapper(
            Cast(Count("pk", filter=Q(**{flag: True})), FloatField())
            * 100.0
            / NullIf(Count("pk"), 0),
            output_field=FloatField(),
        )
        decimal: DecimalField = DecimalField(max_digits=6, decimal_places=1)
        return _Tenths(Cast(ratio, decimal), output_field=decimal)

    return aggregate


def standing(field: str, scope: Scope) -> Q:
    """Dated `field` on or before the range's end, or not dated at all: what stands at the
    end of the range (a member who had joined, a venue that had opened)."""
    return Q(**{f"{field}__lte": scope.end}) | Q(**{f"{field}__isnull": True})


def by_choice(code: str, name: str, choices: type[Choices], field: str = "") -> Dimension:
    """Records split by a choice field, each group labelled in Chinese; `field` (the path
    from an evidence record) defaults to `code`."""
    return Dimension(code, name, field or code, dict(choices.choices))


def by_flag(code: str, name: str, field: str | Callable[[], Any], yes: str, no: str) -> Dimension:
    """Records split by a yes/no field (or expression), the two groups labelled `yes`, `no`."""
    return Dimension(code, name, field, {True: yes, False: no})


@dataclass(frozen=True)
class Records:
    """The records a family of indicators measures: one evidence, one way from a record to
    its organisation, the dimensions the family splits by (a figure may name its own).
    Figures declared on the same Records share the evidence, so a dashboard measures them
    in one query (see kesu.indicators.selectors)."""

    evidence: Evidence
    org_field: str = "org"
    dimensions: tuple[Dimension, ...] = ()

    def where(self, **filters: Any) -> Records:
        """The same family narrowed by `filters` (a kind, a status…)."""
        return replace(self, evidence=narrowed(self.evidence, **filters))

    def count(
        self,
        code: str,
        name: str,
        unit: str,
        description: str,
        *,
        dimensions: tuple[Dimension, ...] | None = None,
        aggregate: MakeAggregate | None = None,
        **options: Any,
    ) -> Indicator:
        """The number of records (or `aggregate` over them)."""
        return register(
            code,
            name=name,
            unit=unit,
            description=description,
            evidence=self.evidence,
            org_field=self.org_field,
            dimensions=self.dimensions if dimensions is None else dimensions,
            aggregate=aggregate,
            **options,
        )

    def total(
        self, field: Any, code: str, name: str, unit: str, description: str, **options: Any
    ) -> Indicator:
        """The sum of `field` (a name or an expression) over the records."""
        return self.count(code, name, unit, description, aggregate=total(field), **options)

    def distinct(
        self, field: str, code: str, name: str, unit: str, description: str, **options: Any
    ) -> Indicator:
        """The number of distinct `field` values (members, cases…) among the records."""
        return self.count(code, name, unit, description, aggregate=distinct(field), **options)

    def share(self, flag: str, code: str, name: str, description: str, **options: Any) -> Indicator:
        """The share (%) of the records whose boolean `flag` is true."""
        return self.count(code, name, "%", description, aggregate=share(flag), **options)
