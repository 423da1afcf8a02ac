"""Member self-service on a phone (/training/my/: open courses, enrol, my hours and
certificates), certificate downloads, and the public verification page (no login)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kesu.core.proxies import client_ip
from kesu.orgs import access
from kesu.training import enrolling, selectors
from kesu.training.certificates import (
    certificate_download as certificate_issue_and_audit,
)
from kesu.training.certificates import certificate_pdf_bytes, certificate_verify
from kesu.training.models import Course, Enrolment
from kesu.training.ratelimit import verify_allowed
from kesu.web.pages import outcome, post_action


@login_required
@require_GET
def my(request):
    member = enrolling.login_member(request.user)
    ctx = {"member": member}
    if member is not None:
        ctx["mine"] = selectors.member_enrolments(member)
        ctx["open_courses"] = list(selectors.courses_open_for(member)[:50])
    return render(request, "training/my.html", ctx)


@login_required
@require_POST
def my_enrol(request, pk: int):
    course = Course.objects.select_related("org").filter(pk=pk).first()
    if course is None:
        raise access.NotFound()
    return post_action(
        request,
        lambda: enrolling.enrol_self(user=request.user, course=course, request=request),
        success=_("报名成功：%(title)s") % {"title": course.title},
        to=reverse("training:my"),
    )


def _enrolment_for_download(user, pk: int) -> Enrolment:
    """Staff see enrolments of their subtree; a member only their own (else 404)."""
    qs = Enrolment.objects.select_related("course", "course__org", "member")
    if access.can(user, access.VIEW):
        return access.get_for_user(qs, user, org_field="course__org", pk=pk)
    member_id = getattr(user, "member_id", None)
    enrolment = qs.filter(pk=pk, member_id=member_id).first() if member_id else None
    if enrolment is None:
        raise access.NotFound()
    return enrolment


@login_required
@require_POST
def enrolment_cancel(request, pk: int):
    enrolment = _enrolment_for_download(request.user, pk)
    try:
        return post_action(
            request,
            lambda: enrolling.enrolment_cancel(
                actor=request.user, enrolment=enrolment, request=request
            ),
            success=_("已取消报名：%(name)s") % {"name": enrolment.member.name},
            to=_back(request, enrolment),
        )
    except access.Forbidden as exc:  # a member's page, outside web_view: the same 403
        raise PermissionDenied(exc.message) from None


def _back(request, enrolment: Enrolment) -> str:
    """Staff go back to the course, a member to their own training page."""
    if access.can(request.user, access.VIEW):
        return reverse("training:detail", args=[enrolment.course_id])
    return reverse("training:my")


@login_required
@require_GET
def certificate_download(request, pk: int):
    enrolment = _enrolment_for_download(request.user, pk)
    cert, refused = outcome(
        lambda: certificate_issue_and_audit(
            actor=request.user, enrolment=enrolment, request=request
        )
    )
    if refused:  # a download: the refusal goes back to the page it came from
        messages.error(request, refused)
        return redirect(_back(request, enrolment))
    verify_url = request.build_absolute_uri(reverse("training:verify_code", args=[cert.code]))
    pdf = certificate_pdf_bytes(cert, verify_url=verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{cert.code}.pdf"'
    return response


@require_http_methods(["GET"])
def verify(request):
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("training:verify_code", code=code[:40])
    return render(request, "training/verify.html", {})


@require_http_methods(["GET"])
def verify_code(request, code: str):
    if not verify_allowed(client_ip(request)):
        return render(
            request,
            "training/verify.html",
            {"code": code, "error": _("查询过于频繁，请稍后再试。")},
            status=429,
        )
    result = certificate_verify(code)
    if result is None:
        return render(
            request,
            "training/verify.html",
            {"code": code, "error": _("未找到该证书编号，请核对后重新输入。")},
            status=404,
        )
    return render(request, "training/verify.html", {"code": code, "result": result})
