"""Writes to the member roster: create, update, transfer. Each one audits in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.audit.services import audit_record, diff
from kesu.members.models import Member, Transfer
from kesu.members.validation import clean_member_data, id_number_hash, protected_fields
from kesu.orgs import access
from kesu.orgs.models import Organization

# Fields whose before/after values are audited in clear; protected ones appear masked.
AUDITED_FIELDS = (
    "name", "gender", "birth_date", "id_number_masked", "phone_masked", "ethnicity", "education",
    "political_status", "employer_name", "occupation", "is_migrant_worker", "joined_on",
    "status", "notes",
)  # fmt: skip


class MemberError(ValueError):
    """Validation failure: `errors` maps field names to Chinese messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


def member_snapshot(member: Member) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in AUDITED_FIELDS:
        value = getattr(member, field)
        out[field] = value.isoformat() if isinstance(value, dt.date) else value
    out["org"] = member.org.code
    return out


def _duplicate_error(user: Any, number_hash: str, exclude_pk: int | None = None) -> dict[str, str]:
    existing = Member.objects.filter(id_number_hash=number_hash).exclude(pk=exclude_pk).first()
    if existing is None:
        return {}
    if access.restrict(Member.objects.filter(pk=existing.pk), user).exists():
        return {"id_number": f"该身份证号已登记为会员（{existing.name}，{existing.org.name}）"}
    return {"id_number": "该身份证号已在其他单位登记为会员，请联系对方单位办理转会"}


def member_create(
    *, actor: Any, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Member:
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    clean, errors = clean_member_data(data)
    if "id_number" in clean:
        errors |= _duplicate_error(actor, id_number_hash(clean["id_number"]))
    if errors:
        raise MemberError(errors)
    member = Member(org=org, **protected_fields(clean))
    try:
        with transaction.atomic():
            member.save()
            audit_record(
                actor=actor, action="member.create", target_type="member", target_id=member.pk,
                target_repr=str(member), org_path=org.path,
                changes=diff({}, member_snapshot(member)), request=request,
            )  # fmt: skip
    except IntegrityError:  # a concurrent create of the same ID number
        raise MemberError({"id_number": "该身份证号已登记为会员"}) from None
    return member


def _refuse_anonymised(member: Member) -> None:
    if member.anonymised_at is not None:
        raise MemberError({"__all__": "该会员的个人信息已注销，不能再修改或转会"})


def member_update(
    *, actor: Any, member: Member, data: dict[str, Any], request: HttpRequest | None = None
) -> Member:
    """Partial update: only keys present in `data` change. Moving between orgs is a transfer."""
    access.ensure_org_in_scope(actor, member.org, access.CHANGE)
    _refuse_anonymised(member)
    clean, errors = clean_member_data(data, partial=True)
    if "id_number" in clean:
        errors |= _duplicate_error(actor, id_number_hash(clean["id_number"]), exclude_pk=member.pk)
    if errors:
        raise MemberError(errors)
    before = member_snapshot(member)
    for field, value in protected_fields(clean).items():
        setattr(member, field, value)
    with transaction.atomic():
        # Re-check inside the transaction: the row must still be in the actor's scope.
        locked = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
        access.ensure_org_in_scope(actor, locked.org, access.CHANGE)
        member.save()
        changes = diff(before, member_snapshot(member))
        if changes:
            audit_record(
                actor=actor, action="member.update", target_type="member", target_id=member.pk,
                target_repr=str(member), org_path=member.org.path, changes=changes, request=request,
            )  # fmt: skip
    return member


def member_transfer(
    *,
    actor: Any,
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
            member=member, from_org=from_org, to_org=to_org,
            transferred_on=on or timezone.localdate(), reason=reason[:200], created_by=actor if actor.pk else None,
        )  # fmt: skip
        member.org = to_org
        member.save(update_fields=["org", "updated_at"])
        audit_record(
            actor=actor, action="member.transfer", target_type="member", target_id=member.pk,
            target_repr=str(member), org_path=to_org.path,
            changes={"org": [from_org.code, to_org.code], "reason": reason}, request=request,
        )  # fmt: skip
        # The losing side's admins see the move in their log as well.
        audit_record(
            actor=actor, action="member.transfer_out", target_type="member", target_id=member.pk,
            target_repr=str(member), org_path=from_org.path,
            changes={"org": [from_org.code, to_org.code]}, request=request,
        )  # fmt: skip
    return transfer


def member_reveal(
    *, actor: Any, member: Member, request: HttpRequest | None = None
) -> dict[str, str]:
    """Decrypt ID number and phone for a permitted role; the access itself is audited."""
    from kesu.core import crypto

    access.ensure_org_in_scope(actor, member.org, access.VIEW)
    if not access.can_view_pii(actor):
        raise access.Forbidden("当前角色无权查看完整身份证号和手机号")
    with transaction.atomic():
        audit_record(
            actor=actor, action="member.reveal", target_type="member", target_id=member.pk,
            target_repr=str(member), org_path=member.org.path, request=request,
        )  # fmt: skip
    return {
        "id_number": crypto.decrypt(member.id_number_enc),
        "phone": crypto.decrypt(member.phone_enc),
    }
