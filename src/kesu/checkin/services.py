"""Writes of attendance (签到): public check-in by name + phone or by a member's login, staff
picks, sheet import.

A person counts once per session: the unique constraints on Attendance decide, and a
concurrent duplicate (IntegrityError) is reported as "already checked in", never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.http import HttpRequest

from kesu.accounts.models import Role
from kesu.activities.choices import AttendanceSource
from kesu.activities.models import Activity, Attendance
from kesu.audit.writes import audit_object
from kesu.checkin.ratelimit import check_rate
from kesu.checkin.recording import (
    confirm,
    member_lookup,
    record,
    record_by_phone,
)
from kesu.checkin.tokens import session_count
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.core.importing import ImportResult, Row, SheetImport
from kesu.core.sheets import Sheet
from kesu.members.idnumber import IdNumberError, parse_id_number
from kesu.members.models import Member
from kesu.members.phone import PhoneError, parse_phone
from kesu.members.picked import MembersAdded, picked_current
from kesu.members.selectors import not_current_message
from kesu.members.validation import id_number_hash, person_name
from kesu.orgs import access

NAME_MAX = 60

SHEET_ALIASES = {
    "name": ["姓名", "名字", "签到人"],
    "phone": ["手机号", "手机", "手机号码", "联系电话", "电话"],
    "id_number": ["身份证号", "身份证", "身份证号码", "公民身份号码"],
}
SHEET_LABELS = {"name": "姓名", "phone": "手机号", "id_number": "身份证号"}


class CheckinError(ServiceError):
    """Input that cannot be recorded: `fields` maps form fields to Chinese messages."""

    @property
    def fields(self) -> dict[str, str]:
        return self.errors


@dataclass
class CheckinResult:
    attendance: Attendance
    created: bool  # False: this person had already checked in to the session

    @property
    def is_guest(self) -> bool:
        return self.attendance.member_id is None


def _check_session(activity: Activity, session: int) -> None:
    if not 0 <= session < session_count(activity):
        raise CheckinError({"session": "场次不存在"})


def checkin_by_phone(
    *, activity: Activity, session: int, name: Any, phone: Any, ip: str | None = None
) -> CheckinResult:
    """Public check-in (扫码签到): a current roster member of the organiser's subtree when
    phone and name match (a name one character off is flagged for staff), otherwise a guest
    with a protected phone; one row per phone and session (kesu.checkin.recording).
    Rate-limited per client address and per activity."""
    errors: dict[str, str] = {}
    clean = person_name(name)
    if not clean:
        errors["name"] = "请填写姓名"
    elif len(clean) > NAME_MAX:
        errors["name"] = f"姓名过长（最多{NAME_MAX}个字）"
    try:
        number = parse_phone(phone)
        if not number:
            errors["phone"] = "请填写手机号"
    except PhoneError as exc:
        errors["phone"] = str(exc)
    if errors:
        raise CheckinError(errors)
    _check_session(activity, session)
    check_rate(ip=ip, activity_id=activity.pk)
    att, created = record_by_phone(
        activity, session, clean, number, {"source": AttendanceSource.QR}
    )
    return CheckinResult(att, created)


OUTSIDE_SUBTREE = "您的会员档案不属于本活动主办单位及其下级工会，请填写姓名和手机号签到。"
NOT_LINKED = "当前账号未对应会员名册，请填写姓名和手机号签到。"


def login_member(user: Actor) -> Member | None:
    """The current roster member (在册) behind a logged-in member-role account, if any."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role != Role.MEMBER or not user.member_id:
        return None
    current = Member.objects.select_related("org").current()
    return current.filter(pk=user.member_id).first()


def login_checkin_state(*, activity: Activity, user: Actor) -> tuple[Member | None, str]:
    """(member who may check in with one tap, or None; message when the login cannot be used).
    Anyone else (anonymous, other roles, an unlinked account) gets (None, "")."""
    member = login_member(user)
    if member is None:
        return None, ""
    if not member.org.path.startswith(activity.org.path):
        return None, OUTSIDE_SUBTREE
    return member, ""


def checkin_logged_in(
    *, activity: Activity, session: int, user: Actor, ip: str | None = None
) -> CheckinResult:
    """Check-in while logged in (登录签到): the account's roster member, who must belong to the
    organiser's subtree. Same rate limits and duplicate handling as checkin_by_phone."""
    member = login_member(user)
    if member is None:
        raise CheckinError({"login": NOT_LINKED})
    if not member.org.path.startswith(activity.org.path):
        raise CheckinError({"login": OUTSIDE_SUBTREE})
    _check_session(activity, session)
    check_rate(ip=ip, activity_id=activity.pk)
    att, created = record(
        member_lookup(activity, session, member), {"source": AttendanceSource.LOGIN}
    )
    return CheckinResult(confirm(att), created)


