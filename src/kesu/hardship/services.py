"""Writes to hardship files: filing, editing, household members and opening a file (its
life cycle and annual reviews are in `services_lifecycle`). Each checks scope and role,
validates and audits in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.audit.services import diff
from kesu.audit.writes import audit_changes, audit_object
from kesu.core import crypto
from kesu.core.actors import Actor
from kesu.hardship.models import (
    CaseEvent,
    Cause,
    HardshipCase,
    HouseholdMember,
    Status,
    Tier,
)
from kesu.hardship.standards import standard_for, tier_problem
from kesu.hardship.validation import (
    HardshipError,
    boolean,
    can_see_details,
    choice,
    collect,
    date,
    integer,
    money,
    text,
)
from kesu.members.idnumber import IdNumberError, mask_id_number, parse_id_number
from kesu.members.models import Member
from kesu.members.phone import PhoneError, mask_phone, parse_phone
from kesu.members.validation import id_number_hash, person_name
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import apply_in_scope

CASE_TYPE = "hardship_case"  # the audit log's name for a file
_AUDITED = (
    "household_size",
    "income_per_head",
    "cause",
    "tier",
    "is_temporary",
    "filed_on",
    "phone_masked",
    "address",
    "notes",
    "status",
)


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def require_writer(
    actor: Actor, org: Organization, refusal: str = "当前角色无权处理困难职工档案"
) -> None:
    """A write in `org`: inside the actor's scope, by a role allowed the files' details."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    if not can_see_details(actor):
        raise access.Forbidden(refusal)


def _snapshot(case: HardshipCase) -> dict[str, Any]:
    out = {}
    for field in _AUDITED:
        value = getattr(case, field)
        out[field] = (
            value.isoformat()
            if isinstance(value, dt.date)
            else (str(value) if not isinstance(value, bool | int) else value)
        )
    out["org"] = case.org.code
    return out


def _phone(value: Any) -> str:
    raw = text(value)
    if not raw:
        return ""
    try:
        return mask_phone(parse_phone(raw))
    except PhoneError as exc:
        raise ValueError(str(exc)) from None


_PARSERS = {
    "household_size": lambda v: integer(v, "家庭人口", minimum=1, maximum=30),
    "income_per_head": lambda v: money(v, "家庭月人均收入"),
    "cause": lambda v: choice(v, Cause, "致困原因"),
    "tier": lambda v: choice(v, Tier, "困难类别"),
    "is_temporary": boolean,
    "filed_on": lambda v: date(v, "建档日期"),
    "phone_masked": _phone,
    "address": lambda v: text(v)[:200],
    "notes": lambda v: text(v)[:4000],
}


