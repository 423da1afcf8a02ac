"""Enrolment (报名): by staff picking members, by a member for themselves, or from a sheet.

Capacity is enforced inside a transaction that locks the course row (select_for_update), so
two concurrent enrolments can never overbook; a duplicate is a clear message, never an
error page. A sheet is all or nothing: any bad row and nothing is stored.
"""

from __future__ import annotations

from typing import IO, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.accounts.models import Role
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.importing import ImportResult, Row, RowProblems, SheetImport
from kesu.core.sheets import Sheet
from kesu.members.idnumber import IdNumberError, parse_id_number
from kesu.members.models import Member
from kesu.members.phone import PhoneError, parse_phone
from kesu.members.picked import MembersAdded, picked_current
from kesu.members.selectors import not_current_message
from kesu.members.validation import id_number_hash, person_name, phone_hash
from kesu.orgs import access
from kesu.training.models import Course, Enrolment, EnrolmentSource
from kesu.training.validation import TrainingError

SHEET_ALIASES = {
    "name": ["姓名", "名字"],
    "id_number": ["身份证号", "身份证", "身份证号码", "公民身份号码"],
    "phone": ["手机号", "手机", "手机号码", "联系电话", "电话"],
}
SHEET_LABELS = {"name": "姓名", "id_number": "身份证号", "phone": "手机号"}
MAX_SHEET_ROWS = 5000


def _full_message(course: Course) -> str:
    return f"报名人数已满（名额{course.capacity}人）"


