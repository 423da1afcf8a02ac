"""Summary drafts (the user's narrative per reporting period, versioned and autosaved) and
uploaded Word templates."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.errors import ServiceError
from kesu.orgs import access
from kesu.orgs.models import Organization
from kesu.reports.models import SummaryDraft, SummaryTemplate, WorkSummary
from kesu.reports.periods import Period, natural_period
from kesu.reports.summary import STYLES, Narrative, Paragraph, Section, Summary
from kesu.reports.summary_docx import TemplateInvalid, check_template, render_docx

NARRATIVE_FIELDS = ("opening", "extra", "problems", "next_plan")
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024
# An autosave amends the latest version while the same user keeps typing; after this pause
# (or a manual save, or another user's edit) the next autosave starts a new version.
AMEND_WINDOW = dt.timedelta(minutes=10)


class DraftError(ServiceError):
    """A refused draft or template action (message in Chinese, the field it concerns)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message, field=field or None)


def _require(user: Actor, org: Organization) -> None:
    access.require(user, access.VIEW)
    if not access.orgs_for(user).filter(pk=org.pk).exists():
        raise access.NotFound()


def _containing(org: Organization, start: dt.date, end: dt.date) -> WorkSummary | None:
    """The saved summary of `org` for the period of start…end: the natural period's own, else
    the narrowest saved period that holds the range."""
    natural = natural_period(start, end)
    own = WorkSummary.objects.filter(org=org, start=natural.start, end=natural.end).first()
    if own is not None:
        return own
    holding = WorkSummary.objects.filter(org=org, start__lte=start, end__gte=end)
    return min(holding, key=lambda s: (s.end - s.start, s.pk), default=None)


def summary_for(
    *, user: Actor, org: Organization, start: dt.date, end: dt.date
) -> WorkSummary | None:
    """The saved summary whose period holds start…end, if any (VIEW within scope)."""
    _require(user, org)
    return _containing(org, start, end)


def period_of(summary: WorkSummary | None, start: dt.date, end: dt.date) -> Period:
    """The period a draft for start…end belongs to: the found summary's, else the natural one."""
    if summary is None:
        return natural_period(start, end)
    return Period(summary.period, summary.start, summary.end)


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


def _amendable(
    latest: SummaryDraft | None, actor: Actor, now: dt.datetime, base: int | None
) -> bool:
    """Amend only the version the text was typed over (`base`): text typed over an older
    version, or over a version someone saved since, becomes a version of its own."""
    return (
        latest is not None
        and base == latest.version
        and latest.autosaved
        and latest.created_by_id == getattr(actor, "pk", None)
        and now - latest.updated_at < AMEND_WINDOW
    )


def _locked_summary(actor: Actor, org: Organization, start: dt.date, end: dt.date, style: str):
    access.ensure_org_in_scope(actor, org, access.CHANGE)
    if style not in STYLES:
        raise DraftError("数字写法无效", "style")
    summary = _containing(org, start, end)
    if summary is None:
        period = natural_period(start, end)
        summary, _ = WorkSummary.objects.get_or_create(
            org=org,
            start=period.start,
            end=period.end,
            defaults={"style": style, "created_by": actor, "period": period.kind},
        )
    summary = WorkSummary.objects.select_for_update().get(pk=summary.pk)
    if summary.style != style:
        summary.style = style
        summary.save(update_fields=["style", "updated_at"])
    return summary


