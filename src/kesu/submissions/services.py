"""Upward reporting: submit a period report (frozen figures + summary), return, accept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.indicators import selectors as indicator_selectors
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.reports import drafts
from kesu.reports.summary import MissingFigure, build_summary
from kesu.submissions.models import Submission


class SubmissionError(ServiceError):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message, field=field or None)


def _freeze(actor: Actor, org: Organization, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The figures and the summary as they stand now (what the parent will see)."""
    values = indicator_selectors.indicator_values(user=actor, org=org, start=start, end=end)
    figures = [
        {"code": v.code, "name": v.name, "unit": v.unit, "value": str(v.value)} for v in values
    ]
    saved = drafts.summary_for(user=actor, org=org, start=start, end=end)
    narrative = drafts.narrative_of(drafts.draft_get(saved))
    try:
        summary = build_summary(
            user=actor,
            org=org,
            start=start,
            end=end,
            style=saved.style if saved else "exact",
            narrative=narrative,
        )
    except MissingFigure as exc:
        raise SubmissionError(f"工作总结无法生成，不能报送：{exc}") from None
    if any(p.placeholder for s in summary.sections for p in s.paragraphs):
        raise SubmissionError(
            "请先在工作总结中填写“存在的问题”和“下一步工作计划”并保存草稿，再报送"
        )
    try:
        docx = drafts.summary_docx(summary, org)
    except drafts.DraftError as exc:
        raise SubmissionError(exc.message) from None
    return {
        "figures": figures,
        "summary_text": summary.text(),
        "docx": docx,
        "title": summary.title,
    }


@transaction.atomic
def submission_submit(
    *, actor: Actor, org: Organization, start: dt.date, end: dt.date, note: str = ""
) -> Submission:
    """Send `org`'s report for the period to its parent; resubmits a returned one."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    if org.parent_id is None:
        raise SubmissionError("最上级组织无需向上报送")
    if start > end:
        raise SubmissionError("截止日期不能早于开始日期", "to")
    existing = Submission.objects.select_for_update().filter(org=org, start=start, end=end).first()
    if existing is not None and existing.status != Submission.Status.RETURNED:
        raise SubmissionError(
            f"本期已报送（{existing.get_status_display()}），如需修改请联系上级退回"
        )
    frozen = _freeze(actor, org, start, end)
    submission = existing or Submission(org=org, parent_id=org.parent_id, start=start, end=end)
    if existing is not None:
        submission.revision += 1
    submission.status = Submission.Status.SUBMITTED
    submission.figures = frozen["figures"]
    submission.summary_text = frozen["summary_text"]
    submission.note = note.strip()
    submission.comment = ""
    submission.submitted_by, submission.submitted_at = actor, timezone.now()
    submission.reviewed_by, submission.reviewed_at = None, None
    submission.summary_docx.save(
        f"{org.code}-{start}-{end}.docx", ContentFile(frozen["docx"]), save=False
    )
    submission.save()
    audit_object(actor, "submission.submit", submission, label=frozen["title"], org=org)
    return submission


def _review(actor: Actor, submission: Submission) -> Submission:
    """Lock the submission; only the parent's side (its scope) may act on it."""
    access.ensure_org_in_scope(actor, submission.parent, access.CHANGE)
    if actor.org_id is not None and actor.org_id == submission.org_id:
        raise access.Forbidden("报送单位不能处理自己的报送")
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    if locked.status != Submission.Status.SUBMITTED:
        raise SubmissionError(f"该报送当前为“{locked.get_status_display()}”，不能再处理")
    return locked


@transaction.atomic
def submission_return(*, actor: Actor, submission: Submission, comment: str) -> Submission:
    if not comment.strip():
        raise SubmissionError("请填写退回意见，说明需要修改的内容", "comment")
    locked = _review(actor, submission)
    locked.status, locked.comment = Submission.Status.RETURNED, comment.strip()
    locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
    locked.save()
    audit_object(actor, "submission.return", locked, label=locked.comment[:100])
    return locked


@transaction.atomic
def submission_accept(*, actor: Actor, submission: Submission) -> Submission:
    locked = _review(actor, submission)
    locked.status = Submission.Status.ACCEPTED
    locked.reviewed_by, locked.reviewed_at = actor, timezone.now()
    locked.save()
    audit_object(actor, "submission.accept", locked)
    return locked
