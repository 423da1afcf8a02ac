"""Reads of achievements and honours, always through the access layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from kesu.achievements.models import Achievement, Honour
from kesu.core.actors import Actor
from kesu.core.filters import Filters as BaseFilters
from kesu.core.filters import where_given
from kesu.orgs import access
from kesu.orgs.selectors import visible_in_subtree


@dataclass
class Filters(BaseFilters):
    q: str = ""
    org: str = ""  # organisation code: its whole subtree
    kind: str = ""
    level: str = ""
    year: str = ""
    status: str = ""  # achievements only


def _common(qs: QuerySet, user: Actor, f: Filters) -> QuerySet:
    qs = visible_in_subtree(qs, user=user, code=f.org)
    return where_given(qs, kind=f.kind, level=f.level)


def achievement_list(*, user: Actor, filters: Filters | None = None) -> QuerySet[Achievement]:
    f = filters or Filters()
    qs = _common(Achievement.objects.select_related("org"), user, f)
    if f.q:
        qs = qs.filter(Q(title__contains=f.q) | Q(members__name=f.q)).distinct()
    qs = where_given(qs, status=f.status)
    if f.year.isdigit():
        qs = qs.filter(achieved_on__year=int(f.year))
    return qs.order_by("-achieved_on", "-id")


def achievement_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Achievement:
    return access.get_for_user(Achievement.objects.select_related("org"), user, action, pk=pk)


def honour_list(*, user: Actor, filters: Filters | None = None) -> QuerySet[Honour]:
    f = filters or Filters()
    qs = _common(Honour.objects.select_related("org"), user, f)
    if f.q:
        qs = qs.filter(
            Q(title__contains=f.q) | Q(team_name__contains=f.q) | Q(members__name=f.q)
        ).distinct()
    if f.year.isdigit():
        qs = qs.filter(year=int(f.year))
    return qs.order_by("-year", "-id")


def honour_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Honour:
    return access.get_for_user(Honour.objects.select_related("org"), user, action, pk=pk)
