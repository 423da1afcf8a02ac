"""Writes to competitions and their entries, worker-library records and culture events.
Each checks scope, validates (kesu.competitions.validation) and audits in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from kesu.competitions.models import Competition, CompetitionEntry, CultureEvent, LibraryRecord
from kesu.competitions.validation import (
    CompetitionError,
    clean_competition,
    clean_culture,
    clean_entry,
    clean_library,
)
from kesu.core.actors import Actor
from kesu.employers.models import Employer
from kesu.employers.services import (
    _audit,
    _plain,
    employers_in_scope,
    save_audited,
    snapshot,
    write_audited,
)
from kesu.employers.validation import EmployerError
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import org_to_write
from kesu.resources.models import Venue, VenueKind

__all__ = ["CompetitionError"]


def _employers(actor: Actor, ids: Any) -> list[Employer] | None:
    if ids is None:
        return None
    try:
        return employers_in_scope(actor, ids)
    except EmployerError as exc:
        raise CompetitionError(exc.errors) from None


COMPETITION_FIELDS = (
    "kind",
    "title",
    "level",
    "start_on",
    "end_on",
    "place",
    "extra_participants",
    "notes",
    "org_id",
)


def _competition_write(actor, competition, data, request, *, creating: bool) -> Competition:
    data = dict(data)
    new_org = data.pop("org", None)
    employer_ids = data.pop("employers", None)
    clean, errors = clean_competition(data, partial=not creating)
    if not creating and not errors:
        start = clean.get("start_on", competition.start_on)
        if clean.get("end_on", competition.end_on) < start:
            errors["end_on"] = "结束日期不能早于开始日期"
    if errors:
        raise CompetitionError(errors)
    employers = _employers(actor, employer_ids)
    kind, fields = "competition", COMPETITION_FIELDS
    return write_audited(
        actor, kind, competition, clean, fields, request, new_org=new_org, employers=employers
    )


def competition_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Competition:
    """Record a competition organised by `org`; `employers` lists participating employer ids."""
    org = org_to_write(actor, org)
    return _competition_write(actor, Competition(org=org), data, request, creating=True)


def competition_update(
    *,
    actor: Actor,
    competition: Competition,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Competition:
    access.ensure_org_in_scope(actor, competition.org, access.CHANGE)
    return _competition_write(actor, competition, data, request, creating=False)


def entry_add(
    *,
    actor: Actor,
    competition: Competition,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> CompetitionEntry:
    """Add a contestant: `member` (a roster id in scope) or a `name` for a non-member."""
    access.ensure_org_in_scope(actor, competition.org, access.CHANGE)
    data = dict(data)
    member_id, employer_id = data.pop("member", None), data.pop("employer", None)
    clean, errors = clean_entry(data)
    member = None
    if member_id not in (None, ""):
        try:
            member = access.get_for_user(Member.objects.all(), actor, access.CHANGE, pk=member_id)
        except access.NotFound:
            errors["member"] = "会员不存在或无权访问"
        else:
            if competition.entries.filter(member=member).exists():
                errors["member"] = "该会员已在参赛名单中"
            clean["name"] = clean.get("name") or member.name
    if not errors and not clean.get("name"):
        errors["name"] = "请填写姓名或选择会员"
    employer = None
    if employer_id not in (None, "") and "employer" not in errors:
        try:
            employer = employers_in_scope(actor, [employer_id], field="employer")[0]
        except EmployerError as exc:
            errors.update(exc.errors)
    if errors:
        raise CompetitionError(errors)
    entry = CompetitionEntry(competition=competition, member=member, employer=employer, **clean)
    with transaction.atomic():
        entry.save()
        changes = {k: [None, _plain(v)] for k, v in clean.items() if v not in (None, "", False)}
        _audit(actor, "competition.entry_add", competition, competition.org, changes, request)
    return entry


def entry_delete(
    *, actor: Actor, entry: CompetitionEntry, request: HttpRequest | None = None
) -> None:
    competition = entry.competition
    access.ensure_org_in_scope(actor, competition.org, access.CHANGE)
    with transaction.atomic():
        name = entry.name
        entry.delete()
        _audit(
            actor,
            "competition.entry_delete",
            competition,
            competition.org,
            {"entry": [name, None]},
            request,
        )


LIBRARY_FIELDS = ("year", "books", "new_books", "borrowings", "is_new", "recognition", "notes")


def library_record_save(
    *, actor: Actor, venue: Venue, data: dict[str, Any], request: HttpRequest | None = None
) -> LibraryRecord:
    """Record (or replace) a worker library's figures for one year."""
    access.ensure_org_in_scope(actor, venue.org, access.CHANGE)
    if venue.kind != VenueKind.WORKER_LIBRARY:
        raise CompetitionError({"venue": "该阵地不是职工书屋"})
    clean, errors = clean_library(data)
    if errors:
        raise CompetitionError(errors)
    record = LibraryRecord.objects.filter(venue=venue, year=clean["year"]).first()
    before = snapshot(record, LIBRARY_FIELDS) if record else {}
    record = record or LibraryRecord(venue=venue)
    for field, value in clean.items():
        setattr(record, field, value)
    with transaction.atomic():
        save_audited(actor, "library.record", record, LIBRARY_FIELDS, before, request, target=venue)
    return record


CULTURE_FIELDS = (
    "kind",
    "title",
    "start_on",
    "end_on",
    "teams",
    "participants",
    "results",
    "org_id",
)


def culture_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> CultureEvent:
    """Record a sports or culture event organised by `org`."""
    org = org_to_write(actor, org)
    clean, errors = clean_culture(data)
    if errors:
        raise CompetitionError(errors)
    event = CultureEvent(org=org, **clean)
    with transaction.atomic():
        save_audited(actor, "culture.create", event, CULTURE_FIELDS, {}, request)
    return event


def culture_update(
    *, actor: Actor, event: CultureEvent, data: dict[str, Any], request: HttpRequest | None = None
) -> CultureEvent:
    access.ensure_org_in_scope(actor, event.org, access.CHANGE)
    data = dict(data)
    new_org = data.pop("org", None)
    clean, errors = clean_culture(data, partial=True)
    if not errors and clean.get("end_on", event.end_on) < clean.get("start_on", event.start_on):
        errors["end_on"] = "结束日期不能早于开始日期"
    if errors:
        raise CompetitionError(errors)
    before = snapshot(event, CULTURE_FIELDS)
    if new_org:
        event.org = org_to_write(actor, new_org)
    for field, value in clean.items():
        setattr(event, field, value)
    with transaction.atomic():
        save_audited(actor, "culture.update", event, CULTURE_FIELDS, before, request)
    return event