def _lock(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


def _room(course: Course, extra: int) -> bool:
    if course.capacity is None:
        return True
    return course.enrolments.count() + extra <= course.capacity


def enrol_members(
    *,
    actor: Actor,
    course: Course,
    members: list[Member],
    source: str = EnrolmentSource.STAFF,
    request: HttpRequest | None = None,
) -> MembersAdded:
    """Staff enrol members of their scope; members already enrolled are counted, not
    repeated. Refused as a whole when the new ones do not fit in the remaining places."""
    access.ensure_org_in_scope(actor, course.org, access.CHANGE)
    ids = picked_current(actor, members, "报名", TrainingError)
    result = MembersAdded(rows=len(ids))
    with transaction.atomic():
        locked = _lock(course)
        existing = set(
            locked.enrolments.filter(member_id__in=ids).values_list("member_id", flat=True)
        )
        new = sorted(ids - existing)
        if not _room(locked, len(new)):
            left = max(0, (locked.capacity or 0) - locked.enrolments.count())
            raise TrainingError(
                {"member": f"{_full_message(locked)}，还可报名{left}人，本次选择了{len(new)}人"}
            )
        Enrolment.objects.bulk_create(
            [Enrolment(course=locked, member_id=pk, source=source, created_by=actor) for pk in new]
        )
        result.added, result.already = len(new), len(existing)
        audit_object(
            actor,
            "enrolment.add",
            locked,
            {"member_ids": new, "already": result.already, "source": source},
            request,
            target_type="course",
            label=locked.title,
        )
    return result


def login_member(user: Actor) -> Member | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role != Role.MEMBER or not user.member_id:
        return None
    return Member.objects.select_related("org").current().filter(pk=user.member_id).first()


def open_to(course: Course, member: Member) -> bool:
    """Courses of the member's own organisation or of one of its ancestors."""
    return member.org.path.startswith(course.org.path)


def enrol_self(*, user: Actor, course: Course, request: HttpRequest | None = None) -> Enrolment:
    """A member enrols themselves: self-enrolment allowed, before the deadline, with room."""
    member = login_member(user)
    if member is None:
        raise TrainingError({"member": "当前账号未对应会员名册，无法自行报名，请联系所在工会"})
    if not open_to(course, member):
        raise access.NotFound()
    if not course.self_enrol:
        raise TrainingError({"course": "该课程不开放自行报名，请联系主办单位报名"})
    today = timezone.localdate()
    if course.enrol_deadline and today > course.enrol_deadline:
        deadline = course.enrol_deadline.isoformat()
        raise TrainingError({"course": f"报名已于 {deadline} 截止"})
    try:
        with transaction.atomic():
            locked = _lock(course)
            if locked.enrolments.filter(member=member).exists():
                raise TrainingError({"course": "您已报名该课程，无需重复报名"})
            if not _room(locked, 1):
                raise TrainingError({"course": _full_message(locked)})
            enrolment = Enrolment.objects.create(
                course=locked, member=member, source=EnrolmentSource.SELF, created_by=user
            )
            audit_object(
                user,
                "enrolment.self",
                locked,
                {"member_id": member.pk},
                request,
                target_type="course",
                label=locked.title,
            )
    except IntegrityError:  # a concurrent click of the same member
        raise TrainingError({"course": "您已报名该课程，无需重复报名"}) from None
    return enrolment


def enrol_one(
    *, actor: Actor, course: Course, member: Member, request: HttpRequest | None = None
) -> Enrolment:
    """Staff enrol one member; a duplicate is an error here (the API's POST)."""
    if course.enrolments.filter(member=member).exists():
        raise TrainingError({"member": f"{member.name}已报名该课程，不能重复报名"})
    enrol_members(actor=actor, course=course, members=[member], request=request)
    return course.enrolments.get(member=member)


def enrolment_cancel(
    *, actor: Actor, enrolment: Enrolment, request: HttpRequest | None = None
) -> None:
    """Cancel an enrolment (取消报名): staff of the course's scope, or the member themselves.
    Refused once a certificate was issued (it names the enrolment)."""
    course = enrolment.course
    if access.can(actor, access.VIEW):
        access.ensure_org_in_scope(actor, course.org, access.CHANGE)
    elif getattr(actor, "member_id", None) != enrolment.member_id:
        raise access.NotFound()
    with transaction.atomic():
        _lock(course)
        if hasattr(enrolment, "certificate") and enrolment.certificate is not None:
            raise TrainingError({"course": "已发放结业证书，不能取消报名"})
        member_id = enrolment.member_id
        enrolment.delete()
        audit_object(
            actor, "enrolment.cancel", course, {"member_id": member_id}, request, label=course.title
        )


def _sheet_member(actor: Actor, values: dict[str, Any]) -> Member | list[tuple[str, str]]:
    """The roster member a sheet row names (ID number, or phone + name), or its errors."""
    name = person_name(values.get("name"))
    raw_id = str(values.get("id_number") or "").strip()
    scoped = access.restrict(Member.objects.all(), actor)
    if raw_id:
        try:
            number = parse_id_number(raw_id).value
        except IdNumberError as exc:
            return [("id_number", str(exc))]
        member = scoped.filter(id_number_hash=id_number_hash(number)).first()
        if member is None:
            return [("id_number", "名册中没有该身份证号的会员（或不在您的管辖范围内）")]
        if not member.is_current:
            return [("id_number", not_current_message([member], "报名"))]
        if name and person_name(member.name) != name:
            return [("name", f"姓名与名册不符（名册为“{member.name}”）")]
        return member
    try:
        phone = parse_phone(values.get("phone"))
    except PhoneError as exc:
        return [("phone", str(exc))]
    if not phone:
        return [("id_number", "请填写身份证号或手机号")]
    candidates = [
        m
        for m in scoped.current().filter(phone_hash=phone_hash(phone))
        if not name or person_name(m.name) == name
    ]
    if not candidates:
        return [("phone", "名册中没有该手机号的会员（或姓名不符、不在您的管辖范围内）")]
    if len(candidates) > 1:
        return [("phone", "该手机号对应多名会员，请改填身份证号")]
    return candidates[0]


class _EnrolImport(SheetImport[Member]):
    """Rows naming roster members; all enrolled at once by enrol_members (places, audit)."""

    aliases = SHEET_ALIASES
    labels = SHEET_LABELS
    error = TrainingError

    def __init__(
        self, *, actor: Actor, course: Course, request: HttpRequest | None, **options: Any
    ) -> None:
        super().__init__(dry_run=False, **options)
        self.actor, self.course, self.request = actor, course, request
        self.picked: list[Member] = []

    def open(self, source: str | IO[bytes]) -> Sheet:
        sheet = super().open(source)
        if not {"phone", "id_number"} & set(sheet.columns.values()):
            raise TrainingError({"file": "表格需要“身份证号”或“手机号”列"})
        return sheet

    def clean(self, row: Row[Member]) -> Member:
        if self.result.rows > MAX_SHEET_ROWS:
            raise TrainingError({"file": f"一次最多导入{MAX_SHEET_ROWS}行，请分批导入"})
        outcome = _sheet_member(self.actor, row.record)
        if isinstance(outcome, list):
            raise RowProblems(dict(outcome))
        if (first := self.first_row(outcome.pk, row.number)) is not None:
            raise RowProblems({"name": f"与第{first}行是同一人（{outcome.name}）"})
        return outcome

    def write(self, values: list[Member]) -> None:
        self.picked += values

    def finish(self) -> None:
        done = enrol_members(
            actor=self.actor,
            course=self.course,
            members=self.picked,
            source=EnrolmentSource.IMPORT,
            request=self.request,
        )
        self.result.created, self.result.unchanged = done.added, done.already


def enrol_import(
    *, actor: Actor, course: Course, source: str | IO[bytes], request: HttpRequest | None = None
) -> ImportResult:
    """Bulk enrolment from a sheet (姓名 + 身份证号 or 手机号). All or nothing: when any row
    is wrong, every error is reported as a RowError and nothing is stored (created: newly
    enrolled, unchanged: enrolled before)."""
    access.ensure_org_in_scope(actor, course.org, access.CHANGE)
    result = _EnrolImport(actor=actor, course=course, request=request).run(source)
    if not result.errors and not result.applied:
        raise TrainingError({"file": "表格中没有数据行"})
    return result
