"""Certificates of completion (结业证书): issued for completed enrolments only, printed as
PDF with an unguessable verification code, checked on a public page that reveals only the
masked name, the course title and the date."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from kesu.audit.writes import audit_object
from kesu.core.actors import Actor
from kesu.core.pdf import certificate_pdf
from kesu.core.text import mask_name
from kesu.orgs import access
from kesu.training.models import Certificate, Course, Enrolment
from kesu.training.progress import Progress, enrolment_progress, progress_for
from kesu.training.validation import TrainingError

# 31 symbols without look-alikes (no 0/O, 1/I/L): 12 of them are about 59 bits.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in str(raw or "").upper() if ch.isalnum())[:20]


def _create(enrolment: Enrolment, progress: Progress, actor: Actor) -> Certificate:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    enrolment=enrolment,
                    code=new_code(),
                    hours=progress.hours,
                    completed_on=progress.completed_on,
                    issued_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            existing = Certificate.objects.filter(enrolment=enrolment).first()
            if existing is not None:  # issued concurrently
                return existing
    raise RuntimeError("could not draw a unique certificate code")


def certificate_for(enrolment: Enrolment, *, actor: Actor | None = None) -> Certificate:
    """The enrolment's certificate, issued now if the member has completed the course."""
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    progress = enrolment_progress(enrolment)
    if not progress.completed:
        raise TrainingError({"certificate": "尚未达到结业要求，暂不能发放结业证书"})
    return _create(enrolment, progress, actor)


def certificate_download(
    *, actor: Actor, enrolment: Enrolment, request: HttpRequest | None = None
) -> Certificate:
    """The certificate to print (issued now when due); the download of a document naming a
    member is audited."""
    with transaction.atomic():
        certificate = certificate_for(enrolment, actor=actor)
        audit_object(
            actor,
            "certificate.download",
            certificate,
            {"enrolment": enrolment.pk, "member_id": enrolment.member_id},
            request,
            label=f"{certificate.code} {enrolment.course.title}",
            org=enrolment.course.org,
        )
    return certificate


def certificates_issue(*, actor: Actor, course: Course, request: HttpRequest | None = None) -> int:
    """Staff action: issue certificates to every member who completed and has none yet."""
    access.ensure_org_in_scope(actor, course.org, access.CHANGE)
    pending = Enrolment.objects.filter(course=course, certificate__isnull=True)
    progress = progress_for(pending)
    enrolments = {e.pk: e for e in pending}
    issued = 0
    with transaction.atomic():
        for pk, p in progress.items():
            if p.completed:
                _create(enrolments[pk], p, actor)
                issued += 1
        audit_object(
            actor, "certificate.issue", course, {"issued": issued}, request, label=course.title
        )
    return issued


def certificate_pdf_bytes(certificate: Certificate, *, verify_url: str = "") -> bytes:
    enrolment = certificate.enrolment
    course = enrolment.course
    hours = f"{certificate.hours.normalize():f}"
    return certificate_pdf(
        title="结业证书",
        recipient=enrolment.member.name,
        lines=[
            f"参加“{course.title}”培训，",
            f"累计完成 {hours} 学时，成绩合格，准予结业。",
            f"结业日期：{certificate.completed_on:%Y年%m月%d日}",
        ],
        issuer=course.org.name,
        issued_on=f"{certificate.issued_at:%Y年%m月%d日}",
        code=certificate.code,
        verify_hint=f"查验：{verify_url}" if verify_url else "",
    )


@dataclass(frozen=True)
class Verification:
    """All the public page may show."""

    code: str
    name: str  # masked
    course: str
    completed_on: str


def certificate_verify(raw_code: str) -> Verification | None:
    code = normalise_code(raw_code)
    if len(code) < CODE_LENGTH:
        return None
    cert = (
        Certificate.objects.select_related("enrolment__member", "enrolment__course")
        .filter(code=code)
        .first()
    )
    if cert is None:
        return None
    return Verification(
        code=cert.code,
        name=mask_name(cert.enrolment.member.name),
        course=cert.enrolment.course.title,
        completed_on=cert.completed_on.isoformat(),
    )


def certificates_of(enrolments: QuerySet[Enrolment]) -> dict[int, Certificate]:
    return {c.enrolment_id: c for c in Certificate.objects.filter(enrolment__in=enrolments)}