@transaction.atomic
def draft_save(
    *,
    actor: Actor,
    org: Organization,
    start: dt.date,
    end: dt.date,
    style: str,
    narrative: Narrative,
    note: str = "",
    autosave: bool = False,
    base: int | None = None,
) -> SummaryDraft:
    """Save the narrative in the draft of the period holding start…end.

    A manual save makes a new version (the same text as the latest: none, the latest keeps
    it and loses its autosave mark); an autosave amends the latest version when it is the
    same user's autosave from less than AMEND_WINDOW ago and the text was typed over it
    (`base`, the version the page showed), else starts a new one.
    """
    summary = _locked_summary(actor, org, start, end, style)
    now = timezone.now()
    latest = draft_get(summary)
    texts = {name: getattr(narrative, name).strip() for name in NARRATIVE_FIELDS}
    if latest is not None and narrative_of(latest) == Narrative(**texts):
        if not autosave and latest.autosaved:
            latest.autosaved, latest.note = False, note.strip()[:200] or latest.note
            latest.save(update_fields=["autosaved", "note"])
        return latest
    if autosave and _amendable(latest, actor, now, base):
        for name, text in texts.items():
            setattr(latest, name, text)
        latest.updated_at = now
        latest.save(update_fields=[*NARRATIVE_FIELDS, "updated_at"])
        return latest
    return _new_version(actor, summary, texts, note=note, autosave=autosave, now=now)


def _new_version(
    actor: Actor,
    summary: WorkSummary,
    texts: dict[str, str],
    *,
    note: str,
    autosave: bool,
    now: dt.datetime,
) -> SummaryDraft:
    number = (summary.drafts.aggregate(n=Max("version"))["n"] or 0) + 1
    draft = SummaryDraft.objects.create(
        summary=summary,
        version=number,
        note=note.strip()[:200],
        created_by=actor,
        autosaved=autosave,
        updated_at=now,
        **texts,
    )
    period = Period(summary.period, summary.start, summary.end)
    audit_object(
        actor,
        "summary.draft",
        summary,
        target_type="work_summary",
        label=f"{summary.org.name} {period.name} 第{number}版",
    )
    return draft


@transaction.atomic
def draft_restore(*, actor: Actor, summary: WorkSummary, version: int) -> SummaryDraft:
    """Make an earlier version's text the latest again (as a new version; none is lost)."""
    access.ensure_org_in_scope(actor, summary.org, access.CHANGE)
    summary = WorkSummary.objects.select_for_update().get(pk=summary.pk)
    old = draft_get(summary, version)
    if old is None:
        raise DraftError(f"没有第{version}版草稿", "version")
    texts = {name: getattr(old, name) for name in NARRATIVE_FIELDS}
    latest = draft_get(summary)
    if latest is not None and narrative_of(latest) == Narrative(**texts):
        return latest
    return _new_version(
        actor, summary, texts, note=f"恢复第{version}版", autosave=False, now=timezone.now()
    )


def draft_list(summary: WorkSummary | None) -> list[SummaryDraft]:
    if summary is None:
        return []
    return list(summary.drafts.select_related("created_by").order_by("-version"))


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


def summary_docx(summary: Summary, org: Organization, *, mark: str = "") -> bytes:
    """The summary as Word through the nearest uploaded template (or the shipped one); a
    stored template that is now refused (the sandbox checks it at every render) raises
    DraftError saying which template to replace."""
    template = template_for(org)
    if template is None:
        return render_docx(summary, mark=mark)
    with template.file.open("rb") as fh:
        data = fh.read()
    try:
        return render_docx(summary, data, mark=mark)
    except TemplateInvalid as exc:
        raise DraftError(
            f"{exc}。请在“总结模板”页停用或重新上传“{template.name}”（{template.org.name}）", "file"
        ) from None


def _sample(org: Organization) -> Summary:
    today = timezone.localdate()
    return Summary(
        org=org,
        start=today,
        end=today,
        style="exact",
        title="示例标题",
        opening=Paragraph("示例开篇。"),
        sections=(Section("一", "示例工作", (Paragraph("一是示例。"),)),),
    )


@transaction.atomic
def template_upload(
    *, actor: Actor, org: Organization, name: str, filename: str, data: bytes
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
    audit_object(
        actor,
        "summary.template",
        template,
        target_type="summary_template",
        label=template.name,
        org=org,
    )
    return template


def template_deactivate(*, actor: Actor, template: SummaryTemplate) -> None:
    access.ensure_org_in_scope(actor, template.org, access.CHANGE)
    template.is_active = False
    template.save(update_fields=["is_active"])
    audit_object(
        actor, "summary.template_off", template, target_type="summary_template", label=template.name
    )
