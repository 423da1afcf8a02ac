"""Pagination that stays fast deep into large ordered querysets (the roster at 1,000,000).

A page is found by primary key first — for the roster an index-only scan over its ordering
index (org, id) — and only its own rows are then loaded. OFFSET over full rows made page
2,000 of a district read every skipped member from the table (bench/member_list.py).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_slice(rows: QuerySet | Any, start: int, stop: int) -> list[Any]:
    """rows[start:stop] of an ordered queryset, loaded by key."""
    if not isinstance(rows, QuerySet):
        return list(rows[start:stop])
    keys = list(rows.values_list("pk", flat=True)[start:stop])
    if not keys:
        return []
    loaded = {obj.pk: obj for obj in rows.filter(pk__in=keys)}
    return [loaded[key] for key in keys if key in loaded]


class KeyedPaginator(Paginator):
    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_slice(self.object_list, bottom, top), number, self)


class UncountedPaginator(Paginator):
    """Pages of a list whose length is not counted (only known to exceed what was counted):
    a page knows whether another follows by loading one row more, and there is no last
    page number. `count` is what the caller counted (a lower bound)."""

    num_pages = None  # type: ignore[assignment]

    def __init__(self, object_list: Any, per_page: int, *, at_least: int) -> None:
        super().__init__(object_list, per_page)
        self.count = at_least

    def validate_number(self, number: Any) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError):
            return 1
        return max(number, 1)

    def get_page(self, number: Any) -> Page:
        return self.page(number)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = page_slice(self.object_list, bottom, bottom + self.per_page + 1)
        return UncountedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class UncountedPage(Page):
    def __init__(self, object_list: Any, number: int, paginator: Any, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def end_index(self) -> int:
        return self.start_index() + len(self.object_list) - 1 if self.object_list else 0
