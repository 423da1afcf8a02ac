"""Personal information of a member who left (PIPL): anonymisation, irreversible and audited.

The row stays, so every figure that counted the member still counts them (gender, education,
birth month, organisation, migrant worker, join date, attendance and results); what names or
reaches the person goes: name, ID number, phone, notes, employer and the birth day, with the
keyed hashes that would let an ID number or phone find the row again, including the hashes
other records copied from it (`hash_copies`, see kesu.core.keyring). A linked login is
closed and unlinked. The audit row records which fields were cleared, never their values.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.keyring import hash_copies
from kesu.members.choices import MemberStatus
from kesu.members.models import Member
from kesu.members.services import MemberError
from kesu.members.validation import PHONE_COLUMNS
from kesu.orgs import access

CLEARED = (
    "id_number_enc",
    "id_number_masked",
    "id_tail",
    *PHONE_COLUMNS,
    "notes",
    "employer_name",
)


def anonymised_name(member: Member) -> str:
    return f"已注销会员#{member.pk}"


def _copied_hashes(member: Member) -> int:
    """Blank the hashes other records copied from this member (e.g. a hardship file's)."""
    cleared = 0
    for model, field, path in hash_copies():
        relation = path.partition("__")[0]
        if model._meta.get_field(relation).related_model is Member:
            cleared += model._default_manager.filter(**{relation: member}).update(**{field: ""})
    return cleared


def _close_login(member: Member) -> bool:
    user = get_user_model()._default_manager.filter(member=member).first()
    if user is None:
        return False
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.email = user.display_name = ""
    user.is_active, user.member = False, None
    user.set_unusable_password()
    user.save()
    return True


def member_anonymise(
    *, actor: Actor, member: Member, confirm_name: str, request: HttpRequest | None = None
) -> Member:
    """Anonymise a member who has left (退会). `confirm_name` must repeat the member's name:
    there is no way back."""
    if not access.can(actor, access.MANAGE):
        raise access.Forbidden("只有单位管理员可以注销会员个人信息")
    access.ensure_org_in_scope(actor, member.org, access.MANAGE)
    if member.anonymised_at is not None:
        raise MemberError({"confirm_name": "该会员的个人信息已注销"})
    if member.status != MemberStatus.WITHDRAWN:
        raise MemberError({"confirm_name": "只有已退会的会员才能注销个人信息"})
    if confirm_name.strip() != member.name:
        raise MemberError({"confirm_name": "请输入该会员的姓名以确认（注销后不可恢复）"})
    with transaction.atomic():
        locked = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
        access.ensure_org_in_scope(actor, locked.org, access.MANAGE)
        if locked.anonymised_at is not None or locked.status != MemberStatus.WITHDRAWN:
            raise MemberError({"confirm_name": "该会员的状态已变化，请刷新后重试"})
        for field in CLEARED:
            setattr(locked, field, "")
        locked.name = anonymised_name(locked)
        # The hash is unique and required: a value no keyed hash (hex) can ever equal.
        locked.id_number_hash = f"anonymised:{locked.pk}"
        locked.birth_date = locked.birth_date.replace(day=1)  # age bands keep counting
        locked.anonymised_at = timezone.now()
        locked.save()
        copies, login = _copied_hashes(locked), _close_login(locked)
        audit_object(
            actor,
            "member.anonymise",
            locked,
            {
                "cleared": ["name", "id_number", "phone", "birth_day", "employer_name", "notes"],
                "copied_hashes": copies,
                "login_closed": login,
            },
            request,
            target_type="member",
            label=locked.name,
        )
    return locked
