"""Reads of competitions, worker-library records and culture events, through the access
layer; the pages and the API share these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from kesu.competitions.models import Competition, CompetitionEntry, CultureEvent, LibraryRecord
from kesu.core.actors import Actor
from kesu.core.filters import Filters, TitleKindYear, in_year
from kesu.employers.models import Employer
from kesu.orgs import access
from kesu.orgs.selectors import titled_list, visible_in_subtree
from kesu.resources.models import Venue, VenueKind


class CompetitionFilters(TitleKindYear):
    """Competitions by title, organisation, kind and the year they start in."""


def competition_list(
    *, user: Actor, filters: CompetitionFilters | None = None
) -> QuerySet[Competition]:
    qs = Competition.objects.select_related("org").annotate(entry_count=Count("entries"))
    f = filters or CompetitionFilters()
    return titled_list(qs, user=user, filters=f, date_field="start_on")


def competition_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Competition:
    return access.get_for_user(Competition.objects.select_related("org"), user, action, pk=pk)


def competition_entries(*, competition: Competition) -> QuerySet[CompetitionEntry]:
    return competition.entries.select_related("member", "employer").order_by("rank", "-score", "id")


def competition_employers(*, user: Actor, competition: Competition) -> QuerySet[Employer]:
    return access.restrict(competition.employers.select_related("org"), user).order_by("name")


def participants(competition: Competition) -> int:
    return competition.entries.count() + competition.extra_participants


def entry_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> CompetitionEntry:
    qs = CompetitionEntry.objects.select_related("competition__org")
    return access.get_for_user(qs, user, action, org_field="competition__org", pk=pk)


def ankang_employers(*, user: Actor, year: int) -> QuerySet[Employer]:
    """Employers taking part in an 安康杯 (safety) contest that starts in `year`."""
    comps = Competition.objects.filter(kind="safety", start_on__year=year)
    qs = Employer.objects.filter(competitions__in=comps).distinct()
    return access.restrict(qs.select_related("org"), user).order_by("org_id", "name")


def library_venues(*, user: Actor) -> QuerySet[Venue]:
    qs = Venue.objects.filter(kind=VenueKind.WORKER_LIBRARY).select_related("org")
    return access.restrict(qs, user).order_by("org_id", "id")


def library_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> Venue:
    return access.get_for_user(library_venues(user=user), user, action, pk=pk)


@dataclass
class LibraryFilters(Filters):
    org: str = ""
    year: str = ""


def library_records(*, user: Actor, filters: LibraryFilters | None = None) -> QuerySet:
    f = filters or LibraryFilters()
    qs = LibraryRecord.objects.select_related("venue__org")
    qs = visible_in_subtree(qs, user=user, code=f.org, org_field="venue__org")
    return in_year(qs, "year", f.year).order_by("-year", "venue__org_id", "venue_id")


class CultureFilters(TitleKindYear):
    """Culture events by title, organisation, kind and the year they start in."""


def culture_list(*, user: Actor, filters: CultureFilters | None = None) -> QuerySet[CultureEvent]:
    qs = CultureEvent.objects.select_related("org")
    return titled_list(qs, user=user, filters=filters or CultureFilters(), date_field="start_on")


def culture_get(*, user: Actor, pk: Any, action: str = access.VIEW) -> CultureEvent:
    return access.get_for_user(CultureEvent.objects.select_related("org"), user, action, pk=pk)
