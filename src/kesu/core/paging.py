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
