"""Writes to the leading group, work areas, meetings and teams. Each checks scope, validates
with the model's own rules and writes its audit row in the same transaction
(kesu.leadership.records)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest

from kesu.accounts.models import User
from kesu.activities.attachments import AttachmentError, check_document
from kesu.activities.models import Activity
from kesu.audit.stored import delete_after_commit, keep_file
from kesu.core import crypto
from kesu.core.actors import Actor
from kesu.leadership.models import (
    GroupMember,
    LeadingGroup,
    Meeting,
    Team,
    Volunteer,
    VolunteerService,
    WorkArea,
)
from kesu.leadership.records import (
    Kind,
    RecordError,
    delete_record,
    in_scope,
    owner,
    record_create,
    record_update,
)
from kesu.members.idnumber import IdNumberError, mask_id_number, parse_id_number
from kesu.members.models import Member
from kesu.members.phone import PhoneError, parse_phone
from kesu.members.validation import id_number_hash, phone_fields
from kesu.orgs import access

__all__ = ["RecordError"]

KINDS = {
    k.code: k
    for k in (
        Kind(
            "leading_group",
            LeadingGroup,
            ("year", "name", "office_section", "office_contact", "office_phone", "notes"),
            "org",
            "领导小组",
        ),
        Kind(
            "group_member",
            GroupMember,
            ("role", "name", "job_title", "user", "position"),
            "group",
            "领导小组成员",
        ),
        Kind(
            "work_area",
            WorkArea,
            ("year", "area", "leader_in_charge", "lead_section", "responsible_staff", "notes"),
            "org",
            "工作分工",
        ),
        Kind(
            "meeting",
            Meeting,
            ("mode", "held_on", "level", "topic", "attendees", "decisions"),
            "org",
            "会议",
        ),
        Kind("team", Team, ("kind", "name", "founded_on", "is_active", "notes"), "org", "队伍"),
        Kind(
            "volunteer",
            Volunteer,
            (
                "member",
                "name",
                "employer",
                "speciality",
                "joined_on",
                "is_active",
                "phone_enc",
                "phone_hash",
                "phone_masked",
                "id_number_enc",
                "id_number_hash",
                "id_number_masked",
            ),
            "team",
            "队员",
        ),
        Kind(
            "volunteer_service",
            VolunteerService,
            ("activity", "served_on", "hours", "notes"),
            "volunteer",
            "志愿服务",
        ),
    )
}

# Ids that arrive from forms or the API, each looked up inside the actor's scope.
_REFS = {
    "user": (User.objects.all(), "org"),
    "member": (Member.objects.all(), "org"),
    "activity": (Activity.objects.all(), "org"),
}


def _resolved(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for field, (qs, org_field) in _REFS.items():
        if field in out:
            out[field] = in_scope(qs, actor, out[field], field, org_field)
    return out


def _protected(data: dict[str, Any]) -> dict[str, Any]:
    """A volunteer's plain phone and ID number become ciphertext, keyed hash and mask, the
    way members keep theirs ("" clears them)."""
    out = {k: v for k, v in data.items() if k not in ("phone", "id_number")}
    if "phone" in data:
        try:
            phone = parse_phone(data["phone"])
        except PhoneError as exc:
            raise RecordError({"phone": str(exc)}) from None
        out.update(
            phone_fields(phone)
            if phone
            else dict.fromkeys(("phone_enc", "phone_hash", "phone_masked"), "")
        )
    if "id_number" in data:
        raw = str(data["id_number"] or "").strip()
        if raw:
            try:
                number = parse_id_number(raw).value
            except IdNumberError as exc:
                raise RecordError({"id_number": str(exc)}) from None
            out |= {
                "id_number_enc": crypto.encrypt(number),
                "id_number_hash": id_number_hash(number),
                "id_number_masked": mask_id_number(number),
            }
        else:
            out |= dict.fromkeys(("id_number_enc", "id_number_hash", "id_number_masked"), "")
    member = out.get("member")
    if member is not None and not str(out.get("name") or "").strip():
        out["name"] = member.name
    return out


def _prepared(kind: str, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    data = _resolved(actor, data)
    return _protected(data) if kind == "volunteer" else data


def record_add(
    kind: str,
    *,
    actor: Actor,
    parent: Any,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Any:
    """Create a record of `kind` (a key of KINDS) under `parent`."""
    return record_create(
        KINDS[kind], actor=actor, parent=parent, data=_prepared(kind, actor, data), request=request
    )


def record_change(
    kind: str, *, actor: Actor, obj: Any, data: dict[str, Any], request: HttpRequest | None = None
) -> Any:
    """Partial update: only the keys present in `data` change."""
    return record_update(
        KINDS[kind], actor=actor, obj=obj, data=_prepared(kind, actor, data), request=request
    )


def meeting_minutes_attach(
    *,
    actor: Actor,
    meeting: Meeting,
    upload: UploadedFile | None,
    request: HttpRequest | None = None,
) -> Meeting:
    """Attach (or replace) the minutes: a PDF or Office document checked like an activity's
    attachment (size, leading bytes, archive bounds)."""
    access.ensure_org_in_scope(actor, meeting.org, access.CHANGE)
    try:
        ext = check_document(upload)
    except AttachmentError as exc:
        raise RecordError(exc.errors) from None
    assert upload is not None  # check_document refuses a missing file
    original = PurePath(upload.name or "").name[:200]
    before, meeting.minutes_name = meeting.minutes_name, original
    try:
        keep_file(
            meeting,
            upload,
            ext,
            actor=actor,
            action="meeting.minutes",
            target=meeting,
            changes={"minutes": [before or None, original]},
            request=request,
            field="minutes",
            name=original,
            update_fields=["minutes", "minutes_name"],
            org=owner(meeting),
        )
    except Exception:
        meeting.minutes_name = before
        raise
    return meeting


def volunteer_phone(*, actor: Actor, volunteer: Volunteer) -> str:
    """The full phone for roles allowed to see personal data, else the mask."""
    if volunteer.phone_enc and access.can_view_pii(actor):
        return crypto.decrypt(volunteer.phone_enc)
    return volunteer.phone_masked


def record_remove(kind: str, *, actor: Actor, obj: Any, request: HttpRequest | None = None) -> None:
    """Delete a record of `kind` (its children go with it); audited. A meeting's minutes file
    is deleted once the transaction commits."""
    with transaction.atomic():
        delete_record(obj, actor=actor, kind=KINDS[kind].code, request=request)
        if isinstance(obj, Meeting) and obj.minutes:
            delete_after_commit(obj.minutes)
