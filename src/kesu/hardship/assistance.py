"""Writes to the assistance ledger (帮扶台账) and the funds (资金来源、到账)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from kesu.activities.models import Campaign
from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.employers.models import Employer
from kesu.hardship.models import (
    AdmissionLevel,
    Assistance,
    AssistanceKind,
    FundingSource,
    FundKind,
    FundReceipt,
    HardshipCase,
    RecipientKind,
    Status,
)
from kesu.hardship.services import require_writer
from kesu.hardship.validation import (
    HardshipError,
    choice,
    collect,
    collect_valid,
    date,
    integer,
    money,
    required_text,
    text,
)
from kesu.members.models import Member
from kesu.orgs import access
from kesu.orgs.models import Organization


def _require_writer(actor: Actor, org: Organization) -> None:
    require_writer(actor, org, refusal="当前角色无权登记帮扶记录")


def _linked(actor: Actor, qs: Any, value: Any, field: str, label: str, org_field: str = "org"):
    if isinstance(value, qs.model):
        value = value.pk
    raw = text(value)
    if not raw:
        return None
    found = (
        access.restrict(qs, actor, org_field=org_field).filter(pk=raw).first()
        if raw.isdigit()
        else None
    )
    if found is None:
        raise HardshipError({field: f"{label}编号“{raw}”不存在或无权访问"})
    return found


def _campaign(org: Organization, value: Any) -> Campaign | None:
    """A campaign launched by `org` itself or one of its ancestors (the 送温暖 of the city
    union gathers the districts' records)."""
    raw = text(value.pk if isinstance(value, Campaign) else value)
    if not raw:
        return None
    ancestors = [org.path[: i + 1] for i, ch in enumerate(org.path) if ch == "/" and i]
    found = (
        Campaign.objects.filter(pk=raw, org__path__in=ancestors).first() if raw.isdigit() else None
    )
    if found is None:
        raise HardshipError({"campaign": f"活动编号“{raw}”不存在或不属于本组织及上级"})
    return found


_PARSERS = {
    "kind": lambda v: choice(v, AssistanceKind, "帮扶类型"),
    "given_on": lambda v: date(v, "日期"),
    "amount": lambda v: money(v, "金额", required=False) or 0,
    "goods": lambda v: text(v)[:200],
    "goods_value": lambda v: money(v, "物资折价", required=False) or 0,
    "recipient_kind": lambda v: choice(v, RecipientKind, "对象类型"),
    "recipients": lambda v: integer(v if text(v) else 1, "对象数", minimum=1, maximum=1_000_000),
    "group_name": lambda v: text(v)[:100],
    "description": lambda v: text(v)[:500],
    "student_name": lambda v: text(v)[:60],
    "school": lambda v: text(v)[:120],
    "admission_level": lambda v: choice(v, AdmissionLevel, "录取层次", required=False),
}


def assistance_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> Assistance:
    """Record assistance given by `org`. `date` (or given_on) is the day; recipient_kind says
    what `recipients` counts; case/member/employer/campaign/funding_source are ids."""
    _require_writer(actor, org)
    data = dict(data)
    if "date" in data and "given_on" not in data:
        data["given_on"] = data.pop("date")
    clean, errors = collect(data, _PARSERS, partial=False)
    links: dict[str, Any] = {}
    specs = (
        ("case", HardshipCase.objects.select_related("org", "applicant"), "困难档案", "org"),
        ("member", Member.objects.select_related("org"), "会员", "org"),
        ("employer", Employer.objects.select_related("org"), "企业", "org"),
        ("funding_source", FundingSource.objects.all(), "资金来源", "org"),
    )
    for field, qs, label, org_field in specs:
        try:
            links[field] = _linked(actor, qs, data.get(field), field, label, org_field)
        except HardshipError as exc:
            errors.update(exc.errors)
    try:
        links["campaign"] = _campaign(org, data.get("campaign"))
    except HardshipError as exc:
        errors.update(exc.errors)
    if errors:
        raise HardshipError(errors)
    _check_recipient(clean, links, errors)
    if errors:
        raise HardshipError(errors)
    record = Assistance(org=org, created_by=actor if actor.pk else None, **clean, **links)
    with transaction.atomic():
        if record.case is not None:
            locked = HardshipCase.objects.select_for_update().get(pk=record.case.pk)
            if locked.status == Status.CLOSED:
                raise HardshipError({"case": f"档案（编号 {locked.pk}）已销档，不能再登记帮扶"})
        record.save()
        audit_object(
            actor,
            "assistance.create",
            record,
            {
                "kind": [None, record.kind],
                "amount": [None, str(record.amount)],
                "recipients": [None, record.recipients],
                "case": [None, record.case_id],
            },
            request,
            target_type="assistance",
            org=org,
        )
    return record


def _check_recipient(clean: dict[str, Any], links: dict[str, Any], errors: dict) -> None:
    kind = clean["recipient_kind"]
    case, member, employer = links["case"], links["member"], links["employer"]
    if case is not None and case.status == Status.CLOSED:
        errors["case"] = f"档案（编号 {case.pk}）已销档，不能再登记帮扶"
    if kind == RecipientKind.HOUSEHOLD and case is None:
        errors["case"] = "对象类型为困难家庭时须选择困难档案"
    if kind == RecipientKind.MEMBER and member is None and case is None:
        errors["member"] = "对象类型为职工时须选择职工（会员）或困难档案"
    if kind in (RecipientKind.MEMBER, RecipientKind.HOUSEHOLD) and clean["recipients"] != 1:
        errors["recipients"] = "单个职工或家庭的对象数应为1；多人请按群体登记或逐条登记"
    if kind == RecipientKind.EMPLOYER and employer is not None and clean["recipients"] != 1:
        errors["recipients"] = "选择了具体企业时对象数应为1"
    if kind == RecipientKind.GROUP and not clean["group_name"]:
        errors["group_name"] = "请填写群体名称，如困难乡村保洁员、孤儿/五保户、困难劳模"
    if case is not None and member is None:
        links["member"] = case.applicant
    if clean["kind"] == AssistanceKind.GOLDEN_AUTUMN:
        if clean["recipients"] == 1 and not clean["student_name"]:
            errors["student_name"] = "金秋助学请填写学生姓名"
    if clean["goods_value"] and not clean["goods"]:
        errors["goods"] = "填写了物资折价，请说明物资内容"
    if not clean["amount"] and not clean["goods"]:
        errors["amount"] = "请填写金额或物资"


_SOURCE_PARSERS = {
    "name": lambda v: required_text(v, "名称", 120),
    "kind": lambda v: choice(v, FundKind, "来源类型"),
    "notes": lambda v: text(v)[:300],
}
_RECEIPT_PARSERS = {
    "received_on": lambda v: date(v, "到账日期"),
    "amount": lambda v: money(v, "金额"),
    "notes": lambda v: text(v)[:300],
}


def _funding_source(source: FundingSource) -> dict[str, Any]:
    """How the audit log names a funding source: by its name, at its organisation."""
    return {"target_type": "funding_source", "label": source.name, "org": source.org}


def source_create(
    *, actor: Actor, org: Organization, data: dict[str, Any], request: HttpRequest | None = None
) -> FundingSource:
    _require_writer(actor, org)
    clean = collect_valid(data, _SOURCE_PARSERS)
    source = FundingSource(org=org, **clean)
    with transaction.atomic():
        source.save()
        changes = {"name": [None, source.name], "kind": [None, source.kind]}
        audit_object(
            actor, "fund.source_create", source, changes, request, **_funding_source(source)
        )
    return source


def receipt_add(
    *, actor: Actor, source: FundingSource, data: dict[str, Any], request: HttpRequest | None = None
) -> FundReceipt:
    """Money raised for `source` (筹集/到账)."""
    _require_writer(actor, source.org)
    clean = collect_valid(data, _RECEIPT_PARSERS)
    receipt = FundReceipt(source=source, **clean)
    with transaction.atomic():
        receipt.save()
        changes = {"receipt": [None, f"{receipt.received_on} {receipt.amount}"]}
        audit_object(actor, "fund.receipt_add", source, changes, request, **_funding_source(source))
    return receipt


def assistance_delete(
    *, actor: Actor, record: Assistance, reason: str, request: HttpRequest | None = None
) -> None:
    """Withdraw a wrong entry (撤销) with a reason; the audit row keeps what it said."""
    _require_writer(actor, record.org)
    reason = text(reason)[:300]
    if not reason:
        raise HardshipError({"reason": "请填写撤销原因"})
    with transaction.atomic():
        audit_object(
            actor,
            "assistance.delete",
            record,
            {
                "kind": [record.kind, None],
                "amount": [str(record.amount), None],
                "recipients": [record.recipients, None],
                "case": [record.case_id, None],
                "given_on": [str(record.given_on), None],
                "reason": [None, reason],
            },
            request,
            target_type="assistance",
        )
        record.delete()
