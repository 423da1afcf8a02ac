"""Writes to employers, union founding, wage agreements and medical-mutual enrolments.

Each one checks scope (the employer's serving union), validates (kesu.employers.validation)
and writes its audit row in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from kesu.audit.services import diff
from kesu.audit.writes import audit_object, plain
from kesu.core.actors import Actor
from kesu.employers.models import Employer, MutualMedicalEnrolment, UnionFounding, WageAgreement
from kesu.employers.validation import (
    EmployerError,
    clean_agreement,
    clean_employer,
    clean_enrolment,
    clean_founding,
)
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.orgs.scoped import apply_in_scope, org_to_write

__all__ = ["EmployerError"]


def _plain(value: Any) -> Any:
    """As the audit log keeps a value (see `plain`), a row as its id in text."""
    return str(value.pk) if isinstance(value, models.Model) else plain(value)


def snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def _audit(actor: Actor, action: str, obj: Any, org: Organization, changes: dict, request) -> None:
    if changes:
        audit_object(actor, action, obj, changes, request, org=org)


def save_audited(
    actor: Actor,
    action: str,
    record: Any,
    fields: tuple[str, ...],
    before: dict[str, Any],
    request: HttpRequest | None,
    *,
    target: Any = None,
    org: Organization | None = None,
    employers: list[Employer] | None = None,
    employers_before: list[int] | None = None,
) -> None:
    """Save `record` inside the caller's transaction and audit what changed in `fields` since
    `before` ({} for a new record) and in its employer list (when `employers` is given), on
    `target` (default: the record) at `org` (default: the target's organisation)."""
    record.save()
    changes = diff(before, snapshot(record, fields))
    replace_employers(record, employers, changes, before=employers_before or [])
    target = record if target is None else target
    _audit(actor, action, target, org or target.org, changes, request)


def write_audited(
    actor: Actor,
    kind: str,
    record: Any,
    clean: dict[str, Any],
    fields: tuple[str, ...],
    request: HttpRequest | None,
    *,
    new_org: Any = None,
    employers: list[Employer] | None = None,
    **audit_at: Any,
) -> Any:
    """Copy `clean` (and a new organisation, resolved in scope) onto `record`, then save and
    audit it as `<kind>.create` (a record without a pk) or `<kind>.update` in one transaction;
    `employers`, when given, replaces the record's employer list. `audit_at`: save_audited's
    `target` and `org`."""
    creating = record.pk is None
    if new_org:
        record.org = org_to_write(actor, new_org)
    before = {} if creating else snapshot(record, fields)
    before_emp = []
    if not creating and employers is not None:
        before_emp = sorted(record.employers.values_list("pk", flat=True))
    for field, value in clean.items():
        setattr(record, field, value)
    action = f"{kind}.{'create' if creating else 'update'}"
    with transaction.atomic():
        save_audited(
            actor,
            action,
            record,
            fields,
            before,
            request,
            employers=employers,
            employers_before=before_emp,
            **audit_at,
        )
    return record


# ---------------------------------------------------------------- employers

EMPLOYER_FIELDS = (
    "name",
    "credit_code",
    "ownership",
    "industry",
    "staff_count",
    "township",
    "industrial_park",
    "is_active",
    "org_id",
)


def _check_code_free(code: str, pk: int | None) -> None:
    if code and Employer.objects.filter(credit_code=code).exclude(pk=pk).exists():
        raise EmployerError({"credit_code": "该统一社会信用代码已登记，请勿重复登记"})


def employer_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Employer:
    """Register an employer served by `org` (inside the actor's scope)."""
    org = org_to_write(actor, org)
    clean, errors = clean_employer(data)
    if errors:
        raise EmployerError(errors)
    _check_code_free(clean["credit_code"], None)
    employer = Employer(org=org, created_by=actor if getattr(actor, "pk", None) else None, **clean)
    with transaction.atomic():
        save_audited(actor, "employer.create", employer, EMPLOYER_FIELDS, {}, request)
    return employer


def employer_update(
    *, actor: Actor, employer: Employer, data: dict[str, Any], request: HttpRequest | None = None
) -> Employer:
    """Partial update; `org` (a code or Organization) moves it to another union in scope."""
    access.ensure_org_in_scope(actor, employer.org, access.CHANGE)
    data = dict(data)
    new_org = data.pop("org", None)
    clean, errors = clean_employer(data, partial=True)
    if errors:
        raise EmployerError(errors)
    target = org_to_write(actor, new_org) if new_org else None
    if clean.get("credit_code"):
        _check_code_free(clean["credit_code"], employer.pk)
    before = snapshot(employer, EMPLOYER_FIELDS)
    with transaction.atomic():
        apply_in_scope(actor, employer, clean, target)
        save_audited(actor, "employer.update", employer, EMPLOYER_FIELDS, before, request)
    return employer


# ---------------------------------------------------------------- union founding

FOUNDING_FIELDS = (
    "founded_on",
    "union_id",
    "sign_hung",
    "identity_shown",
    "duties_shown",
    "home_rating",
    "notes",
)


def founding_save(
    *, actor: Actor, employer: Employer, data: dict[str, Any], request: HttpRequest | None = None
) -> UnionFounding:
    """Record (or change) the union founded in `employer`. `union` (a code) defaults to the
    employer's serving union and must be inside the actor's scope."""
    access.ensure_org_in_scope(actor, employer.org, access.CHANGE)
    data = dict(data)
    union = data.pop("union", None)
    existing = UnionFounding.objects.filter(employer=employer).first()
    clean, errors = clean_founding(data, partial=existing is not None)
    if errors:
        raise EmployerError(errors)
    union_org = org_to_write(actor, union) if union else None
    founding = existing or UnionFounding(employer=employer, union=union_org or employer.org)
    if union_org is not None:
        clean["union"] = union_org
    fields = FOUNDING_FIELDS
    return write_audited(actor, "founding", founding, clean, fields, request, target=employer)


def founding_delete(
    *, actor: Actor, employer: Employer, request: HttpRequest | None = None
) -> None:
    """Remove a founding recorded by mistake (audited)."""
    access.ensure_org_in_scope(actor, employer.org, access.CHANGE)
    founding = UnionFounding.objects.filter(employer=employer).first()
    if founding is None:
        return
    with transaction.atomic():
        before = snapshot(founding, FOUNDING_FIELDS)
        founding.delete()
        _audit(actor, "founding.delete", employer, employer.org, diff(before, {}), request)


# ---------------------------------------------------------------- wage agreements

AGREEMENT_FIELDS = (
    "kind",
    "title",
    "signed_on",
    "term_start",
    "term_end",
    "workers_covered",
    "wage_increase_pct",
    "notes",
    "org_id",
)


def employers_in_scope(actor: Actor, ids: Any, field: str = "employers") -> list[Employer]:
    """Employer ids (list or comma text) the actor may change; any other is a field error."""
    if ids in (None, ""):
        return []
    if isinstance(ids, str):
        ids = [part for part in ids.replace("，", ",").split(",") if part.strip()]
    try:
        wanted = sorted({int(str(i).strip()) for i in ids})
    except (TypeError, ValueError):
        raise EmployerError({field: "应为企业编号列表"}) from None
    found = list(access.restrict(Employer.objects.filter(pk__in=wanted), actor, access.CHANGE))
    missing = sorted(set(wanted) - {e.pk for e in found})
    if missing:
        shown = "、".join(str(i) for i in missing)
        raise EmployerError({field: f"企业编号 {shown} 不存在或无权访问"})
    return found


def replace_employers(
    record: Any, employers: list[Employer] | None, changes: dict[str, Any], *, before: list[int]
) -> None:
    """Set a record's `employers` when a list was sent (None: leave them), and note a change
    in `changes` as [ids before, ids after] for the audit row."""
    if employers is None:
        return
    record.employers.set(employers)
    after = sorted(e.pk for e in employers)
    if after != before:
        changes["employers"] = [before, after]


def _agreement_write(actor, agreement, data, request, *, creating: bool) -> WageAgreement:
    data = dict(data)
    new_org = data.pop("org", None)
    employer_ids = data.pop("employers", None)
    clean, errors = clean_agreement(data, partial=not creating)
    if not creating:
        merged = {"term_start": agreement.term_start, "term_end": agreement.term_end} | clean
        if merged["term_end"] < merged["term_start"]:
            errors["term_end"] = "期限止不能早于期限起"
    if errors:
        raise EmployerError(errors)
    employers = employers_in_scope(actor, employer_ids) if employer_ids is not None else None
    kind, fields = "wage_agreement", AGREEMENT_FIELDS
    return write_audited(
        actor, kind, agreement, clean, fields, request, new_org=new_org, employers=employers
    )


def agreement_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> WageAgreement:
    """Record a wage agreement concluded by `org`; `employers` lists covered employer ids."""
    org = org_to_write(actor, org)
    return _agreement_write(actor, WageAgreement(org=org), data, request, creating=True)


def agreement_update(
    *,
    actor: Actor,
    agreement: WageAgreement,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> WageAgreement:
    access.ensure_org_in_scope(actor, agreement.org, access.CHANGE)
    return _agreement_write(actor, agreement, data, request, creating=False)


# ---------------------------------------------------------------- medical mutual

ENROLMENT_FIELDS = ("year", "shares", "amount", "notes", "org_id", "employer_id")


def enrolment_save(
    *,
    actor: Actor,
    org: Organization | str | None = None,
    employer: Employer | None = None,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> MutualMedicalEnrolment:
    """Record an employer's shares for a year (replacing that year's figure), or a union's
    shares without an employer. The enrolment belongs to the employer's serving union."""
    if employer is not None:
        access.ensure_org_in_scope(actor, employer.org, access.CHANGE)
        target = employer.org
    elif org:
        target = org_to_write(actor, org)
    else:
        raise EmployerError({"org": "请填写工会或企业"})
    clean, errors = clean_enrolment(data)
    if errors:
        raise EmployerError(errors)
    existing = None
    if employer is not None:
        existing = MutualMedicalEnrolment.objects.filter(
            employer=employer, year=clean["year"]
        ).first()
    enrolment = existing or MutualMedicalEnrolment(org=target, employer=employer)
    kind, fields = "medical_mutual", ENROLMENT_FIELDS
    return write_audited(actor, kind, enrolment, clean, fields, request, org=target)


def enrolment_delete(
    *, actor: Actor, enrolment: MutualMedicalEnrolment, request: HttpRequest | None = None
) -> None:
    access.ensure_org_in_scope(actor, enrolment.org, access.CHANGE)
    with transaction.atomic():
        before = snapshot(enrolment, ENROLMENT_FIELDS)
        pk, org = enrolment.pk, enrolment.org
        enrolment.delete()
        enrolment.pk = pk
        _audit(actor, "medical_mutual.delete", enrolment, org, diff(before, {}), request)
