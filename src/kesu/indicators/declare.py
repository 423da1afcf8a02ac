"""Short declarations for the common kinds of indicator (see kesu.indicators.registry).

Most figures are one of a few kinds: the records of a model dated within the range (or
filed under a year the range touches), counted, summed over a field, or counted as distinct
members. These helpers build their evidence and aggregate, so an app's `indicators.py`
reads as a list of declarations rather than repeated lambdas:

    register("publications.count", name="信息发布", unit="条", description="…",
             evidence=dated(Publication, "published_on"), aggregate=total("views"))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Aggregate, Count, Model, Q, QuerySet, Sum

from kesu.indicators.registry import Scope

Evidence = Callable[[Scope], QuerySet]


def dated(model: type[Model], field: str, **where: Any) -> Evidence:
    """The records of `model` whose date `field` falls within the range (both ends
    inclusive), narrowed by `where`."""

    def evidence(scope: Scope) -> QuerySet:
        return model._default_manager.filter(
            **{f"{field}__range": (scope.start, scope.end)}, **where
        )

    return evidence


def yearly(model: type[Model], field: str = "year", **where: Any) -> Evidence:
    """The records of `model` filed under a year the range touches, narrowed by `where`."""

    def evidence(scope: Scope) -> QuerySet:
        return model._default_manager.filter(
            **{f"{field}__range": (scope.start.year, scope.end.year)}, **where
        )

    return evidence


def narrowed(evidence: Evidence, **where: Any) -> Evidence:
    """`evidence` narrowed by `where`."""
    return lambda scope: evidence(scope).filter(**where)


def total(field: Any) -> Callable[[], Aggregate]:
    """The sum of `field` (a name or an expression) over the evidence."""
    return lambda: Sum(field)


def distinct(field: str) -> Callable[[], Aggregate]:
    """The number of distinct `field` values (persons, cases…) among the evidence."""
    return lambda: Count(field, distinct=True)


def standing(field: str, scope: Scope) -> Q:
    """Dated `field` on or before the range's end, or not dated at all: what stands at the
    end of the range (a member who had joined, a venue that had opened)."""
    return Q(**{f"{field}__lte": scope.end}) | Q(**{f"{field}__isnull": True})
