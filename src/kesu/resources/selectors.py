"""Reads of venues, experts and publications: the pages and the API share these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from kesu.activities.models import Activity
from kesu.core.actors import Actor
from kesu.core.filters import Filters, in_year, where_given
from kesu.core.parsing import lenient, parse_date
from kesu.orgs import access
from kesu.orgs.selectors import visible_in_subtree
from kesu.resources.models import Expert, Publication, Venue, VenueVisit


@dataclass
class VenueFilters(Filters):
    q: str = ""  # name contains
    org: str = ""  # organisation code: its whole subtree
    kind: str = ""
    new_in: str = ""  # a year: venues opened in it
    active: str = ""  # "yes" / "no" / ""


@dataclass
class ExpertFilters(Filters):
    q: str = ""  # name contains
    org: str = ""
    field: str = ""  # an ExpertField code


@dataclass
class PublicationFilters(Filters):
    q: str = ""  # title contains
    org: str = ""
    channel: str = ""
    date_from: str = ""
    date_to: str = ""


def venue_list(*, user: Actor, filters: VenueFilters | None = None) -> QuerySet[Venue]:
    f = filters or VenueFilters()
    qs = visible_in_subtree(Venue.objects.select_related("org"), user=user, code=f.org)
    qs = where_given(qs, name__contains=f.q, kind=f.kind)
    qs = in_year(qs, "opened_on__year", f.new_in)
    if f.active in ("yes", "no"):
        qs = qs.filter(is_active=(f.active == "yes"))
    return qs.order_by("org_id", "id")


def venue_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Venue:
    return access.get_for_user(Venue.objects.select_related("org"), user, action, pk=pk)


def venue_visits(*, venue: Venue) -> QuerySet[VenueVisit]:
    return venue.visits.order_by("-period_start", "-id")


def expert_list(*, user: Actor, filters: ExpertFilters | None = None) -> QuerySet[Expert]:
    f = filters or ExpertFilters()
    qs = visible_in_subtree(Expert.objects.select_related("org"), user=user, code=f.org)
    if f.q:
        qs = qs.filter(name__contains=f.q)
    if f.field:
        qs = qs.filter(fields__contains=f",{f.field},")
    return qs.order_by("org_id", "id")


def expert_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Expert:
    return access.get_for_user(Expert.objects.select_related("org"), user, action, pk=pk)


def expert_lectures(*, user: Actor, expert: Expert) -> QuerySet[Activity]:
    """The expert's linked activities the user may see (a lecture elsewhere stays hidden)."""
    return access.restrict(expert.lectures.select_related("org"), user).order_by("-start", "-id")


def publication_list(
    *, user: Actor, filters: PublicationFilters | None = None
) -> QuerySet[Publication]:
    f = filters or PublicationFilters()
    qs = visible_in_subtree(Publication.objects.select_related("org"), user=user, code=f.org)
    start, end = lenient(parse_date, f.date_from), lenient(parse_date, f.date_to)
    qs = where_given(
        qs, title__contains=f.q, channel=f.channel, published_on__gte=start, published_on__lte=end
    )
    return qs.order_by("-published_on", "-id")


def publication_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Publication:
    return access.get_for_user(Publication.objects.select_related("org"), user, action, pk=pk)
