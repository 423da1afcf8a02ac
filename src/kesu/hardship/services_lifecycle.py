"""A hardship file's life cycle and annual reviews; each write audited in its transaction.

Life cycle (TRANSITIONS): 已建档 → 帮扶中 → 解困脱困 → 已销档; a file may be closed from any
open state, and a household that falls back into hardship goes from 解困脱困 to 帮扶中 again.
A closed file is final (a new file is filed if the household needs help later). Temporary
files (临时档案) follow the same cycle and become regular through `case_make_regular`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.hardship.models import CaseEvent, HardshipCase, Review, Status
from kesu.hardship.services import CASE_TYPE, one_year_after, require_writer
from kesu.hardship.validation import HardshipError, choice, collect, date, money, text

TRANSITIONS: dict[str, set[str]] = {
    Status.FILED: {Status.ASSISTING, Status.OUT, Status.CLOSED},
    Status.ASSISTING: {Status.OUT, Status.CLOSED},
    Status.OUT: {Status.ASSISTING, Status.CLOSED},
    Status.CLOSED: set(),
}


def _event(
    actor: Actor, case: HardshipCase, to: str, reason: str, on: dt.date, request: Any, action: str
) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        on=on,
        from_status=case.status,
        to_status=to,
        reason=reason,
        actor=actor if actor.pk else None,
    )
    changes = {"status": [case.status, to], "reason": [None, reason], "on": [None, str(on)]}
    audit_object(actor, action, case, changes, request, target_type=CASE_TYPE)
    return event


def _reason_and_date(data: dict[str, Any], case: HardshipCase) -> tuple[str, dt.date]:
    reason = text(data.get("reason"))[:500]
    errors = {} if reason else {"reason": "请填写原因"}
    try:
        on = date(data.get("on"), "日期", required=False) or timezone.localdate()
    except ValueError as exc:
        errors["on"], on = str(exc), case.filed_on
    if not errors and on < case.filed_on:
        errors["on"] = f"日期不能早于建档日期 {case.filed_on}"
    if errors:
        raise HardshipError(errors)
    return reason, on


def case_transition(
    *, actor: Actor, case: HardshipCase, data: dict[str, Any], request: HttpRequest | None = None
) -> HardshipCase:
    """Move a file to `data["status"]` with `reason` (and `on`, default today); audited."""
    require_writer(actor, case.org)
    try:
        target = choice(data.get("status"), Status, "目标状态")
    except ValueError as exc:
        raise HardshipError({"status": str(exc)}) from None
    reason, on = _reason_and_date(data, case)
    with transaction.atomic():
        case = (
            HardshipCase.objects.select_for_update()
            .select_related("org", "applicant")
            .get(pk=case.pk)
        )
        if target not in TRANSITIONS[case.status]:
            allowed = "、".join(str(Status(s).label) for s in TRANSITIONS[case.status]) or "无"
            raise HardshipError(
                {
                    "status": (
                        f"档案当前状态为“{case.get_status_display()}”，不能转为“{Status(target).label}”"
                        f"（可转为：{allowed}）"
                    )
                }
            )
        last = case.events.order_by("-on").values_list("on", flat=True).first()
        if last and on < last:
            raise HardshipError({"on": f"日期不能早于上一次档案变动日期 {last}"})
        _event(actor, case, target, reason, on, request, "hardship.transition")
        case.status = target
        if target == Status.OUT:
            case.out_on = on
        elif target == Status.ASSISTING:
            case.out_on = None
        elif target == Status.CLOSED:
            case.closed_on = on
        case.save(update_fields=["status", "out_on", "closed_on", "updated_at"])
    return case


def case_make_regular(
    *, actor: Actor, case: HardshipCase, data: dict[str, Any], request: HttpRequest | None = None
) -> HardshipCase:
    """A temporary file (临时档案) becomes a regular one; the status is kept."""
    require_writer(actor, case.org)
    if not case.is_temporary:
        raise HardshipError({"is_temporary": "该档案不是临时档案"})
    if not case.is_open:
        raise HardshipError({"status": "档案已销档，不能转为正式档案"})
    reason, on = _reason_and_date(data, case)
    with transaction.atomic():
        _event(
            actor,
            case,
            case.status,
            f"临时档案转为正式档案：{reason}",
            on,
            request,
            "hardship.make_regular",
        )
        case.is_temporary = False
        case.save(update_fields=["is_temporary", "updated_at"])
    return case


def review_add(
    *, actor: Actor, case: HardshipCase, data: dict[str, Any], request: HttpRequest | None = None
) -> Review:
    """Record an annual review (复核); the next review falls due one year later."""
    require_writer(actor, case.org)
    if not case.is_open:
        raise HardshipError({"reviewed_on": "档案已销档，不能复核"})
    clean, errors = collect(
        data,
        {
            "reviewed_on": lambda v: date(v, "复核日期", required=False) or timezone.localdate(),
            "conclusion": lambda v: choice(v, Review.Conclusion, "复核结论"),
            "income_per_head": lambda v: money(v, "复核时月人均收入", required=False),
            "notes": lambda v: text(v)[:500],
        },
        partial=False,
    )
    if not errors and clean["reviewed_on"] < case.filed_on:
        errors["reviewed_on"] = f"复核日期不能早于建档日期 {case.filed_on}"
    if errors:
        raise HardshipError(errors)
    review = Review(case=case, reviewer=actor if actor.pk else None, **clean)
    with transaction.atomic():
        review.save()
        case.last_reviewed_on = max(case.last_reviewed_on or review.reviewed_on, review.reviewed_on)
        case.review_due_on = one_year_after(case.last_reviewed_on)
        case.save(update_fields=["last_reviewed_on", "review_due_on", "updated_at"])
        changes = {
            "review": [None, f"{review.reviewed_on} {review.get_conclusion_display()}"],
            "review_due_on": [None, str(case.review_due_on)],
        }
        audit_object(actor, "hardship.review", case, changes, request, target_type=CASE_TYPE)
    return review
