"""Schema pieces the record APIs share: a page of answers, the list queries' common filters
(a text search and an organisation's subtree), and a list query declared from its filters."""

import sys
from collections.abc import Iterable, Mapping
from typing import Any

from ninja import Field, Schema
from pydantic import create_model

from kesu.core.filters import Filters
from kesu.web.api_support import PageMeta, PageQuery


def page_of(item: type[Schema], name: str = "") -> Any:
    """A page of `item` answers (``PageMeta`` and its ``items``), named `name` or after the
    item ("VenueOut" → "VenuePage") in the caller's module."""
    return create_model(
        name or item.__name__.removesuffix("Out") + "Page",
        __base__=PageMeta,
        __module__=sys._getframe(1).f_globals["__name__"],
        items=(list[item], ...),  # type: ignore[valid-type]
    )


def code_list(choices: Iterable[Any], sep: str = "/") -> str:
    """The codes of a choices class, for an API description: "M / F" from ``Gender`` (sep
    " / "), "lecture/exhibition/…" from ``Kind``; written once where the codes are declared.
    A blank code (a "none" choice) is left out."""
    return sep.join(str(choice.value) for choice in choices if choice.value)


# What the list queries' common filters mean, unless a list says otherwise.
COMMON_FILTERS = {"q": "名称包含", "org": "组织编码（含下级）"}


class OrgListQuery(PageQuery):
    """A list of an organisation's records: searched by name, narrowed to a subtree."""

    q: str = Field("", description=COMMON_FILTERS["q"])
    org: str = Field("", description=COMMON_FILTERS["org"])


def list_query(
    filters: type[Filters],
    described: Mapping[str, str | None],
    *,
    omit: tuple[str, ...] = (),
    name: str = "",
    doc: str | None = None,
) -> Any:
    """The query schema of the list a selector's `filters` dataclass filters, in the caller's
    module: a page and one text filter (default "") per field of `filters` but those in `omit`,
    in the dataclass's order, described for the API by `described` (``q`` and ``org`` by
    ``COMMON_FILTERS`` when it does not); every other field must be described (None: no
    description). Named after `filters` ("VenueFilters" → "VenueListQuery") unless `name` is
    given."""
    keys = [key for key in filters.__dataclass_fields__ if key not in omit]
    texts = {**COMMON_FILTERS, **described}
    if missing := set(keys) - set(texts):
        raise TypeError(f"{filters.__name__}: no description for {', '.join(sorted(missing))}")
    if unknown := set(described) - set(filters.__dataclass_fields__):
        raise TypeError(f"{filters.__name__} has no field {', '.join(sorted(unknown))}")
    fields: dict[str, Any] = {key: (str, Field("", description=texts[key])) for key in keys}
    return create_model(
        name or filters.__name__.removesuffix("Filters") + "ListQuery",
        __base__=PageQuery,
        __module__=sys._getframe(1).f_globals["__name__"],
        __doc__=doc,
        **fields,
    )
