"""Schema pieces the record APIs share: a page of answers, and the list queries' common
filters (a text search and an organisation's subtree)."""

import sys
from typing import Any

from ninja import Field, Schema
from pydantic import create_model

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


class OrgListQuery(PageQuery):
    """A list of an organisation's records: searched by name, narrowed to a subtree."""

    q: str = Field("", description="名称包含")
    org: str = Field("", description="组织编码（含下级）")
