"""Summary drafts (the user's narrative, versioned) and uploaded Word templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kesu.audit.services import audit_record
from kesu.core.errors import ServiceError
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.reports.models import SummaryDraft, SummaryTemplate, WorkSummary
from kesu.reports.summary import STYLES, Narrative, Paragraph, Section, Summary
from kesu.reports.summary_docx import TemplateInvalid, check_template, render_docx

NARRATIVE_FIELDS = ("opening", "extra", "problems", "next_plan")
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024


class DraftError(ServiceError):
    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message, field=field or None)


def summary_for(
    *, user: Any, org: Organization, start: dt.date, end: dt.date
) -> WorkSummary | None:
    """The saved summary of this scope and period, if any (VIEW within scope)."""
    access.require(user, access.VIEW)
    if not access.orgs_for(user).filter(pk=org.pk).exists():
        raise access.NotFound()
    return WorkSummary.objects.filter(org=org, start=start, end=end).first()


def draft_get(summary: WorkSummary | None, version: int | None = None) -> SummaryDraft | None:
    """A given version of the summary's narrative, or the latest one."""
    if summary is None:
        return None
    drafts = summary.drafts.all()
    if version is not None:
        return drafts.filter(version=version).first()
    return drafts.order_by("-version").first()


def narrative_of(draft: SummaryDraft | None) -> Narrative:
    if draft is None:
        return Narrative()
    return Narrative(**{name: getattr(draft, name) for name in NARRATIVE_FIELDS})


@transaction.atomic
def draft_save(
    *,
    actor: Any,
    org: Organization,
    start: dt.date,
    end: dt.date,
    style: str,
    narrative: Narrative,
    note: str = "",
) -> SummaryDraft:
    """Save the narrative as the next version (the same text as the latest: no new version)."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    if style not in STYLES:
        raise DraftError("数字写法无效", "style")
    summary, _ = WorkSummary.objects.get_or_create(
        org=org, start=start, end=end, defaults={"style": style, "created_by": actor}
    )
    summary = WorkSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.style != style:
        summary.style = style
        summary.save(update_fields=["style", "updated_at"])
    latest = draft_get(summary)
    if latest is not None and narrative_of(latest) == narrative:
        return latest
    number = (summary.drafts.aggregate(n=Max("version"))["n"] or 0) + 1
    draft = SummaryDraft.objects.create(
        summary=summary, version=number, note=note.strip()[:200], created_by=actor,
        **{name: getattr(narrative, name).strip() for name in NARRATIVE_FIELDS},
    )  # fmt: skip
    audit_record(
        actor=actor, action="summary.draft", target_type="work_summary", target_id=summary.pk,
        target_repr=f"{org.name} {start}~{end} v{number}", org_path=org.path,
    )  # fmt: skip
    return draft


# --- templates --------------------------------------------------------------------------------


def template_for(org: Organization) -> SummaryTemplate | None:
    """The nearest active template uploaded by the organisation or one of its ancestors."""
    candidates = SummaryTemplate.objects.filter(is_active=True).select_related("org")
    best = None
    for template in candidates.filter(org__depth__lte=org.depth):
        if org.path.startswith(template.org.path) and (
            best is None or template.org.depth > best.org.depth
        ):
            best = template
    return best


def summary_docx(summary: Summary, org: Organization) -> bytes:
    """The summary as Word through the nearest uploaded template (or the shipped one); a
    stored template that is now refused (the sandbox checks it at every render) raises
    DraftError saying which template to replace."""
    template = template_for(org)
    if template is None:
        return render_docx(summary)
    with template.file.open("rb") as fh:
        data = fh.read()
    try:
        return render_docx(summary, data)
    except TemplateInvalid as exc:
        raise DraftError(
            f"{exc}。请在“总结模板”页停用或重新上传“{template.name}”（{template.org.name}）", "file"
        ) from None


def _sample(org: Organization) -> Summary:
    today = timezone.localdate()
    return Summary(
        org=org, start=today, end=today, style="exact", title="示例标题",
        opening=Paragraph("示例开篇。"),
        sections=(Section("一", "示例工作", (Paragraph("一是示例。"),)),),
    )  # fmt: skip


@transaction.atomic
def template_upload(
    *, actor: Any, org: Organization, name: str, filename: str, data: bytes
) -> SummaryTemplate:
    """Check and store a Word template for `org`'s subtree; it replaces the org's previous one."""
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    if not filename.lower().endswith(".docx"):
        raise DraftError("请上传 .docx 格式的 Word 模板（.doc 请先在 Word 中另存为 .docx）", "file")
    if len(data) > TEMPLATE_MAX_BYTES:
        raise DraftError("模板文件不能超过5MB", "file")
    try:
        check_template(data, _sample(org))
    except ValueError as exc:
        raise DraftError(str(exc), "file") from exc
    SummaryTemplate.objects.filter(org=org, is_active=True).update(is_active=False)
    template = SummaryTemplate(org=org, name=name.strip()[:120] or filename, uploaded_by=actor)
    template.file.save(f"{org.code}.docx", ContentFile(data), save=False)
    template.save()
    audit_record(
        actor=actor, action="summary.template", target_type="summary_template",
        target_id=template.pk, target_repr=template.name, org_path=org.path,
    )  # fmt: skip
    return template


def template_deactivate(*, actor: Any, template: SummaryTemplate) -> None:
    access.ensure_org_in_scope(actor, template.org, access.CHANGE)
    template.is_active = False
    template.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="summary.template_off", target_type="summary_template",
        target_id=template.pk, target_repr=template.name, org_path=template.org.path,
    )  # fmt: skip