def _clean(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    data = dict(data)
    if "phone" in data:
        data["phone_masked"] = data.pop("phone")
    if not partial and not data.get("filed_on"):
        data["filed_on"] = timezone.localdate()
    clean, errors = collect(data, _PARSERS, partial=partial)
    if errors:
        raise HardshipError(errors)
    return clean


def _check_tier(case: HardshipCase) -> None:
    year = case.filed_on.year
    standard = standard_for(case.org, year)
    problem = tier_problem(case.tier, case.income_per_head, standard, year)
    if problem:
        raise HardshipError({"tier": problem})
    case.standard_amount = standard.monthly_amount if standard else None


def _applicant(actor: Actor, data: dict[str, Any]) -> Member:
    """The applicant: a member in the actor's scope, by id or by full ID number."""
    members = access.restrict(Member.objects.select_related("org"), actor)
    value = data.get("applicant")
    if isinstance(value, Member):
        value = value.pk
    if text(value):
        found = members.filter(pk=text(value)).first() if text(value).isdigit() else None
        if found is None:
            raise HardshipError({"applicant": f"会员编号“{text(value)}”不存在或无权访问"})
        return found
    raw = text(data.get("applicant_id_number"))
    if not raw:
        raise HardshipError({"applicant_id_number": "请填写申请人身份证号（须为会员）"})
    try:
        number = parse_id_number(raw).value
    except IdNumberError as exc:
        raise HardshipError({"applicant_id_number": str(exc)}) from None
    found = members.filter(id_number_hash=id_number_hash(number)).first()
    if found is None:
        raise HardshipError(
            {"applicant_id_number": "未在会员名册中找到该身份证号：困难职工须先登记为会员"}
        )
    return found


def _household_rows(rows: Any) -> list[HouseholdMember]:
    out: list[HouseholdMember] = []
    for i, row in enumerate(rows or [], start=1):
        name, relation = person_name(row.get("name"))[:60], text(row.get("relation"))[:20]
        if not name or not relation:
            raise HardshipError({"household": f"第{i}位家庭成员：姓名和与申请人关系必填"})
        number = text(row.get("id_number"))
        fields: dict[str, str] = {}
        if number:
            try:
                number = parse_id_number(number).value
            except IdNumberError as exc:
                raise HardshipError({"household": f"第{i}位家庭成员（{name}）：{exc}"}) from None
            fields = {
                "id_number_enc": crypto.encrypt(number),
                "id_number_hash": id_number_hash(number),
                "id_number_masked": mask_id_number(number),
            }
        out.append(HouseholdMember(name=name, relation=relation, **fields))
    return out


def _check_duplicate(hashes: set[str], *, exclude: int | None = None) -> None:
    """Refuse a second open file for a household: same applicant or an ID number that is
    already the applicant or a household member of another open file."""
    hashes.discard("")
    if not hashes:
        return
    open_cases = HardshipCase.objects.exclude(status=Status.CLOSED).exclude(pk=exclude)
    clash = (
        open_cases.filter(applicant_id_hash__in=hashes).first()
        or open_cases.filter(household__id_number_hash__in=hashes).first()
    )
    if clash is not None:
        raise HardshipError(
            {
                "applicant": (
                    f"该家庭已有未销档的困难档案（档案编号 {clash.pk}，{clash.org.name}，"
                    f"{clash.get_status_display()}），同一户不能重复建档"
                )
            }
        )


def case_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> HardshipCase:
    """File a household (建档). `data`: applicant (member id) or applicant_id_number,
    household_size, income_per_head, cause, tier, is_temporary, filed_on, phone, address,
    notes and `household` (list of {name, relation, id_number})."""
    require_writer(actor, org)
    applicant = _applicant(actor, data)
    clean = _clean(data, partial=False)
    household = _household_rows(data.get("household"))
    case = HardshipCase(
        org=org,
        applicant=applicant,
        applicant_id_hash=applicant.id_number_hash,
        review_due_on=one_year_after(clean["filed_on"]),
        **clean,
    )
    _check_tier(case)
    _check_duplicate({applicant.id_number_hash} | {h.id_number_hash for h in household})
    with transaction.atomic():
        case.save()
        for person in household:
            person.case = case
        HouseholdMember.objects.bulk_create(household)
        CaseEvent.objects.create(
            case=case,
            on=case.filed_on,
            to_status=Status.FILED,
            reason="临时建档" if case.is_temporary else "建档",
            actor=actor if actor.pk else None,
        )
        audit_object(
            actor,
            "hardship.create",
            case,
            diff({}, _snapshot(case)),
            request,
            target_type=CASE_TYPE,
        )
    return case


def case_update(
    *, actor: Actor, case: HardshipCase, data: dict[str, Any], request: HttpRequest | None = None
) -> HardshipCase:
    """Partial update of the file's facts (not its status: see case_transition)."""
    require_writer(actor, case.org)
    if not case.is_open:
        raise HardshipError({"status": "档案已销档，不能修改"})
    data = {k: v for k, v in data.items() if k not in ("status", "applicant", "household")}
    clean = _clean(data, partial=True)
    before = _snapshot(case)
    with transaction.atomic():
        apply_in_scope(actor, case, clean)
        _check_tier(case)
        case.save()
        after = _snapshot(case)
        audit_changes(actor, "hardship.update", case, before, after, request, target_type=CASE_TYPE)
    return case


def household_add(
    *, actor: Actor, case: HardshipCase, data: dict[str, Any], request: HttpRequest | None = None
) -> HouseholdMember:
    require_writer(actor, case.org)
    if not case.is_open:
        raise HardshipError({"household": "档案已销档，不能修改"})
    (person,) = _household_rows([data])
    _check_duplicate({person.id_number_hash}, exclude=case.pk)
    person.case = case
    with transaction.atomic():
        person.save()
        added = {"household": [None, f"{person.name}（{person.relation}）"]}
        audit_object(actor, "hardship.household_add", case, added, request, target_type=CASE_TYPE)
    return person


def case_open(*, actor: Actor, pk: Any, request: HttpRequest | None = None) -> HardshipCase:
    """A file's full detail for a permitted role; every opening is audited (hardship.view).
    Other roles get Forbidden, out-of-scope ids NotFound."""
    qs = HardshipCase.objects.select_related("org", "applicant")
    case = access.get_for_user(qs, actor, access.VIEW, pk=pk)
    if not can_see_details(actor):
        raise access.Forbidden("当前角色无权查看困难职工档案详情")
    with transaction.atomic():
        audit_object(actor, "hardship.view", case, request=request, target_type=CASE_TYPE)
    return case


def household_id_number(*, actor: Actor, person: HouseholdMember) -> str:
    """Full ID number for roles allowed personal data (KESU_PII_ROLES), else the mask."""
    if person.id_number_enc and access.can_view_pii(actor) and can_see_details(actor):
        return crypto.decrypt(person.id_number_enc)
    return person.id_number_masked
