"""Writes to the member roster: create, update, transfer. Each one audits in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.audit.services import diff
from kesu.audit.writes import audit_changes, audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.members.models import Member, Transfer
from kesu.members.validation import (
    PROTECTED_COLUMNS,
    clean_member_data,
    id_number_hash,
    protected_fields,
)
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import lock_in_scope

# Fields whose before/after values are audited in clear: the record's columns without the
# encrypted numbers and their hashes and tails (the masks stand for them).
AUDITED_FIELDS = tuple(c for c in PROTECTED_COLUMNS if not c.endswith(("_enc", "_hash", "_tail")))


class MemberError(ServiceError):
    """Validation failure: `errors` maps field names to Chinese messages."""


def member_snapshot(member: Member) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in AUDITED_FIELDS:
        value = getattr(member, field)
        out[field] = value.isoformat() if isinstance(value, dt.date) else value
    out["org"] = member.org.code
    return out


# Said of an ID number held by a member the actor may not see: that the number cannot be
# registered here and how a member changes unit, never who holds it or where.
ID_NUMBER_UNAVAILABLE = (
    "该身份证号无法在本单位登记，请核对号码；如该职工的会籍在其他工会，须经上级工会办理转会"
)


def id_number_taken(
    *,
    actor: Actor,
    number_hash: str,
    org: Organization,
    exclude_pk: int | None = None,
    request: HttpRequest | None = None,
) -> dict[str, str]:
    """The error for an ID number already on the roster ({} when it is free). Name and unit
    are told only to an actor whose scope holds that member. Every such lookup is audited at
    the holder's unit, so its admins see who asked from where."""
    existing = (
        Member.objects.select_related("org")
        .filter(id_number_hash=number_hash)
        .exclude(pk=exclude_pk)
        .first()
    )
    if existing is None:
        return {}
    visible = access.restrict(Member.objects.filter(pk=existing.pk), actor).exists()
    with transaction.atomic():
        audit_object(
            actor,
            "member.id_number_taken",
            existing,
            {"requesting_org": org.code, "unit_shown": visible},
            request,
            target_type="member",
        )
    if visible:
        return {"id_number": f"该身份证号已登记为会员（{existing.name}，{existing.org.name}）"}
    return {"id_number": ID_NUMBER_UNAVAILABLE}


def member_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Member:
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean, errors = clean_member_data(data)
    if "id_number" in clean:
        errors |= id_number_taken(
            actor=actor, number_hash=id_number_hash(clean["id_number"]), org=org, request=request
        )
    if errors:
        raise MemberError(errors)
    member = Member(org=org, **protected_fields(clean))
    try:
        with transaction.atomic():
            member.save()
            audit_object(
                actor, "member.create", member, diff({}, member_snapshot(member)), request, org=org
            )
    except IntegrityError:  # a concurrent create of the same ID number
        raise MemberError({"id_number": ID_NUMBER_UNAVAILABLE}) from None
    return member


def _refuse_anonymised(member: Member) -> None:
    if member.anonymised_at is not None:
        raise MemberError({"__all__": "该会员的个人信息已注销，不能再修改或转会"})


def member_update(
    *, actor: Actor, member: Member, data: dict[str, Any], request: HttpRequest | None = None
) -> Member:
    """Partial update: only keys present in `data` change. Moving between orgs is a transfer."""
    access.ensure_org_in_scope(actor, member.org, access.CHANGE)
    _refuse_anonymised(member)
    clean, errors = clean_member_data(data, partial=True)
    if "id_number" in clean:
        errors |= id_number_taken(
            actor=actor,
            number_hash=id_number_hash(clean["id_number"]),
            org=member.org,
            exclude_pk=member.pk,
            request=request,
        )
    if errors:
        raise MemberError(errors)
    before = member_snapshot(member)
    for field, value in protected_fields(clean).items():
        setattr(member, field, value)
    with transaction.atomic():
        lock_in_scope(actor, member)
        member.save()
        audit_changes(actor, "member.update", member, before, member_snapshot(member), request)
    return member


def member_transfer(
    *,
    actor: Actor,
    member: Member,
    to_org: Organization,
    on: dt.date | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Transfer:
    """Move a member to another organisation inside the actor's scope, keeping history."""
    access.ensure_org_in_scope(actor, member.org, access.CHANGE)
    access.ensure_org_in_scope(actor, to_org, access.CHANGE)
    _refuse_anonymised(member)
    if to_org.pk == member.org_id:
        raise MemberError({"to_org": "转入组织与当前组织相同"})
    from_org = member.org
    with transaction.atomic():
        transfer = Transfer.objects.create(
            member=member,
            from_org=from_org,
            to_org=to_org,
            transferred_on=on or timezone.localdate(),
            reason=reason[:200],
            created_by=actor if actor.pk else None,
        )
        member.org = to_org
        member.save(update_fields=["org", "updated_at"])
        audit_object(
            actor,
            "member.transfer",
            member,
            {"org": [from_org.code, to_org.code], "reason": reason},
            request,
            org=to_org,
        )
        # The losing side's admins see the move in their log as well.
        audit_object(
            actor,
            "member.transfer_out",
            member,
            {"org": [from_org.code, to_org.code]},
            request,
            org=from_org,
        )
    return transfer


def member_reveal(
    *, actor: Actor, member: Member, request: HttpRequest | None = None
) -> dict[str, str]:
    """Decrypt ID number and phone for a permitted role; the access itself is audited."""
    from kesu.core import crypto

    access.ensure_org_in_scope(actor, member.org, access.VIEW)
    if not access.can_view_pii(actor):
        raise access.Forbidden("当前角色无权查看完整身份证号和手机号")
    with transaction.atomic():
        audit_object(actor, "member.reveal", member, request=request)
    return {
        "id_number": crypto.decrypt(member.id_number_enc),
        "phone": crypto.decrypt(member.phone_enc),
    }