def attendance_add_members(
    *,
    actor: Actor,
    activity: Activity,
    session: int,
    members: list[Member],
    request: HttpRequest | None = None,
) -> MembersAdded:
    """Staff records attendance for members picked from the roster (工作人员登记)."""
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    _check_session(activity, session)
    ids = picked_current(actor, members, "登记签到", CheckinError)
    result = MembersAdded(rows=len(ids))
    with transaction.atomic():
        for member in members:
            att, created = record(
                member_lookup(activity, session, member),
                {"source": AttendanceSource.STAFF, "created_by": actor},
            )
            confirm(att)
            result.added += created
            result.already += not created
        audit_object(
            actor,
            "attendance.add",
            activity,
            {
                "session": session,
                "member_ids": sorted(ids),
                "added": result.added,
                "already": result.already,
            },
            request,
            label=activity.title,
        )
    return result


def _import_row(
    actor: Actor, values: dict[str, Any]
) -> Member | tuple[str, str] | list[tuple[str, str]]:
    """What one sheet row names: the member (by ID number), (name, phone) for the roster
    match at recording time, or the row's errors as [(field, message)]."""
    name = person_name(values.get("name"))
    raw_id = str(values.get("id_number") or "").strip()
    raw_phone = values.get("phone")
    errors: list[tuple[str, str]] = []
    if not name:
        errors.append(("name", "姓名不能为空"))
    elif len(name) > NAME_MAX:
        errors.append(("name", f"姓名过长（最多{NAME_MAX}个字）"))
    if raw_id:
        try:
            number = parse_id_number(raw_id).value
        except IdNumberError as exc:
            return [*errors, ("id_number", str(exc))]
        member = (
            access.restrict(Member.objects.all(), actor)
            .filter(id_number_hash=id_number_hash(number))
            .first()
        )
        if member is None:
            return [*errors, ("id_number", "名册中没有该身份证号的会员（或不在您的管辖范围内）")]
        refused = not_current_message([member], "签到")
        if refused:
            return [*errors, ("id_number", refused)]
        if name and person_name(member.name) != name:
            errors.append(("name", f"姓名与名册不符（名册为“{member.name}”）"))
        return errors or member
    try:
        phone = parse_phone(raw_phone)
    except PhoneError as exc:
        return [*errors, ("phone", str(exc))]
    if not phone:
        return [*errors, ("phone", "请填写手机号或身份证号")]
    return errors or (name, phone)


class _AttendanceImport(SheetImport[Member | tuple[str, str]]):
    """Every valid row is recorded; each invalid one is reported and skipped."""

    aliases = SHEET_ALIASES
    required = ("name",)
    labels = SHEET_LABELS
    error = CheckinError
    all_or_nothing = False

    def __init__(
        self,
        *,
        actor: Actor,
        activity: Activity,
        session: int,
        request: HttpRequest | None,
        **options: Any,
    ) -> None:
        super().__init__(dry_run=False, **options)
        self.actor, self.activity, self.session, self.request = actor, activity, session, request
        self.values = {"source": AttendanceSource.IMPORT, "created_by": actor}

    def open(self, source: str | IO[bytes]) -> Sheet:
        sheet = super().open(source)
        if not {"phone", "id_number"} & set(sheet.columns.values()):
            raise CheckinError({"file": "表格需要“手机号”或“身份证号”列"})
        return sheet

    def clean(self, row: Row[Member | tuple[str, str]]) -> Member | tuple[str, str]:
        outcome = _import_row(self.actor, row.record)
        if isinstance(outcome, list):
            for name, message in outcome:
                self.reject(row.number, name, message)
            return ("", "")
        return outcome

    def write(self, values: list[Member | tuple[str, str]]) -> None:
        activity, session = self.activity, self.session
        for plan in values:
            if isinstance(plan, Member):
                _, created = record(member_lookup(activity, session, plan), self.values)
            else:
                _, created = record_by_phone(activity, session, *plan, self.values)
            self.result.created += created
            self.result.unchanged += not created

    def finish(self) -> None:
        result = self.result
        changes = {
            "session": self.session,
            "rows": result.rows,
            "added": result.created,
            "already": result.unchanged,
            "rejected": result.error_rows,
        }
        audit_object(self.actor, "attendance.import", self.activity, changes, self.request)


def attendance_import(
    *,
    actor: Actor,
    activity: Activity,
    session: int,
    source: str | IO[bytes],
    request: HttpRequest | None = None,
) -> ImportResult:
    """Import an attendance sheet (.xlsx: 姓名 + 手机号 or 身份证号). Every valid row is
    recorded (created: new check-ins, unchanged: already checked in); each invalid one is
    reported as a RowError and skipped."""
    access.ensure_org_in_scope(actor, activity.org, access.CHANGE)
    _check_session(activity, session)
    job = _AttendanceImport(actor=actor, activity=activity, session=session, request=request)
    return job.run(source)
