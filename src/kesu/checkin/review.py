"""Staff review of uncertain matches (姓名待核对): a phone matched a current member but the
typed name was one character off. Staff either confirm the member, or record the row as a
guest of that phone (someone else used it). Both are audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from kesu.activities.models import Activity, Attendance
from kesu.audit.writes import audit_object
from kesu.checkin.recording import confirm
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs import access


class ReviewError(ServiceError):
    """The row is no longer waiting for review (confirmed or changed meanwhile)."""

    code = "checkin_review"
    status = 409


def unconfirmed_list(*, activity: Activity) -> QuerySet[Attendance]:
    """Rows of an activity (obtained through activity_get) whose name staff should check."""
    return (
        activity.attendances.filter(name_unconfirmed=True)
        .select_related("member", "member__org")
        .order_by("checked_in_at", "id")
    )


def _pending(actor: Actor, activity: Activity, pk: int) -> Attendance:
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    att = (
        activity.attendances.select_for_update()  # no join: PostgreSQL locks no outer join
        .filter(pk=pk, name_unconfirmed=True)
        .first()
    )
    if att is None:
        raise ReviewError("该签到记录已核对过或不存在，请刷新页面。")
    return att


def _audit(
    actor: Actor, att: Attendance, action: str, request: HttpRequest | None, **changes: Any
) -> None:
    activity = att.activity
    audit_object(
        actor,
        action,
        activity,
        {"attendance_id": att.pk, "session": att.session, **changes},
        request,
        label=activity.title,
    )


def attendance_confirm(
    *, actor: Actor, activity: Activity, pk: int, request: HttpRequest | None = None
) -> Attendance:
    """Staff confirm that the near name is the roster member's (确认为会员)."""
    with transaction.atomic():
        att = _pending(actor, activity, pk)
        typed = att.guest_name
        confirm(att)
        _audit(actor, att, "attendance.confirm", request, member_id=att.member_id, typed_name=typed)
    return att


def attendance_mark_guest(
    *, actor: Actor, activity: Activity, pk: int, request: HttpRequest | None = None
) -> Attendance:
    """Staff record the row as a guest with the typed name and the member's phone (标记为来宾):
    the phone still counts once, the member is not credited."""
    with transaction.atomic():
        att = _pending(actor, activity, pk)
        member = att.member
        if not member.phone_hash:
            raise ReviewError("该会员名册中没有手机号，无法标记为来宾。")
        att.member = None
        att.name_unconfirmed = False
        att.guest_phone_enc = member.phone_enc
        att.guest_phone_hash = member.phone_hash
        att.guest_phone_masked = member.phone_masked
        try:
            with transaction.atomic():
                att.save(
                    update_fields=[
                        "member",
                        "name_unconfirmed",
                        "guest_phone_enc",
                        "guest_phone_hash",
                        "guest_phone_masked",
                    ]
                )
        except IntegrityError:
            raise ReviewError("该手机号在本场次已有来宾签到记录。") from None
        _audit(
            actor,
            att,
            "attendance.mark_guest",
            request,
            member_id=member.pk,
            guest_name=att.guest_name,
        )
    return att
