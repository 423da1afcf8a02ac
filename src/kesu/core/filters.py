"""List filters read from a query string or an API query: one dataclass per list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from django.db.models import QuerySet

from kesu.core.parsing import lenient, parse_year


@dataclass
class Filters:
    """Subclass with ``str`` fields defaulting to ""; ``from_mapping`` fills them from a
    request's GET (or a query schema's dump), each trimmed, unknown keys ignored."""

    @classmethod
    def from_mapping(cls, data: Any) -> Self:
        return cls(**{f: str(data.get(f) or "").strip() for f in cls.__dataclass_fields__})


@dataclass
class TitleKindYear(Filters):
    """The filters of a list of dated records with a title: title contains, organisation
    code (its subtree), kind, and the year of the record's date."""

    q: str = ""
    org: str = ""
    kind: str = ""
    year: str = ""


def where_given(qs: QuerySet, **lookups: str) -> QuerySet:
    """`qs.filter(**lookups)` with only the lookups whose value was given (not blank)."""
    given = {lookup: value for lookup, value in lookups.items() if value}
    return qs.filter(**given) if given else qs


def in_year(qs: QuerySet, lookup: str, text: str) -> QuerySet:
    """`qs` narrowed to the year typed in a list filter (`lookup`: "start_on__year", "year"…).

    Blank leaves the list whole; text that is no year (kesu.core.parsing) gives no rows."""
    if not text:
        return qs
    year = lenient(parse_year, text)
    return qs.filter(**{lookup: year}) if year else qs.none()
